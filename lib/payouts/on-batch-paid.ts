import type { Tx } from '@/db';

/**
 * HOOK FOR THE REFUND LEDGER (issue #15): called inside the transaction that marks a SEPA batch paid, with
 * the ids of the refunds it carried. The ledger (lib/refunds) moves each from `processing` to `succeeded`
 * here (and writes `refund.succeeded`). Until that is connected it does nothing: the payout tables
 * (payout_batches.status = 'paid') are the record that the bank ran the file.
 */
export type BatchPaidHook = (tx: Tx, refundIds: string[]) => Promise<void>;

export const onBatchPaid: BatchPaidHook = async () => {};
