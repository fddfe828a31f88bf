import { eq } from 'drizzle-orm';
import { compensations } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { issueCompensation } from './issue-compensation';
import { needsApproval } from './limits';
import { approveCompensationSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/**
 * Carries out a compensation that was approved but waits for a person — a delay refund after the
 * customer cancelled (staff stop the parcel first). An agent may release it within their own limit;
 * above it only an admin.
 */
export async function issueApprovedCompensation(ctx: Ctx, raw: { compensationId: string }): Promise<void> {
  const actor = authorize(ctx.actor, 'compensations.grant');
  const input = approveCompensationSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const [comp] = await tx.select().from(compensations).where(eq(compensations.id, input.compensationId)).for('update').limit(1);
    if (!comp) throw new AppError('not_found');
    if (comp.status !== 'approved') throw new AppError('conflict', 'Not waiting to be issued.');
    if (await needsApproval(tx, actor, comp.amount, comp.orderId)) throw new AppError('forbidden', 'Above your limit.');
    // The releasing person is the one who granted it: an agent's release counts towards their limit on the order.
    await tx.update(compensations).set({ approvedByStaffId: actor.staffId, approvedAt: new Date() }).where(eq(compensations.id, comp.id));
    await recordEvent(tx, { actor, type: 'compensation.released', caseId: comp.caseId, orderId: comp.orderId, data: { compensationId: comp.id, kind: comp.kind, amount: comp.amount } });
    await issueCompensation(tx, { compensationId: comp.id, actor, staffId: actor.staffId });
  });
}
