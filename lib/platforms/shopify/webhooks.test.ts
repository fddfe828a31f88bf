/**
 * Issue #15: Shopify webhooks at POST /api/integrations/shopify/webhooks. Bodies are Shopify's published
 * examples (fixtures/shopify/, fixtures/SOURCES.md), signed the way Shopify signs: base64 HMAC-SHA256 of the
 * raw body with the webhook secret. Each test runs in a transaction rolled back at the end (order #1001 is
 * the fixture's number).
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { caseEvents, domainEvents, orderLines, orders, platformIntegrations, platformWebhookReceipts, refunds, shipments } from '@/db/schema';
import { lookupOrder } from '@/lib/orders/lookup-order';
import { resolveOrderNumber } from '@/lib/orders/queries';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { addShopifyIntegration } from '../integrations';
import { receivePlatformWebhook } from '../receive-webhook';

const db = testDb();
const SECRET = 'shpss_0123456789abcdef0123456789abcdef';
const fixture = (name: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/shopify', name), 'utf8'));
const ORDER = fixture('order.json').order;
const FULFILLMENT = fixture('fulfillments.json').fulfillments[0];
const REFUND = fixture('refund.json').refund;

type Delivery = { topic: string; body: string; id?: string; secret?: string; shop: string; hmac?: string };

function request({ topic, body, id, secret = SECRET, shop, hmac }: Delivery): Request {
  return new Request('http://localhost/api/integrations/shopify/webhooks', {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': hmac ?? createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
      'x-shopify-shop-domain': shop,
      'x-shopify-api-version': '2026-07',
      'x-shopify-webhook-id': id ?? uniqueId('wh'),
      'x-shopify-triggered-at': new Date().toISOString(),
    },
  });
}

async function withShop<T>(fn: (tx: Db, send: (topic: string, payload: unknown, extra?: Partial<Delivery>) => Promise<{ status: number; body: Record<string, unknown> }>, shop: string) => Promise<T>) {
  return inRollback(db, async (tx) => {
    const shop = `${uniqueId('paluu').toLowerCase()}.myshopify.com`;
    await addShopifyIntegration({ db: tx, actor: { type: 'system' } }, { shopDomain: shop, accessToken: 'shpat_test_token', webhookSecret: SECRET });
    const send = (topic: string, payload: unknown, extra: Partial<Delivery> = {}) =>
      receivePlatformWebhook(tx, 'shopify', request({ topic, body: typeof payload === 'string' ? payload : JSON.stringify(payload), shop, ...extra }));
    return fn(tx, send, shop);
  });
}

const orderRow = async (tx: Db) => (await tx.select().from(orders).where(eq(orders.orderNumber, '1001')))[0];

describe('Shopify webhooks', () => {
  it('orders/create makes order 1001 from Shopify’s "#1001" with the platform ids, an audit row and an order.upserted event', async () => {
    await withShop(async (tx, send) => {
      const res = await send('orders/create', ORDER);
      expect(res).toEqual({ status: 200, body: { received: true, duplicate: false, outcome: 'applied' } });
      const order = await orderRow(tx);
      expect(order).toMatchObject({
        orderNumber: '1001',
        email: 'bob.norman@hostmail.com',
        customerName: 'Bob Norman',
        externalId: 'gid://shopify/Order/450789469',
        currency: 'USD',
        shippingCity: 'Louisville',
        shippingCountry: 'US',
        locale: 'en',
        // "authorized": nothing captured yet.
        capturedAmount: 0,
      });
      const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order!.id)).orderBy(asc(orderLines.position));
      expect(lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.externalId])).toEqual([
        ['IPOD2008GREEN', 1, 19900, 'gid://shopify/LineItem/466157049'],
        ['IPOD2008RED', 1, 19900, 'gid://shopify/LineItem/518995019'],
        ['IPOD2008BLACK', 1, 19900, 'gid://shopify/LineItem/703073504'],
      ]);
      const audit = await tx.select().from(caseEvents).where(and(eq(caseEvents.orderId, order!.id), eq(caseEvents.type, 'order.upserted')));
      expect(audit).toHaveLength(1);
      const events = await tx.select().from(domainEvents).where(and(eq(domainEvents.orderId, order!.id), eq(domainEvents.audience, 'public'), eq(domainEvents.type, 'order.upserted')));
      expect(events).toHaveLength(1);
    });
  });

  it('the customer finds the order with "#1001" and with "1001" plus the email', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      expect(await resolveOrderNumber(tx, '#1001')).toBe('1001');
      expect(await resolveOrderNumber(tx, '1001')).toBe('1001');
      const withHash = await lookupOrder({ db: tx, clientKey: uniqueId('ip') }, { orderNumber: '#1001', contact: 'Bob.Norman@hostmail.com' });
      const without = await lookupOrder({ db: tx, clientKey: uniqueId('ip') }, { orderNumber: '1001', contact: 'bob.norman@hostmail.com' });
      expect(withHash).toMatchObject({ orderNumber: '1001', level: 'verified' });
      expect(without.orderId).toBe(withHash.orderId);
    });
  });

  it('a redelivery with the same X-Shopify-Webhook-Id is acknowledged and changes nothing', async () => {
    await withShop(async (tx, send) => {
      const id = uniqueId('wh');
      expect((await send('orders/create', ORDER, { id })).body).toMatchObject({ duplicate: false, outcome: 'applied' });
      const renamed = { ...ORDER, email: 'someone.else@example.com', updated_at: '2008-01-11T11:00:00-05:00' };
      expect(await send('orders/updated', renamed, { id })).toEqual({ status: 200, body: { received: true, duplicate: true } });
      expect((await orderRow(tx))!.email).toBe('bob.norman@hostmail.com');
      const receipts = await tx.select().from(platformWebhookReceipts).where(eq(platformWebhookReceipts.webhookId, id));
      expect(receipts.map((r) => [r.topic, r.outcome])).toEqual([['orders/create', 'applied']]);
    });
  });

  it('out of order: an orders/updated older than the one applied changes nothing', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      const newer = { ...ORDER, email: 'bob.new@hostmail.com', updated_at: '2008-01-12T11:00:00-05:00' };
      const older = { ...ORDER, email: 'bob.old@hostmail.com', updated_at: '2008-01-11T11:00:00-05:00' };
      expect((await send('orders/updated', newer)).body).toMatchObject({ outcome: 'applied' });
      expect((await send('orders/updated', older)).body).toMatchObject({ outcome: 'stale' });
      expect((await orderRow(tx))!.email).toBe('bob.new@hostmail.com');
    });
  });

  it('orders/cancelled marks the order canceled, with an audit row', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      // Assumption (no public orders/cancelled example found): the body is the order with cancelled_at set.
      const cancelled = { ...ORDER, cancelled_at: '2008-01-10T12:00:00-05:00', cancel_reason: 'customer', updated_at: '2008-01-10T12:00:00-05:00' };
      expect((await send('orders/cancelled', cancelled)).body).toMatchObject({ outcome: 'applied' });
      const order = await orderRow(tx);
      expect(order!.canceledAt?.toISOString()).toBe('2008-01-10T17:00:00.000Z');
      expect(await tx.select().from(caseEvents).where(and(eq(caseEvents.orderId, order!.id), eq(caseEvents.type, 'order.canceled')))).toHaveLength(1);
    });
  });

  it('a bad signature, an unknown shop and a missing webhook id are 401 and store nothing', async () => {
    await withShop(async (tx, send, shop) => {
      const body = JSON.stringify(ORDER);
      expect((await send('orders/create', body, { secret: 'shpss_not_the_secret_at_all_000000' })).status).toBe(401);
      expect((await send('orders/create', body, { hmac: '' })).status).toBe(401);
      // A byte changed after signing.
      const signed = createHmac('sha256', SECRET).update(body).digest('base64');
      expect((await send('orders/create', body.replace('Bob', 'Rob'), { hmac: signed })).status).toBe(401);
      const unknown = await receivePlatformWebhook(tx, 'shopify', request({ topic: 'orders/create', body, shop: 'not-connected.myshopify.com' }));
      expect(unknown).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'The webhook could not be authenticated.' } } });
      const noId = request({ topic: 'orders/create', body, shop });
      noId.headers.delete('x-shopify-webhook-id');
      expect((await receivePlatformWebhook(tx, 'shopify', noId)).status).toBe(401);
      expect(await orderRow(tx)).toBeUndefined();
      const [integration] = await tx.select({ id: platformIntegrations.id }).from(platformIntegrations).where(eq(platformIntegrations.domain, shop));
      expect(await tx.select().from(platformWebhookReceipts).where(eq(platformWebhookReceipts.integrationId, integration!.id))).toEqual([]);
    });
  });

  it('malformed JSON (correctly signed) is 400 in the error shape; an order Shopify sent without email is skipped, not a 500', async () => {
    await withShop(async (tx, send) => {
      expect(await send('orders/create', '{"id": 1, "name": "#1')).toEqual({ status: 400, body: { error: { code: 'bad_request', message: 'The body is not valid JSON.' } } });
      const res = await send('orders/create', { ...ORDER, email: null, contact_email: null, customer: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'skipped', detail: 'order #1001 has no email; customers could not look it up' });
      expect(await orderRow(tx)).toBeUndefined();
    });
  });

  it('an order number already used by an order from our API is never overwritten by a shop', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      await tx.update(orders).set({ externalId: null }).where(eq(orders.orderNumber, '1001'));
      const res = await send('orders/updated', { ...ORDER, email: 'x@example.com', updated_at: '2009-01-01T00:00:00Z' });
      expect(res.body).toMatchObject({ outcome: 'skipped' });
      expect((await orderRow(tx))!.email).toBe('bob.norman@hostmail.com');
    });
  });

  it('fulfillments/create with a carrier we track becomes a shipment with its tracking number and line quantities', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      // Shopify's example ships with "TNT"; a Nordic shop's fulfilment says e.g. "PostNord" (Shopify's carrier list).
      const res = await send('fulfillments/create', { ...FULFILLMENT, tracking_company: 'PostNord' });
      expect(res.body).toMatchObject({ outcome: 'applied' });
      const order = await orderRow(tx);
      const [shipment] = await tx.select().from(shipments).where(eq(shipments.orderId, order!.id));
      expect(shipment).toMatchObject({ carrier: 'postnord', trackingNumber: '123456789' });
      const lines = await tx.select({ sku: orderLines.sku, fulfilled: orderLines.fulfilledQuantity }).from(orderLines).where(eq(orderLines.orderId, order!.id)).orderBy(asc(orderLines.position));
      expect(lines).toEqual([
        { sku: 'IPOD2008GREEN', fulfilled: 0 },
        { sku: 'IPOD2008RED', fulfilled: 1 },
        { sku: 'IPOD2008BLACK', fulfilled: 0 },
      ]);
      // fulfillments/update of the same parcel: already recorded.
      expect((await send('fulfillments/update', { ...FULFILLMENT, tracking_company: 'PostNord' })).body).toMatchObject({ outcome: 'stale' });
      expect(await tx.select().from(shipments).where(eq(shipments.orderId, order!.id))).toHaveLength(1);
    });
  });

  it('a fulfilment with a carrier we do not track ("TNT", as in Shopify’s example) is a logged skip, 200', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      const res = await send('fulfillments/create', FULFILLMENT);
      expect(res).toEqual({ status: 200, body: { received: true, duplicate: false, outcome: 'skipped', detail: 'fulfillment 1069019884: tracking company "TNT" is not a carrier Paluu tracks' } });
      expect(await tx.select().from(shipments).where(eq(shipments.orderId, (await orderRow(tx))!.id))).toEqual([]);
    });
  });

  it('a fulfilment before its order is 409 and not remembered, so Shopify’s retry is applied', async () => {
    await withShop(async (tx, send) => {
      const id = uniqueId('wh');
      const early = await send('fulfillments/create', { ...FULFILLMENT, tracking_company: 'Bring' }, { id });
      expect(early.status).toBe(409);
      await send('orders/create', ORDER);
      expect((await send('fulfillments/create', { ...FULFILLMENT, tracking_company: 'Bring' }, { id })).body).toMatchObject({ duplicate: false, outcome: 'applied' });
    });
  });

  it('refunds/create records the refund made on Shopify once (amount of the successful refund transactions)', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      // Paid since: the money was captured.
      await send('orders/updated', { ...ORDER, financial_status: 'paid', updated_at: '2008-01-11T11:00:00-05:00' });
      const order = await orderRow(tx);
      expect(order!.capturedAmount).toBe(40994);
      expect((await send('refunds/create', REFUND)).body).toMatchObject({ outcome: 'applied' });
      const rows = await tx.select().from(refunds).where(eq(refunds.orderId, order!.id));
      // Money already moved on Shopify: a settled ledger row on rail shopify, never executed again by the worker.
      expect(rows.map((r) => [r.amount, r.currency, r.reason, r.status, r.rail, r.providerReference])).toEqual([
        [20900, 'USD', 'it broke during shipping', 'succeeded', 'shopify', REFUND.admin_graphql_api_id ?? `gid://shopify/Refund/${REFUND.id}`],
      ]);
      expect((await orderRow(tx))!.refundedAmount).toBe(20900);
      const events = await tx.select({ n: sql<number>`count(*)::int` }).from(domainEvents).where(and(eq(domainEvents.orderId, order!.id), eq(domainEvents.audience, 'public'), eq(domainEvents.type, 'refund.succeeded')));
      expect(events[0]!.n).toBe(1);
      // The same Shopify refund under another delivery id: recorded already.
      expect((await send('refunds/create', REFUND)).body).toMatchObject({ outcome: 'stale' });
      expect(await tx.select().from(refunds).where(eq(refunds.orderId, order!.id))).toHaveLength(1);
    });
  });

  it('refunds/create for a refund our own rail made links that ledger row and records nothing new', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      await send('orders/updated', { ...ORDER, financial_status: 'paid', updated_at: '2008-01-11T11:00:00-05:00' });
      const order = await orderRow(tx);
      const gid = REFUND.admin_graphql_api_id ?? `gid://shopify/Refund/${REFUND.id}`;
      // What the worker leaves after shopifyRefundRail succeeded: the ledger row with Shopify's refund id.
      await tx.insert(refunds).values({ orderId: order!.id, amount: 20900, currency: 'USD', status: 'succeeded', rail: 'shopify', providerReference: gid, settledAt: new Date(), nextAttemptAt: null });
      expect((await send('refunds/create', REFUND)).body).toMatchObject({ outcome: 'stale' });
      expect(await tx.select().from(refunds).where(eq(refunds.orderId, order!.id))).toHaveLength(1);
      expect((await orderRow(tx))!.refundedAmount).toBe(20900);
    });
  });

  it('a refund above what was captured is skipped with the reason, not a 500', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER); // authorized: 0 captured
      const res = await send('refunds/create', REFUND);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'skipped' });
      expect(await tx.select().from(refunds).where(eq(refunds.orderId, (await orderRow(tx))!.id))).toEqual([]);
    });
  });
});
