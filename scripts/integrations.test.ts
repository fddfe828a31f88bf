import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orders, variants } from '../db/schema';
import { ADMIN_API_VERSION } from '../lib/platforms/shopify/api';
import { testDb, uniqueId } from '../test/db';
import { startShopifyAdmin, type ShopifyAdminServer } from '../test/shopify-admin-server';
import { startWooServer, type WooServer } from '../test/woocommerce-server';

const run = promisify(execFile);
const integrations = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/integrations.mjs', ...args], { env: { ...process.env, DATABASE_URL: inject('databaseUrl') } });
const node = JSON.parse(readFileSync('fixtures/shopify/graphql-order-1001.json', 'utf8'));
const wooOrder = JSON.parse(readFileSync('fixtures/woocommerce/order.json', 'utf8'));
let server: ShopifyAdminServer;
let woo: WooServer;

beforeAll(async () => {
  server = await startShopifyAdmin({ accessToken: 'shpat_cli_token', version: ADMIN_API_VERSION, shopName: 'CLI Shop' });
  woo = await startWooServer({ consumerKey: 'ck_clikey0123456789', consumerSecret: 'cs_clisecret0123456789' });
});
afterAll(async () => {
  await server.close();
  await woo.close();
});

describe('npm run integrations', () => {
  it('add shopify → list → backfill --days → backfill --products → remove, against a local Shopify', async () => {
    const domain = `${uniqueId('cli').toLowerCase()}.myshopify.com`;
    const number = uniqueId('CLI').toUpperCase().replace(/[^A-Z0-9]/g, '');
    server.state.orders = [{ ...node, id: `gid://shopify/Order/${number}`, name: `#${number}`, updatedAt: new Date(Date.now() - 86_400_000).toISOString(), lineItems: { nodes: node.lineItems.nodes.map((l: { id: string }) => ({ ...l, id: `${l.id}9${number}` })) } }];

    const added = await integrations('add', 'shopify', '--shop-domain', domain, '--access-token', 'shpat_cli_token', '--webhook-secret', 'shpss_cli_secret_0123456789', '--api-origin', server.origin);
    const id = added.stdout.trim().split('\n').at(-1)!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = (await integrations('list')).stdout;
    expect(listed).toContain(domain);
    expect(listed).not.toContain('shpat_cli_token');

    const backfilled = await integrations('backfill', id, '--days', '3');
    expect(backfilled.stdout).toContain('Backfilled 1 order(s) from the last 3 day(s): 1 created');
    const [order] = await testDb().select().from(orders).where(eq(orders.orderNumber, number));
    expect(order?.externalId).toBe(`gid://shopify/Order/${number}`);

    // The catalogue: Shopify's example iPod Touch (fixtures/shopify/products.json) as a GraphQL node with its own SKU,
    // priced in SEK so that no other test's order is offered it.
    const touch = JSON.parse(readFileSync('fixtures/shopify/products.json', 'utf8')).products[1];
    const sku = `CLI-${number}`;
    server.state.currencyCode = 'SEK';
    server.state.products = [
      {
        id: touch.admin_graphql_api_id,
        title: touch.title,
        updatedAt: touch.updated_at,
        variants: { pageInfo: { hasNextPage: false }, nodes: [{ id: `gid://shopify/ProductVariant/${number}`, sku, price: touch.variants[0].price, updatedAt: touch.updated_at, inventoryQuantity: 13, selectedOptions: [{ name: 'Title', value: 'Black' }], inventoryItem: { id: 'gid://shopify/InventoryItem/447654529', tracked: true } }] },
      },
    ];
    const products = await integrations('backfill', id, '--products');
    expect(products.stdout).toContain('Backfilled 1 product(s), 1 variant(s): 1 created, 0 updated, 0 unchanged, 0 no longer offered, 0 skipped (1 page(s)).');
    const [variant] = await testDb().select().from(variants).where(eq(variants.sku, sku));
    expect(variant).toMatchObject({ stock: 13, price: 19900, currency: 'SEK' });

    expect((await integrations('remove', id)).stdout).toContain(`Removed integration ${id}.`);
  }, 400_000);

  it('explains bad input in words and exits non-zero', async () => {
    await expect(integrations('add', 'shopify', '--shop-domain', 'shop.example.com', '--access-token', 't', '--webhook-secret', 'shpss_0123456789abcdef')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Enter the shop’s myshopify.com domain'),
    });
    await expect(integrations('frobnicate')).rejects.toMatchObject({ code: 2 });
    // backfill needs --days (orders) or --products, not both and not neither.
    const someId = '00000000-0000-4000-8000-000000000000';
    await expect(integrations('backfill', someId)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Either --days (orders) or --products is required.') });
    await expect(integrations('backfill', someId, '--days', '3', '--products')).rejects.toMatchObject({ code: 2 });
  }, 400_000);

  it('add woocommerce → list → backfill --days → remove, against a local WooCommerce; the keys never show', async () => {
    const host = `${uniqueId('cli').toLowerCase()}.example.com`;
    const n = Number(String(Date.now()).slice(-7));
    const placed = new Date(Date.now() - 86_400_000).toISOString().slice(0, 19);
    woo.state.orders = [{ ...wooOrder, id: n, number: `WC${n}`, date_created_gmt: placed, date_modified_gmt: placed, line_items: wooOrder.line_items.map((l: { id: number }) => ({ ...l, id: Number(`${l.id}${n}`) })) }];

    const added = await integrations('add', 'woocommerce', '--url', `https://${host}/`, '--consumer-key', 'ck_clikey0123456789', '--consumer-secret', 'cs_clisecret0123456789', '--webhook-secret', 'wc_cli_secret_0123456789', '--api-origin', woo.origin);
    expect(added.stdout).toContain(`Connected WooCommerce store ${host}`);
    const id = added.stdout.trim().split('\n').at(-1)!;
    const listed = (await integrations('list')).stdout;
    expect(listed).toMatch(new RegExp(`${id}\\s+woocommerce\\s+${host.replace(/\./g, '\\.')}`));
    expect(listed).not.toContain('cs_clisecret0123456789');
    expect(listed).not.toContain('ck_clikey0123456789');

    const backfilled = await integrations('backfill', id, '--days', '3');
    expect(backfilled.stdout).toContain('Backfilled 1 order(s) from the last 3 day(s): 1 created');
    const [order] = await testDb().select().from(orders).where(eq(orders.orderNumber, `WC${n}`));
    expect(order?.externalId).toBe(String(n));
    expect((await integrations('remove', id)).stdout).toContain(`Removed integration ${id}.`);

    await expect(integrations('add', 'woocommerce', '--url', 'http://shop.example.com', '--consumer-key', 'ck_clikey0123456789', '--consumer-secret', 'cs_clisecret0123456789', '--webhook-secret', 'wc_cli_secret_0123456789')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Enter the store’s https:// address'),
    });
    await expect(integrations('add', 'woocommerce', '--url', 'https://shop.example.com')).rejects.toMatchObject({ code: 2 });
  }, 400_000);
});
