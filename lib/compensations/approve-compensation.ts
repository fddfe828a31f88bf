import { and, eq } from 'drizzle-orm';
import { compensations } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { issueCompensation } from './issue-compensation';
import { approveCompensationSchema, rejectCompensationSchema, type RejectCompensationInput } from './schemas';
import { authorize } from '@/lib/core/authorize';

/** An admin lets a compensation above an agent's limit go out: it is issued in the same transaction. */
export async function approveCompensation(ctx: Ctx, raw: { compensationId: string }): Promise<void> {
  const actor = authorize(ctx.actor, 'compensations.approve');
  const input = approveCompensationSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const [comp] = await tx.select().from(compensations).where(eq(compensations.id, input.compensationId)).for('update').limit(1);
    if (!comp) throw new AppError('not_found');
    if (comp.status !== 'pending_approval') throw new AppError('conflict', 'Already decided.');
    await recordEvent(tx, { actor, type: 'compensation.approved', caseId: comp.caseId, orderId: comp.orderId, data: { compensationId: comp.id, kind: comp.kind, amount: comp.amount } });
    await issueCompensation(tx, { compensationId: comp.id, actor, staffId: actor.staffId });
  });
}

/** An admin refuses it, with a reason the requesting agent sees on the case. Nothing reaches the customer. */
export async function rejectCompensation(ctx: Ctx, raw: RejectCompensationInput): Promise<void> {
  const actor = authorize(ctx.actor, 'compensations.approve');
  const input = rejectCompensationSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(compensations)
      .set({ status: 'rejected', rejectionReason: input.reason, approvedByStaffId: actor.staffId, approvedAt: new Date() })
      .where(and(eq(compensations.id, input.compensationId), eq(compensations.status, 'pending_approval')))
      .returning();
    const comp = rows[0];
    if (!comp) {
      const [exists] = await tx.select({ id: compensations.id }).from(compensations).where(eq(compensations.id, input.compensationId));
      throw new AppError(exists ? 'conflict' : 'not_found');
    }
    await recordEvent(tx, { actor, type: 'compensation.rejected', caseId: comp.caseId, orderId: comp.orderId, data: { compensationId: comp.id, kind: comp.kind, amount: comp.amount, reason: input.reason } });
  });
}
