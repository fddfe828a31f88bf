/**
 * Exchanges on the shop's platform (issue #15) against the local Shopify Admin and WooCommerce servers: the
 * replacement order is created once (free, the RMA in its note, the original address), a redelivered event or a
 * retry makes no second one, a refusal is recorded for staff without retrying, and the replacement's fulfilment
 * fills the ORIGINAL order's exchange parcel and emails the customer. An order of our own calls no platform.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { domainEvents, eventSubscriptions, exchangePlatformOrders, orders, outbox, platformOrders, shipments } from '@/db/schema';
import type { Db } from '@/db';
import type { Ctx } from '@/lib/core/actor';
import { approveReturn } from '@/lib/returns/staff/approve-return';
import { completeReturn } from '@/lib/returns/staff/complete-return';
import { inspectReturn } from '@/lib/returns/staff/inspect-return';
import { getStaffReturn } from '@/lib/returns/staff/queries';
import { receiveReturn } from '@/lib/returns/staff/receive-return';
import { newTrackingNumber } from '@/test/api-client';
import { testDb } from '@/test/db';
import { runSubscriberFor } from '@/test/subscribers';
import { uniqueId } from '@/test/factories';
import { startShopifyAdmin, type ShopifyAdminServer } from '@/test/shopify-admin-server';
import { createStaff } from '@/test/staff-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { startWooServer, type WooServer } from '@/test/woocommerce-server';
import { createDueExchangeOrders, exchangeOrdersSubscriber } from './exchange-orders';
import { addShopifyIntegration, addVendureIntegration, addWooIntegration, openIntegration } from './integrations';
import type { OpenIntegration } from './platform';
import { ADMIN_API_VERSION } from './shopify/api';
import { handleShopifyTopic } from './shopify/platform';
import { handleWooTopic } from './woocommerce/platform';

const db = testDb();
const system: Ctx = { db, actor: { type: 'system' } };
const TOKEN = 'shpat_exchange_token';
const WOO = { consumerKey: 'ck_exchange1a2b3c4d', consumerSecret: 'cs_exchange5e6f7a8b' };
const fixture = (file: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../fixtures', file), 'utf8'));
/** Shopify's example fulfilment (fixtures/shopify/fulfillments.json); the carrier is set in the test (no Nordic one there). */
const FULFILLMENT = fixture('shopify/fulfillments.json').fulfillments[0];
const WOO_ORDER = fixture('woocommerce/order.json');

let shopify: ShopifyAdminServer;
let woo: WooServer;
let clock = Date.now();
const now = () => new Date(clock);

beforeAll(async () => {
  shopify = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION });
  woo = await startWooServer(WOO);
  woo.state.orderTemplate = WOO_ORDER;
});
afterAll(async () => {
  await shopify.close();
  await woo.close();
});
beforeEach(() => {
  shopify.state.requests = [];
  shopify.state.failNext = [];
  woo.state.requests = [];
  woo.state.failNext = [];
  clock += 86_400_000;
});

/** An exchange return completed by an agent (exchange.created), its order linked to `integration` when given. */
async function completedExchange(integration: OpenIntegration | null, externalId: string) {
  const agent = await createStaff(db);
  const staff: Ctx = { db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } };
  const r = await createRequestedReturn(db, { items: [{ quantity: 1, resolution: 'exchange' }], locale: 'en' });
  if (integration) await db.insert(platformOrders).values({ orderId: r.orderId, integrationId: integration.id, externalId });
  await approveReturn(staff, { returnId: r.returnId });
  await receiveReturn(staff, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, quantity: 1 })) });
  await inspectReturn(staff, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, grade: 'opened' as const, restock: true })) });
  const done = await completeReturn(staff, { returnId: r.returnId, refundAmount: '' });
  return { r, parcelId: done.exchangeShipmentId!, exchangeSku: r.items[0]!.sku.replace(/-L0$/, '-X0') };
}

async function shopifyIntegration() {
  const view = await addShopifyIntegration(system, { shopDomain: `${uniqueId('ex').toLowerCase()}.myshopify.com`, accessToken: TOKEN, webhookSecret: 'shpss_exchange_secret_0000000000', apiOrigin: shopify.origin });
  return (await openIntegration(db, view.id))!;
}

