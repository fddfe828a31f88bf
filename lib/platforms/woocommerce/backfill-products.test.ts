/**
 * WooCommerce product backfill against the local REST API (test/woocommerce-server.ts): `GET products?per_page&page`
 * following X-WP-TotalPages, and a variable product's `products/{id}/variations`. Products and variations are the
 * docs' examples (fixtures/woocommerce/products.json, product-variations.json) with SKUs given in this test (the
 * docs' have none).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variants } from '@/db/schema';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { startWooServer, type WooServer } from '@/test/woocommerce-server';
import { addWooIntegration, openIntegration } from '../integrations';
import { backfillWooProducts } from './backfill-products';

const db = testDb();
const KEY = 'ck_productsbackfill0123';
const SECRET = 'cs_productsbackfill0123';
const fixture = (name: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/woocommerce', name), 'utf8'));
const [SHIP_YOUR_IDEA, PREMIUM] = fixture('products.json');
const VARIATIONS: Array<Record<string, unknown> & { id: number }> = fixture('product-variations.json');
const SKUS: Record<number, string> = { 733: 'BF-SYI-GREEN', 732: 'BF-SYI-BLACK' };

let server: WooServer;
beforeAll(async () => {
  server = await startWooServer({ consumerKey: KEY, consumerSecret: SECRET });
});
afterAll(() => server.close());

describe('WooCommerce product backfill (REST products and variations)', () => {
  it('follows X-WP-TotalPages over the products and reads the variable product’s variations; a second run changes nothing', async () => {
    server.state.catalog = [SHIP_YOUR_IDEA, { ...PREMIUM, sku: 'BF-PQ-794', manage_stock: true, stock_quantity: 7 }];
    server.state.variations = { 799: VARIATIONS.map((v) => ({ ...v, sku: SKUS[v.id] })) };
    server.state.requests = [];
    server.state.failNext = [{ failure: 'http503', when: 'GET products' }];
    await inRollback(db, async (tx) => {
      const view = await addWooIntegration({ db: tx, actor: { type: 'system' } }, { url: `https://${uniqueId('wpb').toLowerCase()}.example.com`, consumerKey: KEY, consumerSecret: SECRET, webhookSecret: 'wc_products_backfill_secret', apiOrigin: server.origin });
      const integration = (await openIntegration(tx, view.id))!;
      const ctx = { db: tx, actor: { type: 'system' } as const };
      const first = await backfillWooProducts(ctx, integration, undefined, { pageSize: 1, retryDelayMs: 1 });
      expect(first).toEqual({ products: 2, variants: 3, created: 3, updated: 0, stale: 0, skipped: 0, discontinued: 0, pages: 2 });
      // The 503 was retried; by id: page 1 is the simple product 794, page 2 the variable 799 with its variations.
      expect(server.state.requests.map((r) => [r.path, r.query.page, r.query.orderby ?? null])).toEqual([
        ['products', '1', 'id'],
        ['products', '1', 'id'],
        ['products', '2', 'id'],
        ['products/799/variations', '1', null],
      ]);
      const rows = Object.fromEntries((await tx.select().from(variants).where(inArray(variants.sku, ['BF-SYI-GREEN', 'BF-SYI-BLACK', 'BF-PQ-794']))).map((v) => [v.sku, v]));
      expect(rows['BF-SYI-GREEN']).toMatchObject({ productKey: 'woocommerce/product/799', options: { Color: 'Green' }, price: 900 });
      expect(rows['BF-PQ-794']).toMatchObject({ productKey: 'woocommerce/product/794', title: 'Premium Quality', options: {}, price: 2199, stock: 7 });

      expect(await backfillWooProducts(ctx, integration)).toMatchObject({ products: 2, variants: 3, created: 0, stale: 3, pages: 1 });
    });
  });
});
