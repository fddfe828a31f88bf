import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { cases } from '@/db/schema';
import { getSlaConfig } from '@/lib/sla/config';
import { nextRoundRobinAgent } from './auto-assign';
import { recordEvent } from '@/lib/core/events';

/**
 * Worker job: an assigned open case without a first response for `reassignAfterMinutes` (counted
 * from its last assignment) goes to the next available agent. Off when the setting is 0.
 */
export async function reassignUnanswered(db: Db, now: Date = new Date()): Promise<number> {
  const { settings } = await getSlaConfig(db);
  if (!settings.reassignAfterMinutes) return 0;
  const cutoff = new Date(now.getTime() - settings.reassignAfterMinutes * 60_000).toISOString();
  const due = await db.execute<{ id: string }>(sql`
    select c.id from cases c
    where c.status = 'open' and c.first_responded_at is null and c.assignee_id is not null
      and coalesce((select max(e.occurred_at) from domain_events e where e.case_id = c.id and e.audience = 'audit' and e.type in ('case.assigned', 'case.transferred', 'case.reassigned')), c.created_at) <= ${cutoff}::timestamptz
    order by c.created_at limit 100`);
  let moved = 0;
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
      if (!row || row.firstRespondedAt || row.status !== 'open' || !row.assigneeId) return;
      const next = await nextRoundRobinAgent(tx, { excludeStaffId: row.assigneeId });
      if (!next) return;
      await tx
        .update(cases)
        .set({ assigneeId: next, version: sql`${cases.version} + 1`, updatedAt: now })
        .where(and(eq(cases.id, id), eq(cases.version, row.version)));
      await recordEvent(tx, { actor: { type: 'system' }, type: 'case.reassigned', caseId: id, orderId: row.orderId, data: { from: row.assigneeId, to: next, reason: 'no_first_response' } });
      moved++;
    });
  }
  return moved;
}
