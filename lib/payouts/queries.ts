import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orders, payoutBatches, payoutItems, refundBankAccounts, refunds, returns } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { openPayoutFile } from './payout-file';

export type PayoutItemDto = { id: string; refundId: string; orderNumber: string; rma: string | null; amount: number; currency: string; ibanMasked: string | null; queuedAt: string };
export type PayoutBatchDto = { id: string; status: 'open' | 'exported' | 'paid'; messageId: string | null; currency: string; total: number; count: number; exportedAt: string | null; paidAt: string | null; items: PayoutItemDto[] };

/** The payouts page: the open batch (refunds waiting for a file) and the latest exported and paid ones. Staff see masked IBANs only. */
export async function listPayoutBatches(ctx: Ctx, limit = 20): Promise<PayoutBatchDto[]> {
  authorize(ctx.actor, 'payouts.manage');
  return readPayoutBatches(ctx.db, limit);
}

export async function readPayoutBatches(db: DbOrTx, limit = 20): Promise<PayoutBatchDto[]> {
  const batches = await db.select().from(payoutBatches).orderBy(asc(payoutBatches.status), desc(payoutBatches.createdAt)).limit(limit);
  if (batches.length === 0) return [];
  const items = await db
    .select({
      id: payoutItems.id,
      batchId: payoutItems.batchId,
      refundId: payoutItems.refundId,
      orderNumber: orders.orderNumber,
      rma: returns.rmaNumber,
      amount: payoutItems.amount,
      currency: payoutItems.currency,
      ibanMasked: refundBankAccounts.ibanMasked,
      queuedAt: payoutItems.createdAt,
    })
    .from(payoutItems)
    .innerJoin(refunds, eq(refunds.id, payoutItems.refundId))
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .leftJoin(returns, eq(returns.id, refunds.returnId))
    .leftJoin(refundBankAccounts, eq(refundBankAccounts.id, payoutItems.bankAccountId))
    .where(inArray(payoutItems.batchId, batches.map((b) => b.id)))
    .orderBy(asc(payoutItems.createdAt));
  return batches.map((b) => {
    const mine = items.filter((i) => i.batchId === b.id).map(({ batchId: _b, queuedAt, ...i }) => ({ ...i, queuedAt: queuedAt.toISOString() }));
    return {
      id: b.id,
      status: b.status,
      messageId: b.messageId,
      currency: b.currency,
      total: b.totalAmount ?? mine.reduce((s, i) => s + i.amount, 0),
      count: mine.length,
      exportedAt: b.exportedAt?.toISOString() ?? null,
      paidAt: b.paidAt?.toISOString() ?? null,
      items: mine,
    };
  });
}

/** The stored SEPA file of an exported (or paid) batch, for the download route. */
export async function payoutBatchFile(ctx: Ctx, batchId: string): Promise<{ messageId: string; xml: string } | null> {
  authorize(ctx.actor, 'payouts.manage');
  const [b] = await ctx.db.select({ messageId: payoutBatches.messageId, xml: payoutBatches.fileXml }).from(payoutBatches).where(eq(payoutBatches.id, batchId)).limit(1);
  if (!b?.messageId || !b.xml) return null;
  const xml = await openPayoutFile(ctx.db, b.xml);
  return xml ? { messageId: b.messageId, xml } : null;
}
