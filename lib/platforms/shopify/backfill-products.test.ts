/**
 * Product backfill through the Admin GraphQL API against the local server (test/shopify-admin-server.ts):
 * `products(first, after)` with cursor pagination and `shop { currencyCode }`. The nodes are Shopify's published
 * example products (fixtures/shopify/products.json) written as GraphQL `Product` nodes in this test (REST
 * `option1` → `selectedOptions`, `inventory_quantity` → `inventoryQuantity`, `inventory_item_id` → the
 * InventoryItem GID); no public GraphQL example of this query was found.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variants } from '@/db/schema';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { startShopifyAdmin, type ShopifyAdminServer } from '@/test/shopify-admin-server';
import { addShopifyIntegration, openIntegration } from '../integrations';
import { runProductBackfill } from '../run-backfill';
import { ADMIN_API_VERSION } from './api';
import { backfillShopifyProducts } from './backfill-products';

const db = testDb();
const TOKEN = 'shpat_products_backfill';
type RestVariant = Record<string, unknown> & { admin_graphql_api_id: string; sku: string; price: string; updated_at: string; inventory_quantity: number; inventory_item_id: number; inventory_management: string | null };
type RestProduct = { admin_graphql_api_id: string; title: string; updated_at: string; options: Array<{ name: string }>; variants: RestVariant[] };
const PRODUCTS: RestProduct[] = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/shopify/products.json'), 'utf8')).products;

const toGraphql = (p: RestProduct) => ({
  id: p.admin_graphql_api_id,
  title: p.title,
  updatedAt: p.updated_at,
  variants: {
    pageInfo: { hasNextPage: false },
    nodes: p.variants.map((v) => ({
      id: v.admin_graphql_api_id,
      sku: v.sku,
      price: v.price,
      updatedAt: v.updated_at,
      inventoryQuantity: v.inventory_quantity,
      selectedOptions: p.options.map((o, i) => ({ name: o.name, value: v[`option${i + 1}`] as string })),
      inventoryItem: { id: `gid://shopify/InventoryItem/${v.inventory_item_id}`, tracked: v.inventory_management !== null },
    })),
  },
});
const SKUS = PRODUCTS.flatMap((p) => p.variants.map((v) => v.sku));

let server: ShopifyAdminServer;
beforeAll(async () => {
  server = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION });
});
afterAll(() => server.close());

describe('Shopify product backfill (Admin GraphQL products query)', () => {
  it('pages through the products with the cursor into our catalogue; a second run (the CLI’s path) changes nothing', async () => {
    server.state.products = PRODUCTS.map(toGraphql);
    server.state.currencyCode = 'EUR';
    server.state.requests = [];
    await inRollback(db, async (tx) => {
      const view = await addShopifyIntegration({ db: tx, actor: { type: 'system' } }, { shopDomain: `${uniqueId('pb').toLowerCase()}.myshopify.com`, accessToken: TOKEN, webhookSecret: 'shpss_products_backfill_0000000', apiOrigin: server.origin });
      const ctx = { db: tx, actor: { type: 'system' } as const };
      const integration = (await openIntegration(tx, view.id))!;
      const first = await backfillShopifyProducts(ctx, integration, undefined, { pageSize: 1 });
      expect(first).toEqual({ products: 2, variants: 5, created: 5, updated: 0, stale: 0, skipped: 0, discontinued: 0, pages: 2 });
      expect(server.state.requests.map((r) => [r.token, r.variables.first, r.variables.after ?? null])).toEqual([
        [TOKEN, 1, null],
        [TOKEN, 1, Buffer.from('cursor:0').toString('base64')],
      ]);
      const rows = Object.fromEntries((await tx.select().from(variants).where(inArray(variants.sku, SKUS))).map((v) => [v.sku, v]));
      expect(rows.IPOD2008GREEN).toMatchObject({ productKey: 'gid://shopify/Product/632910392', options: { Color: 'Green' }, price: 19900, stock: 30, currency: 'EUR' });
      expect(rows.IPOD2009BLACK).toMatchObject({ productKey: 'gid://shopify/Product/921728736', title: 'IPod Touch 8GB', options: { Title: 'Black' }, stock: 13 });

      expect(await runProductBackfill(ctx, view.id)).toEqual({ products: 2, variants: 5, created: 0, updated: 0, stale: 5, skipped: 0, discontinued: 0, pages: 1 });
    });
  });

  it('a throttled page is retried; a wrong token stops the run with Shopify’s refusal', async () => {
    server.state.products = PRODUCTS.slice(1).map(toGraphql);
    await inRollback(db, async (tx) => {
      const view = await addShopifyIntegration({ db: tx, actor: { type: 'system' } }, { shopDomain: `${uniqueId('pb').toLowerCase()}.myshopify.com`, accessToken: TOKEN, webhookSecret: 'shpss_products_backfill_0000000', apiOrigin: server.origin });
      const integration = (await openIntegration(tx, view.id))!;
      const ctx = { db: tx, actor: { type: 'system' } as const };
      server.state.failNext = [{ failure: 'throttled' }];
      expect(await backfillShopifyProducts(ctx, integration, undefined, { retryDelayMs: 1 })).toMatchObject({ products: 1, created: 1 });
      expect(server.state.failNext).toEqual([]);
      await expect(backfillShopifyProducts(ctx, { ...integration, credentials: { ...integration.credentials, accessToken: 'wrong' } })).rejects.toThrow('Shopify refused the access token (401).');
    });
  });
});
