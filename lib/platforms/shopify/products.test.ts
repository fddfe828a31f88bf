/**
 * Issue #15: products and stock for exchanges come from Shopify. Signed deliveries of products/create,
 * products/update, products/delete and inventory_levels/update through the real route handler
 * (receivePlatformWebhook); bodies are Shopify's published examples (fixtures/shopify/products.json,
 * inventory-level.json; fixtures/SOURCES.md), changed only where a test says so. The exchange step is the return
 * wizard's DTO (getReturnWizard) for Shopify's example order #1001 (lines IPOD2008GREEN and IPOD2008RED).
 * Each test runs in a transaction rolled back at the end.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { domainEvents, orders, platformVariants, variants } from '@/db/schema';
import { getReturnWizard } from '@/lib/returns/queries';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { addShopifyIntegration } from '../integrations';
import { receivePlatformWebhook } from '../receive-webhook';

const db = testDb();
const SECRET = 'shpss_products_0123456789abcdef0123';
const fixture = (name: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/shopify', name), 'utf8'));
const ORDER = fixture('order.json').order;
const NANO = fixture('products.json').products[0];
const LEVEL = fixture('inventory-level.json').inventory_level;
const NANO_SKUS = ['IPOD2008PINK', 'IPOD2008RED', 'IPOD2008GREEN', 'IPOD2008BLACK'];

type Send = (topic: string, payload: unknown, id?: string) => Promise<{ status: number; body: Record<string, unknown> }>;

async function withShop<T>(fn: (tx: Db, send: Send) => Promise<T>) {
  return inRollback(db, async (tx) => {
    const shop = `${uniqueId('prod').toLowerCase()}.myshopify.com`;
    await addShopifyIntegration({ db: tx, actor: { type: 'system' } }, { shopDomain: shop, accessToken: 'shpat_test_token', webhookSecret: SECRET });
    const send: Send = (topic, payload, id) => {
      const body = JSON.stringify(payload);
      return receivePlatformWebhook(
        tx,
        'shopify',
        new Request('http://localhost/api/integrations/shopify/webhooks', {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            'x-shopify-topic': topic,
            'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body, 'utf8').digest('base64'),
            'x-shopify-shop-domain': shop,
            'x-shopify-api-version': '2026-07',
            'x-shopify-webhook-id': id ?? uniqueId('wh'),
            'x-shopify-triggered-at': new Date().toISOString(),
          },
        }),
      );
    };
    return fn(tx, send);
  });
}

const bySku = async (tx: Db) => Object.fromEntries((await tx.select().from(variants).where(inArray(variants.sku, NANO_SKUS))).map((v) => [v.sku, v]));

/** What the exchange step offers for the order's Green iPod: the other colours with their stock. */
async function offeredForGreen(tx: Db) {
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, '1001'));
  const wizard = await getReturnWizard(tx, { orderId: order!.id, level: 'verified' }, 'en', 'Europe/Helsinki');
  const greenId = (await bySku(tx)).IPOD2008GREEN!.id;
  const green = wizard!.lines.find((l) => l.variantId === greenId);
  return Object.fromEntries(green!.exchangeVariants.map((v) => [v.options.Color, v.stock]));
}