async function wooIntegration() {
  const view = await addWooIntegration(system, { url: `https://${uniqueId('wx').toLowerCase()}.example.com`, ...WOO, webhookSecret: 'wc_exchange_secret_1234', apiOrigin: woo.origin });
  return (await openIntegration(db, view.id))!;
}

/** The worker's two steps: the subscriber writes the pending row, the loop calls the platform. */
/**
 * The worker's two steps for one order: the subscriber over the order's events (under a cursor of its own that
 * waits for them: the log is shared with test files running in parallel, and an event is readable only once
 * every older transaction has ended), then the loop that calls the platform.
 */
async function runWorker(orderId: string) {
  await runSubscriberFor(db, exchangeOrdersSubscriber, orderId);
  return createDueExchangeOrders(db, { now });
}

const rowOf = async (returnId: string) => (await db.select().from(exchangePlatformOrders).where(eq(exchangePlatformOrders.returnId, returnId)))[0];
const eventsOf = (returnId: string, type: string) =>
  db.select({ data: domainEvents.data, caseId: domainEvents.caseId }).from(domainEvents).where(and(eq(domainEvents.type, type), sql`${domainEvents.data}->>'returnId' = ${returnId}`));
const parcelOf = async (id: string) => (await db.select().from(shipments).where(eq(shipments.id, id)))[0]!;

