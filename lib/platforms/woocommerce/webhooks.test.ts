/**
 * Issue #15: WooCommerce webhooks at POST /api/integrations/woocommerce/webhooks. The order body is WooCommerce's
 * published example (fixtures/woocommerce/order.json, fixtures/SOURCES.md: "the payload is exactly the same as if
 * requested via the REST API"), signed the way WooCommerce signs: base64 HMAC-SHA256 of the raw body with the
 * webhook secret in X-WC-Webhook-Signature. Each test runs in a transaction rolled back at the end.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { caseEvents, orderLines, orders, platformIntegrations, platformWebhookReceipts, returnItems, returns, shipments, variants } from '@/db/schema';
import { lookupOrder } from '@/lib/orders/lookup-order';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { addWooIntegration } from '../integrations';
import { receivePlatformWebhook } from '../receive-webhook';

const db = testDb();
const SECRET = 'wc_webhook_secret_0123456789abcdef';
const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/woocommerce/order.json'), 'utf8'));

type Delivery = { topic: string; body: string; id?: string; secret?: string; source: string; signature?: string | null };

function request({ topic, body, id, secret = SECRET, source, signature }: Delivery): Request {
  const [resource, event] = topic.split('.');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'WooCommerce/9.4.0 Hookshot (WordPress/6.7)',
    'x-wc-webhook-source': `${source}/`,
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': resource!,
    'x-wc-webhook-event': event!,
    'x-wc-webhook-id': '142',
    'x-wc-webhook-delivery-id': id ?? uniqueId('dl'),
  };
  if (signature !== null) headers['x-wc-webhook-signature'] = signature ?? createHmac('sha256', secret).update(body, 'utf8').digest('base64');
  return new Request('http://localhost/api/integrations/woocommerce/webhooks', { method: 'POST', body, headers });
}

type Send = (topic: string, payload: unknown, extra?: Partial<Delivery>) => Promise<{ status: number; body: Record<string, unknown> }>;

async function withStore<T>(fn: (tx: Db, send: Send, source: string) => Promise<T>) {
  return inRollback(db, async (tx) => {
    const source = `https://${uniqueId('wc').toLowerCase()}.example.com`;
    await addWooIntegration({ db: tx, actor: { type: 'system' } }, { url: source, consumerKey: 'ck_0123456789abcdef', consumerSecret: 'cs_0123456789abcdef', webhookSecret: SECRET });
    const send: Send = (topic, payload, extra = {}) => receivePlatformWebhook(tx, 'woocommerce', request({ topic, body: typeof payload === 'string' ? payload : JSON.stringify(payload), source, ...extra }));
    return fn(tx, send, source);
  });
}

const orderRow = async (tx: Db) => (await tx.select().from(orders).where(eq(orders.orderNumber, '727')))[0];
const tracked = (items: unknown[]) => ({ ...ORDER, meta_data: [...ORDER.meta_data, { id: 13200, key: '_wc_shipment_tracking_items', value: items }] });

describe('WooCommerce webhooks', () => {
  it('order.created makes order 727 from WooCommerce’s example: customer, address, lines with WooCommerce ids, captured amount and payment method', async () => {
    await withStore(async (tx, send) => {
      expect(await send('order.created', ORDER)).toEqual({ status: 200, body: { received: true, duplicate: false, outcome: 'applied' } });
      const order = await orderRow(tx);
      expect(order).toMatchObject({
        orderNumber: '727',
        email: 'john.doe@example.com',
        customerName: 'John Doe',
        externalId: '727',
        currency: 'USD',
        shippingCity: 'San Francisco',
        shippingCountry: 'US',
        // "processing": paid. 29.35 with tax, capped at lines (2 × 3.00 + 12.00) + shipping 10.00.
        capturedAmount: 2800,
        shippingAmount: 1000,
        // "bacs" is WooCommerce's direct bank transfer.
        paymentMethod: 'bank_transfer',
      });
      expect(order!.placedAt.toISOString()).toBe('2017-03-22T19:28:02.000Z');
      const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order!.id)).orderBy(asc(orderLines.position));
      expect(lines.map((l) => [l.sku, l.title, l.quantity, l.unitPrice, l.externalId])).toEqual([
        ['woocommerce-315', 'Woo Single #1', 2, 300, '315'],
        ['Bar3', 'Ship Your Idea &ndash; Color: Black, Size: M Test', 1, 1200, '316'],
      ]);
      expect(lines[1]!.variantOptions).toEqual({ variant: 'black / M Test' });
      const found = await lookupOrder({ db: tx, clientKey: uniqueId('ip') }, { orderNumber: '727', contact: 'John.Doe@example.com' });
      expect(found).toMatchObject({ orderNumber: '727', level: 'verified' });
    });
  });

  it('WooCommerce’s ping on webhook creation (form body webhook_id=N, unsigned) is answered 200 and stores nothing', async () => {
    await withStore(async (tx, send) => {
      const res = await send('order.created', 'webhook_id=142', { signature: null });
      expect(res).toEqual({ status: 200, body: { received: true, ping: true } });
      expect(await tx.select().from(platformWebhookReceipts)).toEqual([]);
    });
  });

  it('a redelivery with the same X-WC-Webhook-Delivery-ID is acknowledged and changes nothing', async () => {
    await withStore(async (tx, send) => {
      const id = uniqueId('dl');
      expect((await send('order.created', ORDER, { id })).body).toMatchObject({ duplicate: false, outcome: 'applied' });
      const changed = { ...ORDER, billing: { ...ORDER.billing, email: 'someone.else@example.com' }, date_modified_gmt: '2017-03-23T10:00:00' };
      expect(await send('order.updated', changed, { id })).toEqual({ status: 200, body: { received: true, duplicate: true } });
      expect((await orderRow(tx))!.email).toBe('john.doe@example.com');
    });
  });

  it('out of order: an order.updated with an older date_modified_gmt than the one applied changes nothing', async () => {
    await withStore(async (tx, send) => {
      const newer = { ...ORDER, billing: { ...ORDER.billing, email: 'john.new@example.com' }, date_modified_gmt: '2017-03-24T10:00:00' };
      const older = { ...ORDER, billing: { ...ORDER.billing, email: 'john.old@example.com' }, date_modified_gmt: '2017-03-23T10:00:00' };
      expect((await send('order.updated', newer)).body).toMatchObject({ outcome: 'applied' });
      expect((await send('order.updated', older)).body).toMatchObject({ outcome: 'stale' });
      expect((await orderRow(tx))!.email).toBe('john.new@example.com');
    });
  });

  it('a cancellation is never lost as stale: a cancelled copy as old as the one applied still cancels the order, and changes nothing else', async () => {
    await withStore(async (tx, send) => {
      const at = '2017-03-24T10:00:00';
      const live = { ...ORDER, billing: { ...ORDER.billing, email: 'john.new@example.com' }, date_modified_gmt: at };
      const cancelled = { ...ORDER, status: 'cancelled', billing: { ...ORDER.billing, email: 'john.old@example.com' }, date_modified_gmt: at };
      expect((await send('order.updated', live)).body).toMatchObject({ outcome: 'applied' });
      expect((await orderRow(tx))!.canceledAt).toBeNull();
      expect((await send('order.updated', cancelled)).body).toMatchObject({ outcome: 'stale' });
      const row = (await orderRow(tx))!;
      expect(row.canceledAt).toEqual(new Date(`${at}Z`));
      expect(row.email).toBe('john.new@example.com');
    });
  });

  it('a bad signature, a changed byte, no signature, an unknown store and a missing delivery id are 401 and store nothing', async () => {
    await withStore(async (tx, send, source) => {
      const body = JSON.stringify(ORDER);
      expect((await send('order.created', body, { secret: 'not_the_secret_at_all_0000000000' })).status).toBe(401);
      expect((await send('order.created', body, { signature: null })).status).toBe(401);
      expect((await send('order.created', body, { signature: 'AAAA' })).status).toBe(401);
      const signed = createHmac('sha256', SECRET).update(body).digest('base64');
      expect((await send('order.created', body.replace('John', 'Jane'), { signature: signed })).status).toBe(401);
      const unknown = await receivePlatformWebhook(tx, 'woocommerce', request({ topic: 'order.created', body, source: 'https://not-connected.example.com' }));
      expect(unknown).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'The webhook could not be authenticated.' } } });
      const noId = request({ topic: 'order.created', body, source });
      noId.headers.delete('x-wc-webhook-delivery-id');
      expect((await receivePlatformWebhook(tx, 'woocommerce', noId)).status).toBe(401);
      expect(await orderRow(tx)).toBeUndefined();
      const [integration] = await tx.select({ id: platformIntegrations.id }).from(platformIntegrations).where(eq(platformIntegrations.domain, source.replace('https://', '')));
      expect(await tx.select().from(platformWebhookReceipts).where(eq(platformWebhookReceipts.integrationId, integration!.id))).toEqual([]);
    });
  });

  it('Shipment Tracking parcels become shipments with our carrier ids; an unknown provider is noted and skipped; a redelivered parcel is not doubled', async () => {
    await withStore(async (tx, send) => {
      const items = [
        { tracking_provider: 'postnord-se', custom_tracking_provider: '', tracking_number: '00370712345678901234', date_shipped: '1490212800', tracking_id: 'a1' },
        { tracking_provider: '', custom_tracking_provider: 'Pony Express', tracking_number: 'PONY123', date_shipped: '1490212800', tracking_id: 'a2' },
      ];
      const res = await send('order.updated', tracked(items));
      expect(res.body).toMatchObject({ outcome: 'applied' });
      expect(String(res.body.detail)).toContain('provider "Pony Express" is not a carrier Paluu tracks');
      const order = await orderRow(tx);
      const parcels = await tx.select().from(shipments).where(eq(shipments.orderId, order!.id));
      expect(parcels.map((p) => [p.carrier, p.trackingNumber])).toEqual([['postnord', '00370712345678901234']]);
      expect(parcels[0]!.shippedAt?.toISOString()).toBe('2017-03-22T20:00:00.000Z');
      const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order!.id)).orderBy(asc(orderLines.position));
      expect(lines.map((l) => l.fulfilledQuantity)).toEqual([2, 1]);
      // The same meta again (a later update): still one parcel.
      await send('order.updated', { ...tracked(items), date_modified_gmt: '2017-03-25T10:00:00' });
      expect(await tx.select().from(shipments).where(eq(shipments.orderId, order!.id))).toHaveLength(1);
    });
  });

  it('a new tracking item on an order shipped in full fills the exchange parcel awaiting the shop (its SKU is no order line) instead of being refused', async () => {
    await withStore(async (tx, send) => {
      const first = { tracking_provider: 'postnord-se', custom_tracking_provider: '', tracking_number: '00370712345678901234', date_shipped: '1490212800', tracking_id: 'a1' };
      await send('order.updated', tracked([first]));
      const order = await orderRow(tx);
      const [line] = await tx.select().from(orderLines).where(eq(orderLines.orderId, order!.id)).orderBy(asc(orderLines.position));
      // What completing an exchange leaves (lib/returns/exchange-parcel.ts): the parcel awaiting the shop, named by the return.
      const sku = uniqueId('SWAP').toUpperCase();
      const [variant] = await tx.insert(variants).values({ sku, productKey: sku, title: 'Swapped size', price: 1000, stock: 1 }).returning();
      const rma = `R-${uniqueId('w')}`;
      const [waiting] = await tx.insert(shipments).values({ orderId: order!.id, carrier: 'postnord', service: 'exchange', trackingNumber: `PENDING-${rma}` }).returning();
      const [ret] = await tx
        .insert(returns)
        .values({ rmaNumber: rma, orderId: order!.id, status: 'completed', method: 'drop_off', carrier: 'postnord', fee: 0, currency: 'EUR', idempotencyKey: randomUUID(), exchangeShipmentId: waiting!.id })
        .returning();
      await tx.insert(returnItems).values({ returnId: ret!.id, orderLineId: line!.id, quantity: 1, reasonCode: 'too_small', resolution: 'exchange', exchangeVariantId: variant!.id });

      const second = { ...first, tracking_number: '00370712345678909999', tracking_id: 'a2' };
      const res = await send('order.updated', { ...tracked([first, second]), date_modified_gmt: '2017-03-25T10:00:00' });
      expect(res.body).toMatchObject({ outcome: 'applied' });
      expect(String(res.body.detail ?? '')).not.toContain('00370712345678909999');
      const parcels = await tx.select().from(shipments).where(eq(shipments.orderId, order!.id));
      expect(parcels.map((p) => [p.id === waiting!.id, p.trackingNumber]).sort()).toEqual([
        [false, '00370712345678901234'],
        [true, '00370712345678909999'],
      ]);
    });
  });

  it('order.deleted ({ id }) cancels the order with an audit row; malformed JSON is 400; a body that is not an order is skipped, not a 500', async () => {
    await withStore(async (tx, send) => {
      await send('order.created', ORDER);
      expect((await send('order.deleted', { id: 727 })).body).toMatchObject({ outcome: 'applied' });
      const order = await orderRow(tx);
      expect(order!.canceledAt).not.toBeNull();
      expect(await tx.select().from(caseEvents).where(and(eq(caseEvents.orderId, order!.id), eq(caseEvents.type, 'order.canceled')))).toHaveLength(1);
      expect(await send('order.updated', '{"id": 727, "number": "7')).toEqual({ status: 400, body: { error: { code: 'bad_request', message: 'The body is not valid JSON.' } } });
      const res = await send('order.created', { id: 728, hello: 'world' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'skipped' });
    });
  });
});
