/**
 * Our codes on the shop's platform (issue #15) against the local Shopify Admin and WooCommerce servers: a goodwill
 * discount or free-shipping code and a store credit (goodwill or a return's) on a platform order are created there
 * once with the SAME code, and the customer's email with the code is queued only after; a refusal is shown to
 * staff with the platform's message and emails nothing until staff try again; a 5xx or a lost answer is retried and
 * still makes one; a replayed event writes no second row. An order of our own: no row, today's email at once.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compensationPlatformCodes, compensations, domainEvents, outbox, platformOrders, storeCredits } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { addShopifyIntegration, addWooIntegration, openIntegration } from '@/lib/platforms/integrations';
import type { OpenIntegration } from '@/lib/platforms/platform';
import { ADMIN_API_VERSION } from '@/lib/platforms/shopify/api';
import { approveReturn } from '@/lib/returns/staff/approve-return';
import { completeReturn } from '@/lib/returns/staff/complete-return';
import { inspectReturn } from '@/lib/returns/staff/inspect-return';
import { receiveReturn } from '@/lib/returns/staff/receive-return';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { startShopifyAdmin, type ShopifyAdminServer } from '@/test/shopify-admin-server';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase, createRequestedReturn } from '@/test/staff2-factories';
import { runSubscriberFor } from '@/test/subscribers';
import { startWooServer, type WooServer } from '@/test/woocommerce-server';
import { grantGoodwill } from '@/lib/compensations/grant-goodwill';
import { createDuePlatformCodes, platformCodesSubscriber } from './platform-codes';
import { caseCompensations } from '@/lib/compensations/queries';
import { retryPlatformCode } from '@/lib/compensations/retry-platform-code';

const db = testDb();
const system: Ctx = { db, actor: { type: 'system' } };
const TOKEN = 'shpat_codes_token';
const WOO = { consumerKey: 'ck_codes1a2b3c4d5e', consumerSecret: 'cs_codes5e6f7a8b9c' };

let shopify: ShopifyAdminServer;
let woo: WooServer;
let clock = Date.now();
const now = () => new Date(clock);

beforeAll(async () => {
  shopify = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION });
  woo = await startWooServer(WOO);
});
afterAll(async () => {
  await shopify.close();
  await woo.close();
});
beforeEach(() => {
  shopify.state.requests = [];
  shopify.state.failNext = [];
  shopify.state.refuseNext = [];
  woo.state.requests = [];
  woo.state.failNext = [];
  clock += 86_400_000;
});

async function shopifyIntegration(): Promise<OpenIntegration> {
  const view = await addShopifyIntegration(system, { shopDomain: `${uniqueId('cd').toLowerCase()}.myshopify.com`, accessToken: TOKEN, webhookSecret: 'shpss_codes_secret_00000000000000', apiOrigin: shopify.origin });
  return (await openIntegration(db, view.id))!;
}

async function wooIntegration(): Promise<OpenIntegration> {
  const view = await addWooIntegration(system, { url: `https://${uniqueId('wc').toLowerCase()}.example.com`, ...WOO, webhookSecret: 'wc_codes_secret_1234', apiOrigin: woo.origin });
  return (await openIntegration(db, view.id))!;
}

/** A delivery case whose order came from `integration` (when given), and an agent to grant goodwill on it. */
async function goodwillCase(integration: OpenIntegration | null, externalId = `gid://shopify/Order/${Date.now()}${Math.floor(Math.random() * 1000)}`) {
  const { caseId, orderId } = await createDeliveryCase(db, { captured: 20_000 });
  if (integration) await db.insert(platformOrders).values({ orderId, integrationId: integration.id, externalId });
  const agent = await createStaff(db);
  const staff: Ctx = { db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } };
  return { caseId, orderId, externalId, staff };
}

/** The worker's two steps for one order: the subscriber over its events (a fresh cursor each time, like a replay), then the loop. */
async function runWorker(orderId: string) {
  await runSubscriberFor(db, platformCodesSubscriber, orderId);
  return createDuePlatformCodes(db, { now });
}

