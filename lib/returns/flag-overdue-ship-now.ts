import { and, asc, eq, isNotNull, isNull, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { cases, returns } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { slaPatch } from '@/lib/cases/case-sla';
import { getSlaConfig } from '@/lib/sla/config';

const SYSTEM: Actor = { type: 'system' };
export const SHIP_NOW_OVERDUE_TAG = 'ship_now_overdue';

/** Ship-now returns whose old item has not arrived by the deadline and that are not flagged yet. */
function due(now: Date) {
  return and(
    eq(returns.shipNow, true),
    isNotNull(returns.shipNowDeadline),
    lte(returns.shipNowDeadline, now),
    isNull(returns.shipNowOverdueAt),
    isNull(returns.receivedAt),
    notInArray(returns.status, ['received', 'inspected', 'completed', 'rejected', 'canceled']),
  );
}

/**
 * The worker's ship-now sweep: a return whose exchange item went out first and whose old item has not arrived
 * by the deadline is flagged once — `ship_now_overdue_at` set, its case (re)opened at high priority with the
 * `ship_now_overdue` tag so an agent charges the exchange item — each in its own transaction with an audit row.
 * The row is locked and checked again, so a return received meanwhile is left alone.
 */
export async function flagOverdueShipNow(db: Db, options: { now?: Date; limit?: number } = {}): Promise<{ flagged: number }> {
  const now = options.now ?? new Date();
  const candidates = await db.select({ id: returns.id }).from(returns).where(due(now)).orderBy(asc(returns.shipNowDeadline)).limit(options.limit ?? 200);
  let flagged = 0;
  for (const { id } of candidates) {
    const done = await db.transaction(async (tx) => {
      const [r] = await tx.select().from(returns).where(and(eq(returns.id, id), due(now))).for('update');
      if (!r) return false;
      await tx.update(returns).set({ shipNowOverdueAt: now }).where(eq(returns.id, r.id));
      const [kase] = await tx.select().from(cases).where(eq(cases.returnId, r.id)).for('update').limit(1);
      if (kase) {
        const reopen = kase.status !== 'open' ? slaPatch(kase, { status: 'open' }, await getSlaConfig(tx), now) : {};
        await tx
          .update(cases)
          .set({
            ...reopen,
            priority: kase.priority === 'urgent' ? 'urgent' : 'high',
            tags: sql`array(select distinct unnest(${cases.tags} || array[${SHIP_NOW_OVERDUE_TAG}]::text[]))`,
            version: sql`${cases.version} + 1`,
            updatedAt: now,
          })
          .where(eq(cases.id, kase.id));
      }
      await recordEvent(tx, {
        actor: SYSTEM,
        type: 'return.ship_now_overdue',
        caseId: kase?.id ?? null,
        orderId: r.orderId,
        data: { returnId: r.id, rma: r.rmaNumber, deadline: r.shipNowDeadline!.toISOString(), exchangeShipmentId: r.exchangeShipmentId, ...(kase && kase.status !== 'open' ? { changes: { status: { from: kase.status, to: 'open' } } } : {}) },
      });
      return true;
    });
    if (done) flagged += 1;
  }
  return { flagged };
}
