/**
 * The bank-transfer rail's one attempt: the refund joins the open payout batch of its currency and stays
 * `processing` until the finance user has the bank run the SEPA file and marks the batch paid. Idempotent:
 * a refund is in at most one batch (unique refund_id), so a retry returns the same item.
 * No `server-only`: the worker runs it.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orders, payoutBatches, payoutItems, refunds, returns } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import { bankAccountIdFor } from './bank-accounts';
import { sepaId } from './sepa-xml';

export type QueueResult = { outcome: 'processing'; providerReference: string } | { outcome: 'failed'; retryable: boolean; message: string; providerCode?: string };

export async function queueBankTransfer(db: DbOrTx, input: { refundId: string; orderId: string; amount: number; currency: string }): Promise<QueueResult> {
  if (input.currency !== 'EUR') {
    return { outcome: 'failed', retryable: false, providerCode: 'currency_not_sepa', message: `A SEPA credit transfer pays euros; this refund is in ${input.currency}.` };
  }
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: payoutItems.id }).from(payoutItems).where(eq(payoutItems.refundId, input.refundId)).limit(1);
    if (existing) return { outcome: 'processing', providerReference: `payout-item:${existing.id}` };

    const [refund] = await tx
      .select({ returnId: refunds.returnId, orderNumber: orders.orderNumber, rma: returns.rmaNumber })
      .from(refunds)
      .innerJoin(orders, eq(orders.id, refunds.orderId))
      .leftJoin(returns, eq(returns.id, refunds.returnId))
      .where(eq(refunds.id, input.refundId))
      .limit(1);
    if (!refund) return { outcome: 'failed', retryable: false, providerCode: 'refund_not_found', message: 'The refund does not exist.' };
    const bankAccountId = await bankAccountIdFor(tx, { returnId: refund.returnId, orderId: input.orderId });
    if (!bankAccountId) {
      return { outcome: 'failed', retryable: false, providerCode: 'no_bank_account', message: 'The customer has given no bank account (IBAN) for this refund.' };
    }

    // The open batch of this currency, locked so an export cannot close it under us; created when there is none.
    let batchId: string | undefined;
    for (let i = 0; i < 3 && !batchId; i++) {
      const [open] = await tx.select({ id: payoutBatches.id }).from(payoutBatches).where(and(eq(payoutBatches.currency, input.currency), eq(payoutBatches.status, 'open'))).for('update').limit(1);
      if (open) batchId = open.id;
      else await tx.insert(payoutBatches).values({ currency: input.currency }).onConflictDoNothing();
    }
    if (!batchId) return { outcome: 'failed', retryable: true, message: 'No open payout batch could be taken; try again.' };

    const endToEndId = sepaId(`${refund.rma ?? refund.orderNumber}-${input.refundId.slice(0, 8)}`);
    const [item] = await tx
      .insert(payoutItems)
      .values({ batchId, refundId: input.refundId, bankAccountId, amount: input.amount, currency: input.currency, endToEndId })
      .returning({ id: payoutItems.id });
    await recordEvent(tx, { actor: { type: 'system' }, type: 'payout.queued', orderId: input.orderId, data: { refundId: input.refundId, batchId, payoutItemId: item!.id, amount: input.amount, currency: input.currency } });
    return { outcome: 'processing', providerReference: `payout-item:${item!.id}` };
  });
}