describe('Shopify: the replacement order', () => {
  it('one orderCreate with the variant found by SKU, price 0, the original address and email, the RMA in note and tag, no Shopify emails; a redelivered event and another run create nothing more', async () => {
    const integration = await shopifyIntegration();
    const { r, exchangeSku } = await completedExchange(integration, 'gid://shopify/Order/450789469');
    shopify.state.variants.push({ id: `gid://shopify/ProductVariant/${Date.now()}`, sku: exchangeSku });
    const variantId = shopify.state.variants.at(-1)!.id;

    expect(await runWorker(r.orderId)).toEqual({ created: 1, retrying: 0, failed: 0 });
    const creates = shopify.state.requests.filter((q) => q.query.includes('orderCreate('));
    expect(creates).toHaveLength(1);
    const { order, options } = creates[0]!.variables as { order: Record<string, unknown>; options: Record<string, unknown> };
    expect(order.lineItems).toEqual([{ variantId, quantity: 1, priceSet: { shopMoney: { amount: '0.00', currencyCode: 'EUR' } } }]);
    expect(order.email).toBe(r.email);
    expect(order.note).toContain(r.rma);
    expect(order.note).toContain(r.orderNumber);
    expect(order.tags).toEqual([`paluu-exchange-${r.rma}`]);
    expect((order.shippingAddress as { address1: string }).address1).toBeTruthy();
    expect(options).toMatchObject({ sendReceipt: false, sendFulfillmentReceipt: false });

    const row = (await rowOf(r.returnId))!;
    expect(row).toMatchObject({ status: 'created', externalId: shopify.state.createdOrders.at(-1)!.id, externalName: shopify.state.createdOrders.at(-1)!.name });
    expect(row.adminUrl).toBe(`https://${integration.domain}/admin/orders/${row.externalId!.split('/').at(-1)}`);
    const created = await eventsOf(r.returnId, 'exchange.order_created');
    expect(created).toHaveLength(1);
    expect(created[0]!.caseId).toBe(r.caseId);
    // The staff return panel names it, linked to the shop's admin.
    expect((await getStaffReturn(db, r.returnId))!.platformOrder).toEqual({ status: 'created', platform: 'shopify', name: row.externalName, adminUrl: row.adminUrl, error: null });

    // The event delivered again (the subscriber's cursor reset) and the loop run again: still one order.
    await db.update(eventSubscriptions).set({ cursorTxId: 0, cursorId: 0 }).where(eq(eventSubscriptions.name, exchangeOrdersSubscriber.name));
    expect(await runWorker(r.orderId)).toEqual({ created: 0, retrying: 0, failed: 0 });
    expect(shopify.state.requests.filter((q) => q.query.includes('orderCreate('))).toHaveLength(1);
  });

  it('a lost answer is retried later with backoff and finds the order the first attempt made (by its tag): still one order', async () => {
    const integration = await shopifyIntegration();
    const { r, exchangeSku } = await completedExchange(integration, 'gid://shopify/Order/450789470');
    shopify.state.variants.push({ id: `gid://shopify/ProductVariant/${Date.now() + 1}`, sku: exchangeSku });
    const before = shopify.state.createdOrders.length;
    shopify.state.failNext.push({ failure: 'lost', when: 'orderCreate(' });

    expect(await runWorker(r.orderId)).toEqual({ created: 0, retrying: 1, failed: 0 });
    expect((await rowOf(r.returnId))!).toMatchObject({ status: 'pending', attempts: 1 });
    // Not due yet: nothing is sent.
    const sent = shopify.state.requests.length;
    expect(await createDueExchangeOrders(db, { now })).toEqual({ created: 0, retrying: 0, failed: 0 });
    expect(shopify.state.requests.length).toBe(sent);

    clock += 60_000;
    expect(await createDueExchangeOrders(db, { now })).toEqual({ created: 1, retrying: 0, failed: 0 });
    expect(shopify.state.createdOrders.length).toBe(before + 1);
    expect((await rowOf(r.returnId))!).toMatchObject({ status: 'created', attempts: 2, externalId: shopify.state.createdOrders.at(-1)!.id });
  });

  it('userErrors are recorded with Shopify\'s message for staff ("action needed") and not retried', async () => {
    const integration = await shopifyIntegration();
    const { r, exchangeSku } = await completedExchange(integration, 'gid://shopify/Order/450789471');
    shopify.state.variants.push({ id: `gid://shopify/ProductVariant/${Date.now() + 3}`, sku: exchangeSku });
    const originalCreate = shopify.state.createdOrders.length;
    // Shopify refuses the order (the test server answers userErrors for an order without an email).
    await db.update(orders).set({ email: '' }).where(eq(orders.id, r.orderId));
    expect(await runWorker(r.orderId)).toEqual({ created: 0, retrying: 0, failed: 1 });
    expect(shopify.state.createdOrders.length).toBe(originalCreate);
    const row = (await rowOf(r.returnId))!;
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Email is invalid' });
    const failed = await eventsOf(r.returnId, 'exchange.order_failed');
    expect(failed.map((e) => e.data)).toEqual([expect.objectContaining({ message: 'Email is invalid', platform: 'shopify', rma: r.rma })]);
    expect((await getStaffReturn(db, r.returnId))!.platformOrder).toMatchObject({ status: 'failed', error: 'Email is invalid' });

    clock += 86_400_000;
    const sent = shopify.state.requests.length;
    expect(await createDueExchangeOrders(db, { now })).toEqual({ created: 0, retrying: 0, failed: 0 });
    expect(shopify.state.requests.length).toBe(sent);
  });

  it("the replacement's fulfillments/create fills the ORIGINAL order's exchange parcel and queues the customer's email; orders/create of the replacement is not imported", async () => {
    const integration = await shopifyIntegration();
    const { r, parcelId, exchangeSku } = await completedExchange(integration, 'gid://shopify/Order/450789472');
    shopify.state.variants.push({ id: `gid://shopify/ProductVariant/${Date.now() + 2}`, sku: exchangeSku });
    await runWorker(r.orderId);
    const replacement = (await rowOf(r.returnId))!;
    const numericId = Number(replacement.externalId!.split('/').at(-1));

    const asOrder = await db.transaction((tx) => handleShopifyTopic({ db: tx as unknown as Db, actor: system.actor }, integration, 'orders/create', { ...fixture('shopify/order.json').order, id: numericId, name: replacement.externalName, tags: `paluu-exchange-${r.rma}` }));
    expect(asOrder.outcome).toBe('skipped');

    // A number no other test file's parcel has (they share the database).
    const number = `00370${String(Date.now()).slice(-13)}91`;
    const outcome = await db.transaction((tx) =>
      handleShopifyTopic({ db: tx as unknown as Db, actor: system.actor }, integration, 'fulfillments/create', { ...FULFILLMENT, order_id: numericId, tracking_company: 'PostNord', tracking_number: number, tracking_numbers: [number] }),
    );
    expect(outcome).toMatchObject({ outcome: 'applied', orderId: r.orderId });
    expect(await parcelOf(parcelId)).toMatchObject({ trackingNumber: number, carrier: 'postnord' });
    const mails = await db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.orderId, r.orderId));
    expect(mails.map((m) => m.kind)).toContain('email.exchange_shipped');
  });
});

