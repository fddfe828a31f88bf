/**
 * Issue #15: products and stock for exchanges come from WooCommerce. Signed deliveries of product.created,
 * product.updated and product.deleted through the real route handler; a variable product's variations are read
 * from the local WooCommerce (test/woocommerce-server.ts). Bodies are WooCommerce's documentation examples
 * (fixtures/woocommerce/products.json, product-variations.json; fixtures/SOURCES.md). The docs' variations have no
 * SKU, so the tests give them SKUs: Black is `Bar3`, the SKU of the "Ship Your Idea – Color: Black" line of the
 * docs' order 727 (fixtures/woocommerce/order.json). Each test runs in a transaction rolled back at the end.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { orders, variants } from '@/db/schema';
import { getReturnWizard } from '@/lib/returns/queries';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { startWooServer, type WooServer } from '@/test/woocommerce-server';
import { UNCOUNTED_STOCK } from '../apply-variants';
import { addWooIntegration } from '../integrations';
import { receivePlatformWebhook } from '../receive-webhook';

const db = testDb();
const SECRET = 'wc_products_secret_0123456789abcdef';
const fixture = (name: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/woocommerce', name), 'utf8'));
const ORDER = fixture('order.json');
const [SHIP_YOUR_IDEA, PREMIUM] = fixture('products.json');
const VARIATIONS: Array<Record<string, unknown> & { id: number }> = fixture('product-variations.json');
const SKUS: Record<number, string> = { 733: 'Bar3-GREEN', 732: 'Bar3' };
const withSkus = () => VARIATIONS.map((v) => ({ ...v, sku: SKUS[v.id] }));

let server: WooServer;
beforeAll(async () => {
  server = await startWooServer({ consumerKey: 'ck_products0123456789', consumerSecret: 'cs_products0123456789' });
});
afterAll(() => server.close());
beforeEach(() => {
  server.state.variations = { [SHIP_YOUR_IDEA.id]: withSkus() };
  server.state.failNext = [];
});

type Send = (topic: string, payload: unknown, id?: string) => Promise<{ status: number; body: Record<string, unknown> }>;

async function withStore<T>(fn: (tx: Db, send: Send) => Promise<T>) {
  return inRollback(db, async (tx) => {
    const source = `https://${uniqueId('wcp').toLowerCase()}.example.com`;
    await addWooIntegration({ db: tx, actor: { type: 'system' } }, { url: source, consumerKey: 'ck_products0123456789', consumerSecret: 'cs_products0123456789', webhookSecret: SECRET, apiOrigin: server.origin });
    const send: Send = (topic, payload, id) => {
      const body = JSON.stringify(payload);
      const [resource, event] = topic.split('.');
      return receivePlatformWebhook(
        tx,
        'woocommerce',
        new Request('http://localhost/api/integrations/woocommerce/webhooks', {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            'x-wc-webhook-source': `${source}/`,
            'x-wc-webhook-topic': topic,
            'x-wc-webhook-resource': resource!,
            'x-wc-webhook-event': event!,
            'x-wc-webhook-id': '143',
            'x-wc-webhook-delivery-id': id ?? uniqueId('dl'),
            'x-wc-webhook-signature': createHmac('sha256', SECRET).update(body, 'utf8').digest('base64'),
          },
        }),
      );
    };
    return fn(tx, send);
  });
}

const bySku = async (tx: Db, skus = ['Bar3', 'Bar3-GREEN']) => Object.fromEntries((await tx.select().from(variants).where(inArray(variants.sku, skus))).map((v) => [v.sku, v]));

/** What the exchange step offers instead of the order's black "Ship Your Idea" (SKU Bar3). */
async function offeredForBlack(tx: Db) {
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, '727'));
  const wizard = await getReturnWizard(tx, { orderId: order!.id, level: 'verified' }, 'en', 'Europe/Helsinki');
  const blackId = (await bySku(tx)).Bar3!.id;
  const black = wizard!.lines.find((l) => l.variantId === blackId);
  return Object.fromEntries(black!.exchangeVariants.map((v) => [v.options.Color, v.stock]));
}

