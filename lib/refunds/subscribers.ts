import { and, eq, inArray } from 'drizzle-orm';
import { refunds } from '@/db/schema';
import type { Subscriber } from '@/lib/core/events';
import { succeedRefund } from './execute-refunds';

/**
 * A SEPA batch marked paid (`payout_batch.paid`, lib/payouts): the bank ran the file, so each bank-transfer
 * refund in it goes processing → succeeded (with its audit row and `refund.succeeded`, which sends the
 * customer's "refund issued" email). Idempotent: a refund already settled is left as it is.
 */
export const bankTransferPaidSubscriber: Subscriber = {
  name: 'refunds.bank_transfer_paid',
  types: ['payout_batch.paid'],
  async handle(tx, event) {
    const { refundIds } = event.data as { refundIds: string[] };
    if (refundIds.length === 0) return;
    const due = await tx
      .select()
      .from(refunds)
      .where(and(inArray(refunds.id, refundIds), eq(refunds.status, 'processing'), eq(refunds.rail, 'bank_transfer')))
      .for('update');
    const now = new Date();
    for (const refund of due) await succeedRefund(tx, refund, refund.providerReference, now);
  },
};

export const REFUND_SUBSCRIBERS: readonly Subscriber[] = [bankTransferPaidSubscriber];
