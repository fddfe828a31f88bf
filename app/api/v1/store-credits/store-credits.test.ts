import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '@/db';
import { domainEvents, storeCreditRedemptions, storeCredits } from '@/db/schema';
import { call, newKey } from '@/test/api-client';
import { testDb, uniqueId } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase } from '@/test/staff2-factories';
import { grantGoodwill } from '@/lib/compensations/grant-goodwill';
import { redeemStoreCredit } from '@/lib/store-credits/redeem-store-credit';
import { issueCompensation } from '@/lib/compensations/issue-compensation';
import { storeCreditsOfReturn } from '@/lib/store-credits/queries';
import { compensations } from '@/db/schema';
import { createApprovedReturn } from '@/test/return-fixture';
import { GET } from './[code]/route';
import { POST } from './[code]/redeem/route';

const db = testDb();
const wide = createDb(inject('databaseUrl'), { max: 20 });
afterAll(() => wide.$end());

async function issuedCredit(amount: string) {
  const agent = await createStaff(db, { role: 'admin' });
  const { caseId, orderId } = await createDeliveryCase(db, { captured: 50_000 });
  await grantGoodwill({ db, actor: { type: 'staff', staffId: agent.id, role: 'admin' } }, { caseId, kind: 'store_credit', amount, reason: 'Late parcel' });
  const [credit] = await db.select().from(storeCredits).where(eq(storeCredits.orderId, orderId));
  return { code: credit!.code, orderId };
}

const redeem = (key: string, code: string, body: unknown, headers: Record<string, string> = {}) =>
  call(POST, { key, body, headers, params: { code }, path: `/api/v1/store-credits/${code}/redeem` });

describe('store credit redemption API', () => {
  it('issuing store credit creates a balance; GET shows it; a redemption takes it down and emits store_credit.redeemed', async () => {
    const { code } = await issuedCredit('30,00');
    const { key } = await newKey(['store_credits:read', 'store_credits:write']);
    const read = await call(GET, { key, params: { code: code.toLowerCase() }, path: `/api/v1/store-credits/${code}` });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ code, balance: 3000, redeemed: 0, issued: 3000, currency: 'EUR' });

    const spent = await redeem(key, code, { amount: 1250, currency: 'EUR', orderNumber: 'WEB-1001' });
    expect(spent.status).toBe(200);
    expect(spent.json).toEqual({ code, balance: 1750, redeemed: 1250, issued: 3000, currency: 'EUR' });

    const [event] = await db.select().from(domainEvents).where(and(eq(domainEvents.type, 'store_credit.redeemed')));
    expect(event).toBeDefined();
    const events = (await db.select().from(domainEvents).where(and(eq(domainEvents.type, 'store_credit.redeemed'), eq(domainEvents.audience, 'public')))).filter((e) => (e.data as { code?: string }).code === code);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ code, amount: 1250, currency: 'EUR', balance: 1750, orderNumber: 'WEB-1001' });
  });

  it('the same Idempotency-Key spends once and replays the answer', async () => {
    const { code } = await issuedCredit('20');
    const { key } = await newKey(['store_credits:write']);
    const idem = uniqueId('redeem');
    const first = await redeem(key, code, { amount: 500, currency: 'EUR' }, { 'idempotency-key': idem });
    const again = await redeem(key, code, { amount: 500, currency: 'EUR' }, { 'idempotency-key': idem });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    const [row] = await db.select().from(storeCredits).where(eq(storeCredits.code, code));
    expect(row!.redeemedAmount).toBe(500);
    const [credit] = await db.select({ id: storeCredits.id }).from(storeCredits).where(eq(storeCredits.code, code));
    expect(await db.select().from(storeCreditRedemptions).where(eq(storeCreditRedemptions.storeCreditId, credit!.id))).toHaveLength(1);
  });

  it('unknown code 404; too much 422 insufficient_balance; another currency 422 currency_mismatch; nothing is spent', async () => {
    const { code } = await issuedCredit('10');
    const { key } = await newKey(['store_credits:write']);
    const unknown = await redeem(key, 'SC-NOPE-NOPE-NOPE-NOPE', { amount: 100, currency: 'EUR' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('not_found');

    const tooMuch = await redeem(key, code, { amount: 1001, currency: 'EUR' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.json.error).toMatchObject({ code: 'invalid_state', details: { reason: 'insufficient_balance', balance: 1000, currency: 'EUR' } });

    const sek = await redeem(key, code, { amount: 100, currency: 'SEK' });
    expect(sek.status).toBe(422);
    expect(sek.json.error).toMatchObject({ code: 'invalid_state', details: { reason: 'currency_mismatch', currency: 'EUR' } });

    const bad = await redeem(key, code, { amount: 0, currency: 'EUR' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.code).toBe('invalid_input');

    const [row] = await db.select().from(storeCredits).where(eq(storeCredits.code, code));
    expect(row!.redeemedAmount).toBe(0);
  });

  it('needs the store_credits scopes (403 otherwise)', async () => {
    const { code } = await issuedCredit('10');
    const { key } = await newKey(['orders:read']);
    expect((await redeem(key, code, { amount: 100, currency: 'EUR' })).status).toBe(403);
    expect((await call(GET, { key, params: { code } })).status).toBe(403);
  });

  it('25 parallel redemptions of 3 € against 50 €: 16 succeed, 9 are refused, the balance ends at 2 € and never below 0', async () => {
    const { code } = await issuedCredit('50');
    const { apiKeyId, scopes } = await newKey(['store_credits:write']).then((k) => ({ apiKeyId: k.id, scopes: ['store_credits:write'] }));
    const ctx = { db: wide, actor: { type: 'merchant_api' as const, apiKeyId, scopes } };
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => redeemStoreCredit(ctx, code, { amount: 300, currency: 'EUR' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(16);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(9);
    const [row] = await db.select().from(storeCredits).where(eq(storeCredits.code, code));
    expect(row!.issuedAmount - row!.redeemedAmount).toBe(200);
    const redemptions = await db.select().from(storeCreditRedemptions).where(eq(storeCreditRedemptions.storeCreditId, row!.id));
    expect(redemptions.reduce((s, r) => s + r.amount, 0)).toBe(4800);
  });

  it('the database itself refuses a balance below 0 (CHECK)', async () => {
    const { code } = await issuedCredit('10');
    await expect(db.update(storeCredits).set({ redeemedAmount: 1001 }).where(eq(storeCredits.code, code))).rejects.toThrow();
  });

  it('a return settled as store credit shows its code and the balance left after a redemption (return page data)', async () => {
    const { order, returnId } = await createApprovedReturn(db);
    const [comp] = await db
      .insert(compensations)
      .values({ orderId: order.id, returnId, kind: 'store_credit', status: 'approved', amount: 4500, currency: 'EUR', reason: 'Return' })
      .returning({ id: compensations.id });
    await db.transaction((tx) => issueCompensation(tx, { compensationId: comp!.id, actor: { type: 'system' }, staffId: null }));
    const [credit] = await storeCreditsOfReturn(db, returnId);
    expect(credit).toMatchObject({ code: expect.stringMatching(/^SC-/), balance: 4500, issued: 4500, currency: 'EUR' });
    const { key } = await newKey(['store_credits:write']);
    await redeem(key, credit!.code, { amount: 1000, currency: 'EUR' });
    expect(await storeCreditsOfReturn(db, returnId)).toEqual([{ code: credit!.code, balance: 3500, redeemed: 1000, issued: 4500, currency: 'EUR' }]);
  });
});
