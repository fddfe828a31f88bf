/**
 * The bank-transfer rail (issue #15): refunds of orders paid by invoice, BNPL or bank transfer go to the
 * IBAN the customer gave in the return wizard. `execute` only queues the refund into the open SEPA payout
 * batch and answers `processing`; the money moves when the bank runs the file, and the finance user's
 * "Mark batch paid" (lib/payouts/mark-payout-batch-paid.ts) records `payout_batch.paid`; the refunds subscriber settles it.
 */
import { eq } from 'drizzle-orm';
import { orders } from '@/db/schema';
import { paymentMethodNeedsIban } from '@/lib/core/payment-methods';
import { queueBankTransfer } from './queue-bank-transfer';
import type { RefundRail } from '@/lib/core/refund-rail';

export const bankTransferRail: RefundRail = {
  id: 'bank_transfer',
  async claims(db, orderId) {
    const [order] = await db.select({ paymentMethod: orders.paymentMethod }).from(orders).where(eq(orders.id, orderId)).limit(1);
    return paymentMethodNeedsIban(order?.paymentMethod);
  },
  async execute(db, request, signal) {
    if (signal.aborted) return { outcome: 'failed', retryable: true, message: 'Aborted before the refund was queued.' };
    return queueBankTransfer(db, { refundId: request.refundId, orderId: request.order.id, amount: request.amount, currency: request.currency });
  },
};
