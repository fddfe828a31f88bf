import { and, asc, eq } from 'drizzle-orm';
import { orders, payoutBatches, payoutItems, refunds, returns } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/core/errors';
import { openRefundBankAccount } from './bank-accounts';
import { readPayoutAccount } from './payout-account';
import { buildPain001, sepaId } from './sepa-xml';
import { sealPayoutFile } from './payout-file';

/**
 * "Create batch": closes the open EUR batch and writes its SEPA file (pain.001.001.09), kept on the batch so
 * every download is the same file. The shop's account (settings → Payouts) is the debtor. Refused
 * (invalid_state, `details.reason`) without a shop account, with nothing waiting, or when a customer's
 * account can no longer be read (purged, or APP_SECRET changed).
 */
export async function exportPayoutBatch(ctx: Ctx, input: { now?: Date } = {}): Promise<{ batchId: string; messageId: string; count: number; total: number }> {
  const actor = authorize(ctx.actor, 'payouts.manage');
  const now = input.now ?? new Date();
  return ctx.db.transaction(async (tx) => {
    const debtor = await readPayoutAccount(tx);
    if (!debtor) throw new AppError('invalid_state', 'Set the shop’s bank account first.', { details: { reason: 'payoutAccountMissing' } });
    const [batch] = await tx.select().from(payoutBatches).where(and(eq(payoutBatches.currency, 'EUR'), eq(payoutBatches.status, 'open'))).for('update').limit(1);
    const items = batch
      ? await tx
          .select({ id: payoutItems.id, refundId: payoutItems.refundId, amount: payoutItems.amount, endToEndId: payoutItems.endToEndId, bankAccountId: payoutItems.bankAccountId, orderNumber: orders.orderNumber, rma: returns.rmaNumber })
          .from(payoutItems)
          .innerJoin(refunds, eq(refunds.id, payoutItems.refundId))
          .innerJoin(orders, eq(orders.id, refunds.orderId))
          .leftJoin(returns, eq(returns.id, refunds.returnId))
          .where(eq(payoutItems.batchId, batch.id))
          .orderBy(asc(payoutItems.createdAt), asc(payoutItems.id))
      : [];
    if (!batch || items.length === 0) throw new AppError('invalid_state', 'No refund is waiting for a bank transfer.', { details: { reason: 'nothingToExport' } });

    const transfers = [];
    for (const item of items) {
      const account = item.bankAccountId ? await openRefundBankAccount(tx, item.bankAccountId) : null;
      if (!account) throw new AppError('invalid_state', `The bank account of refund ${item.refundId} cannot be read.`, { details: { reason: 'accountUnreadable', refundId: item.refundId } });
      transfers.push({
        endToEndId: item.endToEndId,
        amount: item.amount,
        creditorName: account.holder,
        creditorIban: account.iban,
        creditorBic: account.bic,
        remittance: item.rma ? `Refund order ${item.orderNumber} return ${item.rma}` : `Refund order ${item.orderNumber}`,
      });
    }
    const messageId = sepaId(`PALUU-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${batch.id.slice(0, 8)}`);
    const xml = buildPain001({ messageId, createdAt: now, executionDate: now.toISOString().slice(0, 10), debtor, currency: 'EUR', transfers });
    const total = items.reduce((sum, i) => sum + i.amount, 0);
    await tx
      .update(payoutBatches)
      .set({ status: 'exported', messageId, fileXml: await sealPayoutFile(tx, xml), totalAmount: total, exportedAt: now, exportedByStaffId: actor.staffId })
      .where(eq(payoutBatches.id, batch.id));
    await recordEvent(tx, { actor, type: 'payout_batch.exported', data: { batchId: batch.id, messageId, count: items.length, total, currency: 'EUR' } });
    return { batchId: batch.id, messageId, count: items.length, total };
  });
}
