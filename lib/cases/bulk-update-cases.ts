import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { cases, staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { getSlaConfig } from '@/lib/sla/config';
import { slaPatch } from './case-sla';
import { recordEvent, type RecordEventInput } from '@/lib/core/events';
import { type BulkInput, bulkSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/** Bulk assign, tag or close: all selected cases in one transaction, one audit row each. */
export async function bulkUpdateCases(ctx: Ctx, input: BulkInput): Promise<{ updated: number }> {
  authorize(ctx.actor, 'cases.work');
  const actor = ctx.actor;
  const { caseIds, action } = bulkSchema.parse(input);
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    if (action.kind === 'assign' && action.assigneeId) {
      const [target] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.id, action.assigneeId), isNull(staffUsers.disabledAt)));
      if (!target) throw new AppError('invalid_input', 'No such staff member');
    }
    const rows = await tx.select().from(cases).where(inArray(cases.id, [...new Set(caseIds)])).orderBy(cases.id).for('update');
    const config = action.kind === 'close' ? await getSlaConfig(tx) : null;
    let updated = 0;
    for (const row of rows) {
      let set: Partial<typeof cases.$inferInsert> | null = null;
      let data: Record<string, unknown> = {};
      if (action.kind === 'assign' && row.assigneeId !== action.assigneeId) {
        set = { assigneeId: action.assigneeId };
        data = { from: row.assigneeId, to: action.assigneeId, bulk: true };
      } else if (action.kind === 'tag' && !row.tags.includes(action.tag)) {
        set = { tags: [...row.tags, action.tag] };
        data = { caseId: row.id, source: 'staff', changes: { tags: { from: row.tags, to: [...row.tags, action.tag] } }, bulk: true };
      } else if (action.kind === 'close' && row.status !== 'closed') {
        set = slaPatch(row, { status: 'closed' }, config!, now);
        data = { caseId: row.id, source: 'staff', changes: { status: { from: row.status, to: 'closed' } }, bulk: true };
      }
      if (!set) continue;
      await tx
        .update(cases)
        .set({ ...set, version: sql`${cases.version} + 1`, updatedAt: now })
        .where(eq(cases.id, row.id));
      // `data` is built per action above (case.assigned or case.updated); the writer checks it against the type's schema.
      await recordEvent(tx, { actor, type: action.kind === 'assign' ? 'case.assigned' : 'case.updated', caseId: row.id, orderId: row.orderId, data } as RecordEventInput);
      updated++;
    }
    return { updated };
  });
}