const compOf = async (id: string) => (await db.select().from(compensations).where(eq(compensations.id, id)))[0]!;
const rowOf = async (id: string) => (await db.select().from(compensationPlatformCodes).where(eq(compensationPlatformCodes.compensationId, id)))[0];
const mailsOf = (orderId: string, kind: string) => db.select().from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, kind)));
const eventsOf = (compensationId: string, type: string) =>
  db.select({ data: domainEvents.data, caseId: domainEvents.caseId }).from(domainEvents).where(and(eq(domainEvents.type, type), sql`${domainEvents.data}->>'compensationId' = ${compensationId}`));
const creates = (mutation: string) => shopify.state.requests.filter((q) => q.query.includes(`${mutation}(`));

describe('Shopify', () => {
  it('goodwill discount code: one discountCodeBasicCreate with our code and amount for the order’s customer; the email only after; a replayed event writes no second row', async () => {
    const integration = await shopifyIntegration();
    const { caseId, orderId, externalId, staff } = await goodwillCase(integration);
    shopify.state.customers[externalId] = 'gid://shopify/Customer/544365967';
    const { compensationId, status } = await grantGoodwill(staff, { caseId, kind: 'discount_code', amount: '10', reason: 'Parcel two days late' });
    expect(status).toBe('issued');
    const { code } = await compOf(compensationId);
    expect(code).toMatch(/^DC-[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
    // Not emailed before Shopify has the code.
    expect(await mailsOf(orderId, 'email.compensation_issued')).toHaveLength(0);

    expect(await runWorker(orderId)).toEqual({ created: 1, retrying: 0, failed: 0 });
    expect(creates('discountCodeBasicCreate')).toHaveLength(1);
    const sent = creates('discountCodeBasicCreate')[0]!.variables.basicCodeDiscount as Record<string, unknown>;
    expect(sent).toMatchObject({
      code,
      context: { customers: { add: ['gid://shopify/Customer/544365967'] } },
      customerGets: { value: { discountAmount: { amount: '10.00', appliesOnEachItem: false } }, items: { all: true } },
      appliesOncePerCustomer: true,
      usageLimit: 1,
    });
    expect(sent.title).toContain('order GW-');
    expect(await rowOf(compensationId)).toMatchObject({ status: 'created', externalId: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\//), attempts: 1 });
    const created = await eventsOf(compensationId, 'compensation.platform_code_created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ caseId, data: { platform: 'shopify', kind: 'discount_code' } });
    const mails = await mailsOf(orderId, 'email.compensation_issued');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload.text).toContain(code!);
    expect((await caseCompensations(db, caseId))[0]!.platformCode).toEqual({ status: 'created', platform: 'shopify', error: null });

    // compensation.issued delivered again and the loop run again: still one row, one discount, one email.
    expect(await runWorker(orderId)).toEqual({ created: 0, retrying: 0, failed: 0 });
    expect(await db.select().from(compensationPlatformCodes).where(eq(compensationPlatformCodes.orderId, orderId))).toHaveLength(1);
    expect(creates('discountCodeBasicCreate')).toHaveLength(1);
    expect(await mailsOf(orderId, 'email.compensation_issued')).toHaveLength(1);
  });

  it('a 503 is retried with backoff, then exactly one create', async () => {
    const integration = await shopifyIntegration();
    const { caseId, orderId, staff } = await goodwillCase(integration);
    const { compensationId } = await grantGoodwill(staff, { caseId, kind: 'discount_code', amount: '5', reason: 'Late' });
    shopify.state.failNext.push({ failure: 'http503', when: 'discountCodeBasicCreate(' });

    expect(await runWorker(orderId)).toEqual({ created: 0, retrying: 1, failed: 0 });
    expect(await rowOf(compensationId)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await mailsOf(orderId, 'email.compensation_issued')).toHaveLength(0);
    // Not due yet: nothing is sent.
    const sent = shopify.state.requests.length;
    expect(await createDuePlatformCodes(db, { now })).toEqual({ created: 0, retrying: 0, failed: 0 });
    expect(shopify.state.requests.length).toBe(sent);

    clock += 31_000;
    expect(await createDuePlatformCodes(db, { now })).toEqual({ created: 1, retrying: 0, failed: 0 });
    const { code } = await compOf(compensationId);
    expect(shopify.state.discounts.filter((d) => d.code === code)).toHaveLength(1);
    expect(await rowOf(compensationId)).toMatchObject({ status: 'created', attempts: 2 });
    expect(await mailsOf(orderId, 'email.compensation_issued')).toHaveLength(1);
  });

  it('a refusal (userErrors): failed with Shopify’s message for staff, no email; “try again” creates it and then emails', async () => {
    const integration = await shopifyIntegration();
    const { caseId, orderId, staff } = await goodwillCase(integration);
    const { compensationId } = await grantGoodwill(staff, { caseId, kind: 'free_shipping', reason: 'Lost parcel' });
    shopify.state.refuseNext.push({ mutation: 'discountCodeFreeShippingCreate', message: 'Access denied for discountCodeFreeShippingCreate field.', code: 'ACCESS_DENIED' });

    expect(await runWorker(orderId)).toEqual({ created: 0, retrying: 0, failed: 1 });
    expect(await rowOf(compensationId)).toMatchObject({ status: 'failed', lastError: 'Access denied for discountCodeFreeShippingCreate field.' });
    const failed = await eventsOf(compensationId, 'compensation.platform_code_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ caseId, data: { platform: 'shopify', message: 'Access denied for discountCodeFreeShippingCreate field.', attempts: 1 } });
    expect((await caseCompensations(db, caseId))[0]!.platformCode).toEqual({ status: 'failed', platform: 'shopify', error: 'Access denied for discountCodeFreeShippingCreate field.' });
    expect(await mailsOf(orderId, 'email.compensation_issued')).toHaveLength(0);
    // Not retried on its own.
    clock += 86_400_000;
    expect(await createDuePlatformCodes(db, { now })).toEqual({ created: 0, retrying: 0, failed: 0 });

    // Only a failed code can be sent again; staff do, the worker creates it (free shipping, anywhere) and emails it.
    await retryPlatformCode(staff, { compensationId });
    await expect(retryPlatformCode(staff, { compensationId })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(retryPlatformCode(staff, { compensationId: 'not-a-uuid' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await eventsOf(compensationId, 'compensation.platform_code_retried')).toHaveLength(1);
    expect(await createDuePlatformCodes(db, { now: () => new Date(Date.now() + 1000) })).toEqual({ created: 1, retrying: 0, failed: 0 });
    const sent = creates('discountCodeFreeShippingCreate').at(-1)!.variables.freeShippingCodeDiscount as Record<string, unknown>;
    expect(sent).toMatchObject({ code: (await compOf(compensationId)).code, context: { all: 'ALL' }, destination: { all: true }, usageLimit: 1 });
    expect(await mailsOf(orderId, 'email.compensation_issued')).toHaveLength(1);
  });

  it('a return settled in store credit: a gift card with our (Shopify-shaped) code, the RMA in its note; the emails with the code after; no balance of ours; a lost answer still makes one card', async () => {
    const integration = await shopifyIntegration();
    const agent = await createStaff(db);
    const staff: Ctx = { db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } };
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, resolution: 'store_credit' }], locale: 'en' });
    const externalId = `gid://shopify/Order/${Date.now()}`;
    await db.insert(platformOrders).values({ orderId: r.orderId, integrationId: integration.id, externalId });
    shopify.state.customers[externalId] = 'gid://shopify/Customer/207119551';
    await approveReturn(staff, { returnId: r.returnId });
    await receiveReturn(staff, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, quantity: 1 })) });
    await inspectReturn(staff, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, grade: 'opened' as const, restock: true })) });
    const done = await completeReturn(staff, { returnId: r.returnId, refundAmount: '' });
    expect(done.credit).toBeGreaterThan(0);
    const [comp] = await db.select().from(compensations).where(eq(compensations.returnId, r.returnId));
    // A Shopify gift card code is 8–20 letters and digits.
    expect(comp!.code).toMatch(/^SC[2-9A-Z]{16}$/);
    expect(await db.select().from(storeCredits).where(eq(storeCredits.compensationId, comp!.id))).toHaveLength(0);
    expect(await mailsOf(r.orderId, 'email.compensation_issued')).toHaveLength(0);
    expect(await mailsOf(r.orderId, 'email.refund_issued')).toHaveLength(0);

    shopify.state.failNext.push({ failure: 'lost', when: 'giftCardCreate(' });
    expect(await runWorker(r.orderId)).toEqual({ created: 0, retrying: 1, failed: 0 });
    clock += 31_000;
    expect(await createDuePlatformCodes(db, { now })).toEqual({ created: 1, retrying: 0, failed: 0 });
    // The second attempt found the card the first one made (by code, last characters and note): one card.
    expect(creates('giftCardCreate')).toHaveLength(1);
    const cards = shopify.state.giftCards.filter((c) => c.code === comp!.code);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ initialValue: (done.credit / 100).toFixed(2), customerId: 'gid://shopify/Customer/207119551' });
    expect(cards[0]!.note).toContain(r.rma);
    expect(await rowOf(comp!.id)).toMatchObject({ status: 'created', externalId: expect.stringMatching(/^gid:\/\/shopify\/GiftCard\//) });

    const [credit] = await mailsOf(r.orderId, 'email.compensation_issued');
    expect(credit!.payload.text).toContain(comp!.code!);
    const [issued] = await mailsOf(r.orderId, 'email.refund_issued');
    expect(issued!.payload.text).toContain(comp!.code!);
  });
});

