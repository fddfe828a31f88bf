import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { refunds } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/core/errors';
import { isCheckViolation } from '@/lib/core/pg-error';

export const retryRefundSchema = z.object({ refundId: z.uuid() });

/**
 * "Retry refund" on the case page: a failed refund goes back to `requested` on the same rail with the same
 * idempotency key (a provider that did pay after all answers with that refund, it does not pay twice) and a
 * fresh round of attempts. Its amount is reserved again; when the order's money was refunded otherwise in the
 * meantime the database refuses it (`refund_exceeds_captured`).
 */
export async function retryRefund(ctx: Ctx, raw: unknown): Promise<void> {
  const actor = authorize(ctx.actor, 'refunds.retry');
  const input = retryRefundSchema.safeParse(raw);
  if (!input.success) throw new AppError('not_found');
  try {
    await ctx.db.transaction(async (tx) => {
      const [refund] = await tx.select().from(refunds).where(eq(refunds.id, input.data.refundId)).for('update');
      if (!refund) throw new AppError('not_found');
      if (refund.status !== 'failed') throw new AppError('invalid_state', 'Only a failed refund can be retried.', { details: { reason: 'refund_not_failed' } });
      const now = new Date();
      await tx
        .update(refunds)
        .set({ status: 'requested', attemptBase: refund.attempts, nextAttemptAt: now, failureMessage: null, failureCode: null, updatedAt: now })
        .where(eq(refunds.id, refund.id));
      await recordEvent(tx, {
        actor,
        type: 'refund.retried',
        caseId: refund.caseId,
        orderId: refund.orderId,
        data: { refundId: refund.id, rail: refund.rail, previousMessage: refund.failureMessage },
      });
      await recordEvent(tx, {
        type: 'refund.requested',
        actor,
        caseId: refund.caseId,
        data: { refundId: refund.id, orderId: refund.orderId, amount: refund.amount, currency: refund.currency, returnId: refund.returnId, compensationId: refund.compensationId, retry: true },
      });
    });
  } catch (error) {
    if (isCheckViolation(error, 'orders_refunds_within_captured')) {
      throw new AppError('invalid_state', 'The refunds would exceed the captured amount.', { details: { reason: 'refund_exceeds_captured' } });
    }
    throw error;
  }
}
