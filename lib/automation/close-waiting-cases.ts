import { and, asc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { cases } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { slaPatch } from '@/lib/cases/case-sla';
import { queueCsatSurvey } from '@/lib/csat/queue-csat-survey';
import { getSlaConfig } from '@/lib/sla/config';

const SYSTEM: Actor = { type: 'system' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** Cases an automation rule marked "close after N days waiting on the customer" whose N days are up. */
function due(now: Date) {
  return and(
    eq(cases.status, 'waiting_customer'),
    isNotNull(cases.autoCloseAfterDays),
    isNotNull(cases.slaPausedAt),
    lte(cases.slaPausedAt, sql`${now.toISOString()}::timestamptz - make_interval(days => ${cases.autoCloseAfterDays}::int)`),
  );
}

/**
 * The worker's sweep: each due case is resolved in its own transaction (row locked and checked again, so a
 * customer answer that just arrived wins), with an `automation.auto_closed` audit row, `case.resolved` and the
 * satisfaction survey as when an agent resolves it. The wait is counted from when the case started waiting on
 * the customer (the SLA pause), in calendar days.
 */
export async function closeWaitingCases(db: Db, options: { now?: Date; limit?: number } = {}): Promise<{ closed: number }> {
  const now = options.now ?? new Date();
  const candidates = await db.select({ id: cases.id }).from(cases).where(due(now)).orderBy(asc(cases.slaPausedAt)).limit(options.limit ?? 200);
  let closed = 0;
  for (const { id } of candidates) {
    const done = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(cases).where(and(eq(cases.id, id), due(now))).for('update');
      if (!row) return false;
      const config = await getSlaConfig(tx);
      await tx
        .update(cases)
        .set({ ...slaPatch(row, { status: 'resolved' }, config, now), autoCloseAfterDays: null, version: sql`${cases.version} + 1`, updatedAt: now })
        .where(eq(cases.id, row.id));
      const waitedDays = Math.floor((now.getTime() - row.slaPausedAt!.getTime()) / DAY_MS);
      await recordEvent(tx, { actor: SYSTEM, type: 'automation.auto_closed', caseId: row.id, orderId: row.orderId, data: { days: row.autoCloseAfterDays, waitedDays, changes: { status: { from: row.status, to: 'resolved' } } } });
      await recordEvent(tx, { type: 'case.resolved', actor: SYSTEM, caseId: row.id, data: { caseId: row.id, orderId: row.orderId } });
      await queueCsatSurvey(tx, { caseId: row.id, actor: SYSTEM });
      return true;
    });
    if (done) closed += 1;
  }
  return { closed };
}