describe('WooCommerce products and stock', () => {
  it('product.created of a variable product reads its variations; the exchange step offers the other colour', async () => {
    await withStore(async (tx, send) => {
      expect(await send('order.created', ORDER)).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      expect(await send('product.created', SHIP_YOUR_IDEA)).toEqual({ status: 200, body: { received: true, duplicate: false, outcome: 'applied' } });
      expect(server.state.requests.at(-1)).toMatchObject({ method: 'GET', path: 'products/799/variations', query: { per_page: '100', page: '1' } });
      const rows = await bySku(tx);
      // The docs' variations do not manage stock and are in stock: offered without a count. Price "9.00"; the
      // store's currency is its orders' (USD in order 727).
      expect(rows.Bar3).toMatchObject({ productKey: 'woocommerce/product/799', title: 'Ship Your Idea', options: { Color: 'Black' }, price: 900, currency: 'USD', stock: UNCOUNTED_STOCK });
      expect(rows['Bar3-GREEN']).toMatchObject({ options: { Color: 'Green' }, stock: UNCOUNTED_STOCK });
      expect(await offeredForBlack(tx)).toEqual({ Green: UNCOUNTED_STOCK });
    });
  });

  it('product.updated: counted stock reaches the exchange step; an older copy arriving late and a redelivery change nothing', async () => {
    await withStore(async (tx, send) => {
      await send('order.created', ORDER);
      await send('product.created', SHIP_YOUR_IDEA);
      server.state.variations[799] = withSkus().map((v) => (v.id === 733 ? { ...v, manage_stock: true, stock_quantity: 4, date_modified_gmt: '2017-04-01T10:00:00' } : v));
      expect(await send('product.updated', { ...SHIP_YOUR_IDEA, date_modified_gmt: '2017-04-01T10:00:00' }, 'upd-1')).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      expect(await offeredForBlack(tx)).toEqual({ Green: 4 });

      server.state.variations[799] = withSkus().map((v) => (v.id === 733 ? { ...v, manage_stock: true, stock_quantity: 0, date_modified_gmt: '2017-04-02T10:00:00' } : v));
      await send('product.updated', { ...SHIP_YOUR_IDEA, date_modified_gmt: '2017-04-02T10:00:00' });
      expect(await offeredForBlack(tx)).toEqual({ Green: 0 });

      // The first delivery again, and the docs' original (older) copy under a new delivery id.
      expect(await send('product.updated', { ...SHIP_YOUR_IDEA, date_modified_gmt: '2017-04-01T10:00:00' }, 'upd-1')).toEqual({ status: 200, body: { received: true, duplicate: true } });
      server.state.variations[799] = withSkus();
      expect(await send('product.updated', SHIP_YOUR_IDEA)).toMatchObject({ status: 200, body: { outcome: 'stale' } });
      expect((await bySku(tx))['Bar3-GREEN']!.stock).toBe(0);
    });
  });

  it('product.deleted: the variations stay but are no longer offered; a simple product is one variant', async () => {
    await withStore(async (tx, send) => {
      await send('order.created', ORDER);
      await send('product.created', SHIP_YOUR_IDEA);
      expect(await send('product.deleted', { id: 799 })).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      expect(Object.values(await bySku(tx)).map((v) => [v.sku, v.stock, v.discontinuedAt !== null]).sort()).toEqual([
        ['Bar3', 0, true],
        ['Bar3-GREEN', 0, true],
      ]);
      expect(await offeredForBlack(tx)).toEqual({});

      expect(await send('product.created', { ...PREMIUM, sku: 'PQ-794' })).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      expect((await bySku(tx, ['PQ-794']))['PQ-794']).toMatchObject({ title: 'Premium Quality', options: {}, price: 2199, productKey: 'woocommerce/product/794' });
    });
  });

  it('variations WooCommerce cannot give now: 409 so WooCommerce delivers again, nothing stored; a variation without SKU is skipped', async () => {
    await withStore(async (tx, send) => {
      server.state.failNext.push({ failure: 'http503', when: 'variations' });
      expect(await send('product.created', SHIP_YOUR_IDEA, 'retry-1')).toMatchObject({ status: 409 });
      expect(await bySku(tx)).toEqual({});
      // The redelivery (same id) is handled now; the docs' own variations have no SKU and are skipped.
      server.state.variations[799] = VARIATIONS;
      expect(await send('product.created', SHIP_YOUR_IDEA, 'retry-1')).toMatchObject({ status: 200, body: { outcome: 'skipped', detail: expect.stringContaining('has no SKU') } });
    });
  });
});
