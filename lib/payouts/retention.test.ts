import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, orders, refundBankAccounts, returns } from '@/db/schema';
import { purgeExpiredData } from '@/lib/privacy/purge';
import { retentionSettingsSchema } from '@/lib/privacy/retention';
import { submitReturn } from '@/lib/returns/submit-return';
import { testDb } from '@/test/db';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';

const db = testDb();
// Periods near their maximum so the purge cannot reach other test files' fresh rows.
const settings = retentionSettingsSchema.parse({ photosDays: 3000, orderPersonalYears: 9, caseMessagesMonths: 100, outboxBodiesDays: 3000, webhookPayloadsDays: 300, trackingLinksDays: 300, staffSessionsDays: 300, csatCommentsMonths: 100 });

async function orderWithAccount(placedYearsAgo: number) {
  await ensureReturnPolicy(db);
  const order = await createReturnableOrder(db);
  await db.update(orders).set({ paymentMethod: 'bnpl' }).where(eq(orders.id, order.id));
  const request = returnRequest(order, [{ orderLineId: order.lines[0]!.id }], { refundAccount: { holder: 'Ola Nordmann', iban: 'NO9386011117947', bic: '' } });
  const { returnId } = await submitReturn({ db, actor: { type: 'customer', orderId: order.id } }, { orderId: order.id, request, timeZone: 'Europe/Oslo' });
  const placedAt = new Date(Date.now() - placedYearsAgo * 366 * 86_400_000);
  await db.update(orders).set({ placedAt }).where(eq(orders.id, order.id));
  await db.update(returns).set({ status: 'completed', completedAt: placedAt }).where(eq(returns.id, returnId));
  // Settled: no open work keeps the order's data.
  await db.update(cases).set({ status: 'closed' }).where(eq(cases.orderId, order.id));
  return { orderId: order.id, returnId };
}

describe('retention of refund bank accounts', () => {
  it('the order purge deletes the bank account of an order past its period and keeps a recent one', async () => {
    const old = await orderWithAccount(10);
    const recent = await orderWithAccount(1);
    expect(await db.select().from(refundBankAccounts).where(eq(refundBankAccounts.orderId, old.orderId))).toHaveLength(1);
    await purgeExpiredData(db, { settings });
    expect(await db.select().from(refundBankAccounts).where(eq(refundBankAccounts.orderId, old.orderId))).toEqual([]);
    expect(await db.select().from(refundBankAccounts).where(eq(refundBankAccounts.orderId, recent.orderId))).toHaveLength(1);
  });
});
