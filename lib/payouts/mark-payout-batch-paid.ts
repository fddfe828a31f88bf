import { eq } from 'drizzle-orm';
import { payoutBatches, payoutItems } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/core/errors';

/**
 * "Mark batch paid": the bank has run the file. The batch becomes `paid` and, in the same transaction, the
 * `payout_batch.paid` event is written; the refund ledger's subscriber (lib/refunds/subscribers.ts) settles
 * the batch's refunds from it. Marking a paid batch again changes nothing; an open batch (no file yet)
 * cannot be paid.
 */
export async function markPayoutBatchPaid(ctx: Ctx, input: { batchId: string }): Promise<{ refundIds: string[]; alreadyPaid: boolean }> {
  const actor = authorize(ctx.actor, 'payouts.manage');
  return ctx.db.transaction(async (tx) => {
    const [batch] = await tx.select().from(payoutBatches).where(eq(payoutBatches.id, input.batchId)).for('update').limit(1);
    if (!batch) throw new AppError('not_found', 'No such payout batch.');
    const refundIds = (await tx.select({ refundId: payoutItems.refundId }).from(payoutItems).where(eq(payoutItems.batchId, batch.id))).map((r) => r.refundId);
    if (batch.status === 'paid') return { refundIds, alreadyPaid: true };
    if (batch.status !== 'exported') throw new AppError('invalid_state', 'Create the SEPA file before marking the batch paid.', { details: { reason: 'notExported' } });
    await tx.update(payoutBatches).set({ status: 'paid', paidAt: new Date(), paidByStaffId: actor.staffId }).where(eq(payoutBatches.id, batch.id));
    await recordEvent(tx, { type: 'payout_batch.paid', actor, data: { batchId: batch.id, messageId: batch.messageId, refundIds, total: batch.totalAmount, currency: batch.currency } });
    return { refundIds, alreadyPaid: false };
  });
}