describe('WooCommerce: the replacement order', () => {
  it('one POST orders with the variation by SKU, totals 0, status processing, meta _paluu_exchange_rma; a second run finds it by that meta; its tracking fills the original parcel', async () => {
    const integration = await wooIntegration();
    const { r, parcelId, exchangeSku } = await completedExchange(integration, String(700 + Math.floor(Math.random() * 1000)));
    woo.state.products.push({ id: 5000 + woo.state.products.length, sku: exchangeSku, type: 'variation', parent_id: 22 });
    const variation = woo.state.products.at(-1)!;

    expect(await runWorker(r.orderId)).toEqual({ created: 1, retrying: 0, failed: 0 });
    const posts = woo.state.requests.filter((q) => q.method === 'POST' && q.path === 'orders');
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'processing', line_items: [{ product_id: 22, variation_id: variation.id, quantity: 1, subtotal: '0.00', total: '0.00' }], billing: { email: r.email } });
    expect(body.meta_data).toContainEqual({ key: '_paluu_exchange_rma', value: r.rma });
    const made = woo.state.createdOrders.at(-1)!;
    expect(made.total).toBe('0.00');
    expect((await rowOf(r.returnId))!).toMatchObject({ status: 'created', externalId: String(made.id) });

    // A retry of a lost answer: the lookup by meta returns the order, no second POST.
    await db.update(exchangePlatformOrders).set({ status: 'pending', nextAttemptAt: now() }).where(eq(exchangePlatformOrders.returnId, r.returnId));
    expect(await createDueExchangeOrders(db, { now })).toEqual({ created: 1, retrying: 0, failed: 0 });
    expect(woo.state.requests.filter((q) => q.method === 'POST' && q.path === 'orders')).toHaveLength(1);

    const number = newTrackingNumber();
    const tracked = { ...made, meta_data: [...(made.meta_data as unknown[]), { id: 13300, key: '_wc_shipment_tracking_items', value: [{ tracking_provider: 'posti', tracking_number: number, date_shipped: String(Math.floor(Date.now() / 1000) - 60) }] }] };
    const outcome = await db.transaction((tx) => handleWooTopic({ db: tx as unknown as Db, actor: system.actor }, integration, 'order.updated', tracked));
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ outcome: 'applied', orderId: r.orderId });
    expect(await parcelOf(parcelId)).toMatchObject({ trackingNumber: number, carrier: 'posti' });
    const mails = await db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.orderId, r.orderId));
    expect(mails.map((m) => m.kind)).toContain('email.exchange_shipped');
  });

  it("an unknown SKU is refused for staff with the reason, without a POST", async () => {
    const integration = await wooIntegration();
    const { r } = await completedExchange(integration, String(2000 + Math.floor(Math.random() * 1000)));
    expect(await runWorker(r.orderId)).toEqual({ created: 0, retrying: 0, failed: 1 });
    expect(woo.state.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
    expect((await rowOf(r.returnId))!.lastError).toMatch(/No WooCommerce product has SKU/);
  });
});

describe('an order of our own', () => {
  it('gets no replacement order row and no platform call: exchange.created is for the shop\'s own system', async () => {
    const { r } = await completedExchange(null, '');
    expect(await runWorker(r.orderId)).toEqual({ created: 0, retrying: 0, failed: 0 });
    expect(await rowOf(r.returnId)).toBeUndefined();
    expect(shopify.state.requests).toHaveLength(0);
    expect(woo.state.requests).toHaveLength(0);
  });

  it('from a platform without an exchange connector (Vendure) gets no row either: exchange.created is for the shop\'s own system', async () => {
    const view = await addVendureIntegration(system, { url: `https://${uniqueId('vx').toLowerCase()}.example.com`, token: 'a1b2c3d4e5f6a7b8:c9d0e1f2', webhookSecret: 'vendure_exchange_secret_0000' });
    const { r } = await completedExchange((await openIntegration(db, view.id))!, '42');
    expect(await runWorker(r.orderId)).toEqual({ created: 0, retrying: 0, failed: 0 });
    expect(await rowOf(r.returnId)).toBeUndefined();
  });
});