describe('Shopify products and stock', () => {
  it('products/create brings the product’s variants (options, price, stock, currency) and the exchange step offers the other colours', async () => {
    await withShop(async (tx, send) => {
      expect(await send('orders/create', ORDER)).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      expect(await send('products/create', NANO)).toEqual({ status: 200, body: { received: true, duplicate: false, outcome: 'applied' } });

      const rows = await bySku(tx);
      expect(Object.keys(rows).sort()).toEqual([...NANO_SKUS].sort());
      expect(rows.IPOD2008PINK).toMatchObject({ productKey: 'gid://shopify/Product/632910392', title: 'IPod Nano - 8GB', options: { Color: 'Pink' }, price: 19900, currency: 'USD', stock: 10, discontinuedAt: null });
      expect([rows.IPOD2008RED!.stock, rows.IPOD2008GREEN!.stock, rows.IPOD2008BLACK!.stock]).toEqual([20, 30, 40]);
      const [link] = await tx.select().from(platformVariants).where(eq(platformVariants.variantId, rows.IPOD2008PINK!.id));
      expect(link).toMatchObject({ externalId: 'gid://shopify/ProductVariant/808950810', inventoryItemId: '808950810', externalProductId: 'gid://shopify/Product/632910392' });
      const events = await tx.select({ data: domainEvents.data }).from(domainEvents).where(and(eq(domainEvents.type, 'variant.upserted'), sql`${domainEvents.data}->>'sku' = 'IPOD2008PINK'`));
      expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ created: true, stock: 10, source: 'shopify' })]);

      expect(await offeredForGreen(tx)).toEqual({ Pink: 10, Red: 20, Black: 40 });
    });
  });

  it('inventory_levels/update sets the stock by location; at 0 the colour is sold out in the exchange step; an older level and a redelivery change nothing', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      await send('products/create', NANO);
      // Shopify's example level: Pink's inventory item, 42 available at location 655441491.
      expect(await send('inventory_levels/update', LEVEL, 'level-1')).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      expect((await bySku(tx)).IPOD2008PINK!.stock).toBe(42);
      expect(await offeredForGreen(tx)).toMatchObject({ Pink: 42 });

      // A second location adds to it; then the first one sells out.
      await send('inventory_levels/update', { ...LEVEL, location_id: 487838322, available: 9, updated_at: '2024-01-02T09:10:00-05:00' });
      expect((await bySku(tx)).IPOD2008PINK!.stock).toBe(51);
      await send('inventory_levels/update', { ...LEVEL, available: 0, updated_at: '2024-01-02T09:20:00-05:00' });
      await send('inventory_levels/update', { ...LEVEL, location_id: 487838322, available: 0, updated_at: '2024-01-02T09:20:00-05:00' });
      expect(await offeredForGreen(tx)).toMatchObject({ Pink: 0 });

      // Out of order: the example's own (older) level arrives late under a new delivery id.
      expect(await send('inventory_levels/update', LEVEL)).toMatchObject({ status: 200, body: { outcome: 'stale' } });
      // The same delivery again.
      expect(await send('inventory_levels/update', LEVEL, 'level-1')).toEqual({ status: 200, body: { received: true, duplicate: true } });
      expect((await bySku(tx)).IPOD2008PINK!.stock).toBe(0);
      // A product payload's total does not override the per-location levels once they are known.
      await send('products/update', { ...NANO, updated_at: '2024-01-03T08:00:00-05:00' });
      expect((await bySku(tx)).IPOD2008PINK!.stock).toBe(0);
    });
  });

  it('products/update: a newer copy changes price and stock and drops a removed variant; an older copy arriving late is ignored; a changed SKU withdraws the old one', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      await send('products/create', NANO);
      const newer = {
        ...NANO,
        updated_at: '2024-02-01T10:00:00-05:00',
        variants: NANO.variants
          .filter((v: { sku: string }) => v.sku !== 'IPOD2008BLACK')
          .map((v: { sku: string }) => (v.sku === 'IPOD2008RED' ? { ...v, price: '179.00', inventory_quantity: 3 } : v)),
      };
      expect(await send('products/update', newer)).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      const rows = await bySku(tx);
      expect(rows.IPOD2008RED).toMatchObject({ price: 17900, stock: 3 });
      // Black is no longer on the product: kept (returns may name it), stock 0, never offered.
      expect(rows.IPOD2008BLACK).toMatchObject({ stock: 0, discontinuedAt: expect.any(Date) });
      expect(await offeredForGreen(tx)).toEqual({ Pink: 10, Red: 3 });

      // The original payload (older updated_at) arrives after the newer one.
      expect(await send('products/update', NANO)).toMatchObject({ status: 200, body: { outcome: 'stale' } });
      expect((await bySku(tx)).IPOD2008RED).toMatchObject({ price: 17900, stock: 3 });

      // Pink gets another SKU on Shopify: the new SKU is offered, the old row stays but is withdrawn.
      const renamed = { ...newer, updated_at: '2024-02-02T10:00:00-05:00', variants: newer.variants.map((v: { sku: string }) => (v.sku === 'IPOD2008PINK' ? { ...v, sku: 'IPOD2008ROSE' } : v)) };
      expect(await send('products/update', renamed)).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      const [rose] = await tx.select().from(variants).where(eq(variants.sku, 'IPOD2008ROSE'));
      expect(rose).toMatchObject({ options: { Color: 'Pink' }, stock: 10, discontinuedAt: null });
      expect((await bySku(tx)).IPOD2008PINK).toMatchObject({ stock: 0, discontinuedAt: expect.any(Date) });
      expect(await offeredForGreen(tx)).toEqual({ Pink: 10, Red: 3 });
    });
  });

  it('products/delete: the variants stay for the returns that name them but the exchange step no longer offers them', async () => {
    await withShop(async (tx, send) => {
      await send('orders/create', ORDER);
      await send('products/create', NANO);
      expect(await send('products/delete', { id: 632910392 })).toMatchObject({ status: 200, body: { outcome: 'applied' } });
      const rows = await bySku(tx);
      expect(Object.values(rows).map((v) => [v.sku, v.stock, v.discontinuedAt !== null])).toEqual(expect.arrayContaining(NANO_SKUS.map((sku) => [sku, 0, true])));
      const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, '1001'));
      const wizard = await getReturnWizard(tx, { orderId: order!.id, level: 'verified' }, 'en', 'Europe/Helsinki');
      expect(wizard!.lines.flatMap((l) => l.exchangeVariants)).toEqual([]);
      expect(wizard!.otherProducts.map((p) => p.productKey)).not.toContain('gid://shopify/Product/632910392');

      // A level for a deleted product's variant leaves it at 0; an unknown product is skipped with the reason.
      await send('inventory_levels/update', { ...LEVEL, updated_at: '2024-03-01T00:00:00Z' });
      expect((await bySku(tx)).IPOD2008PINK!.stock).toBe(0);
      expect(await send('products/delete', { id: 1 })).toMatchObject({ status: 200, body: { outcome: 'skipped' } });
      // Shopify re-creates it: offered again.
      await send('products/create', { ...NANO, updated_at: '2024-04-01T00:00:00Z' });
      expect(await offeredForGreen(tx)).toMatchObject({ Red: 20 });
    });
  });

  it('a body that is not a product, or a level for an unknown inventory item, is acknowledged and changes nothing', async () => {
    await withShop(async (tx, send) => {
      expect(await send('products/update', { id: 1, title: 'No variants' })).toMatchObject({ status: 200, body: { outcome: 'skipped' } });
      expect(await send('inventory_levels/update', LEVEL)).toMatchObject({ status: 200, body: { outcome: 'skipped' } });
      expect(await bySku(tx)).toEqual({});
    });
  });
});
