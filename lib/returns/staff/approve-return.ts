import { eq } from 'drizzle-orm';
import { returns } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { queueReturnEmail } from '../return-emails';
import { lockReturnFor } from './lock-return';
import { approveReturnSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/**
 * Staff approve a requested return; the label is issued in the same transaction (C7 queues the
 * customer's label email). Should the label fail, a savepoint keeps the approval: the customer gets
 * the "approved" email and staff retry the label.
 */
export async function approveReturn(ctx: Ctx, raw: { returnId: string }): Promise<{ status: 'approved' | 'label_issued'; trackingNumber: string | null }> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = approveReturnSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const { r, next, caseId } = await lockReturnFor(tx, input.returnId, 'approve');
    await tx.update(returns).set({ status: next, approvedAt: new Date() }).where(eq(returns.id, r.id));
    await recordEvent(tx, { actor, type: 'return.approved', caseId, data: { returnId: r.id, orderId: r.orderId, rma: r.rmaNumber } });
    try {
      const label = await tx.transaction((sp) => issueReturnLabel(ctx.db, sp, { returnId: r.id, actor }));
      return { status: 'label_issued' as const, trackingNumber: label.trackingNumber };
    } catch (error) {
      console.error('Return label could not be issued', r.rmaNumber, error);
      await queueReturnEmail(tx, { returnId: r.id, step: 'approved' });
      return { status: 'approved' as const, trackingNumber: null };
    }
  });
}