describe('WooCommerce', () => {
  it('free shipping: one coupon with our code, free_shipping true and no amount off, for the customer’s email; the email after', async () => {
    const integration = await wooIntegration();
    const { caseId, orderId, staff } = await goodwillCase(integration, '727');
    const { compensationId } = await grantGoodwill(staff, { caseId, kind: 'free_shipping', reason: 'Lost parcel' });
    const { code } = await compOf(compensationId);
    expect(await mailsOf(orderId, 'email.compensation_issued')).toHaveLength(0);

    expect(await runWorker(orderId)).toEqual({ created: 1, retrying: 0, failed: 0 });
    const posts = woo.state.requests.filter((q) => q.method === 'POST' && q.path === 'coupons');
    expect(posts).toHaveLength(1);
    const [order] = await db.select({ email: sql<string>`email` }).from(sql`orders`).where(sql`id = ${orderId}`);
    expect(posts[0]!.body).toMatchObject({ code, discount_type: 'fixed_cart', amount: '0.00', free_shipping: true, usage_limit: 1, email_restrictions: [order!.email] });
    const coupon = woo.state.coupons.find((c) => c.code === code!.toLowerCase())!;
    expect(await rowOf(compensationId)).toMatchObject({ status: 'created', externalId: String(coupon.id) });
    const mails = await mailsOf(orderId, 'email.compensation_issued');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload.text).toContain(code!);
  });

  it('a refusal (400, a code that is someone else’s): failed with WooCommerce’s message, no email', async () => {
    const integration = await wooIntegration();
    const { caseId, orderId, staff } = await goodwillCase(integration, '728');
    const { compensationId } = await grantGoodwill(staff, { caseId, kind: 'store_credit', amount: '15', reason: 'Late' });
    const { code } = await compOf(compensationId);
    woo.state.coupons.push({ id: 9001, code: code!.toLowerCase(), amount: '99.00', email_restrictions: ['someone@example.com'] });

    expect(await runWorker(orderId)).toEqual({ created: 0, retrying: 0, failed: 1 });
    expect(await rowOf(compensationId)).toMatchObject({ status: 'failed', lastError: 'The coupon code already exists' });
    expect((await caseCompensations(db, caseId))[0]!.platformCode).toEqual({ status: 'failed', platform: 'woocommerce', error: 'The coupon code already exists' });
    expect(await mailsOf(orderId, 'email.compensation_issued')).toHaveLength(0);
  });
});

describe('an order of our own', () => {
  it('no platform row, our own balance for store credit, and the email at once as before', async () => {
    const { caseId, orderId, staff } = await goodwillCase(null);
    const { compensationId } = await grantGoodwill(staff, { caseId, kind: 'store_credit', amount: '12', reason: 'Late' });
    const { code } = await compOf(compensationId);
    expect(code).toMatch(/^SC-[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
    expect(await db.select().from(storeCredits).where(eq(storeCredits.compensationId, compensationId))).toHaveLength(1);
    const mails = await mailsOf(orderId, 'email.compensation_issued');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload.text).toContain(code!);

    await runSubscriberFor(db, platformCodesSubscriber, orderId);
    expect(await rowOf(compensationId)).toBeUndefined();
    expect((await caseCompensations(db, caseId))[0]!.platformCode).toBeNull();
  });
});
