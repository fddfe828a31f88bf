/**
 * Backfill through the Admin GraphQL API against a local server that answers like the reference
 * (test/shopify-admin-server.ts): cursor pagination, the updated_at filter, the pinned version, throttling.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, platformIntegrations } from '@/db/schema';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { startShopifyAdmin, type ShopifyAdminServer } from '@/test/shopify-admin-server';
import { addShopifyIntegration, openIntegration, recordBackfill } from '../integrations';
import { ADMIN_API_VERSION } from './api';
import { backfillShopify } from './backfill';
import { testShopifyConnection } from './platform';

const db = testDb();
const TOKEN = 'shpat_backfill_token';
const node = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/shopify/graphql-order-1001.json'), 'utf8'));
let server: ShopifyAdminServer;
const now = new Date('2026-11-20T12:00:00Z');

/** Three orders like Shopify's example, with their own numbers and line ids; #B3 last changed long ago. */
function orderNode(n: string, updatedAt: string, email = `buyer.${n.toLowerCase()}@example.com`) {
  return {
    ...node,
    id: `gid://shopify/Order/${n}`,
    name: `#${n}`,
    email,
    createdAt: updatedAt,
    updatedAt,
    lineItems: { nodes: node.lineItems.nodes.map((l: { id: string }) => ({ ...l, id: `${l.id}${n.replace(/\D/g, '')}` })) },
  };
}

beforeAll(async () => {
  server = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION, shopName: 'Bob’s iPods' });
});
afterAll(() => server.close());

async function withShop<T>(fn: (tx: Parameters<Parameters<typeof inRollback>[1]>[0], integrationId: string) => Promise<T>) {
  return inRollback(db, async (tx) => {
    const view = await addShopifyIntegration({ db: tx, actor: { type: 'system' } }, { shopDomain: `${uniqueId('bf').toLowerCase()}.myshopify.com`, accessToken: TOKEN, webhookSecret: 'shpss_backfill_secret_0000000000', apiOrigin: server.origin });
    return fn(tx, view.id);
  });
}

describe('Shopify backfill (Admin GraphQL orders query)', () => {
  it('pages through orders updated in the last N days with the cursor, creating our orders; a second run changes nothing', async () => {
    const a = uniqueId('A').toUpperCase().replace(/[^A-Z0-9]/g, '');
    const b = uniqueId('B').toUpperCase().replace(/[^A-Z0-9]/g, '');
    const c = uniqueId('C').toUpperCase().replace(/[^A-Z0-9]/g, '');
    server.state.orders = [orderNode(a, '2026-11-18T10:00:00Z'), orderNode(b, '2026-11-19T10:00:00Z'), orderNode(c, '2026-09-01T10:00:00Z')];
    server.state.requests = [];
    await withShop(async (tx, id) => {
      const integration = (await openIntegration(tx, id))!;
      const first = await backfillShopify({ db: tx, actor: { type: 'system' } }, integration, 7, undefined, { now, pageSize: 1 });
      expect(first).toEqual({ days: 7, orders: 2, created: 2, updated: 0, stale: 0, skipped: 0, pages: 2 });
      const made = await tx.select({ orderNumber: orders.orderNumber, externalId: orders.externalId, capturedAmount: orders.capturedAmount }).from(orders).where(inArray(orders.orderNumber, [a, b, c]));
      expect(made.sort((x, y) => x.orderNumber.localeCompare(y.orderNumber))).toEqual([
        { orderNumber: a, externalId: `gid://shopify/Order/${a}`, capturedAmount: 40994 },
        { orderNumber: b, externalId: `gid://shopify/Order/${b}`, capturedAmount: 40994 },
      ]);
      // The requests: pinned version, token, the updated_at filter, then the first page's endCursor.
      expect(server.state.requests.map((r) => [r.token, r.variables.query, r.variables.first, r.variables.after ?? null])).toEqual([
        [TOKEN, "updated_at:>='2026-11-13T12:00:00.000Z'", 1, null],
        [TOKEN, "updated_at:>='2026-11-13T12:00:00.000Z'", 1, Buffer.from('cursor:0').toString('base64')],
      ]);
      const again = await backfillShopify({ db: tx, actor: { type: 'system' } }, integration, 7, undefined, { now, pageSize: 50 });
      expect(again).toMatchObject({ orders: 2, created: 0, stale: 2 });
      await recordBackfill(tx, id, again);
      const [row] = await tx.select().from(platformIntegrations).where(eq(platformIntegrations.id, id));
      expect(row!.lastBackfillResult).toMatchObject({ stale: 2 });
      expect(row!.lastBackfillAt).not.toBeNull();
    });
  });

  it('a throttled page is retried; a wrong access token fails the run with Shopify’s refusal', async () => {
    const a = uniqueId('T').toUpperCase().replace(/[^A-Z0-9]/g, '');
    server.state.orders = [orderNode(a, '2026-11-18T10:00:00Z')];
    await withShop(async (tx, id) => {
      const integration = (await openIntegration(tx, id))!;
      server.state.failNext = [{ failure: 'throttled' }, { failure: 'http503' }];
      const result = await backfillShopify({ db: tx, actor: { type: 'system' } }, integration, 7, undefined, { now, retryDelayMs: 1 });
      expect(result).toMatchObject({ orders: 1, created: 1 });
      expect(server.state.failNext).toEqual([]);
      await expect(backfillShopify({ db: tx, actor: { type: 'system' } }, { ...integration, credentials: { ...integration.credentials, accessToken: 'wrong' } }, 7, undefined, { now })).rejects.toThrow(
        'Shopify refused the access token (401).',
      );
    });
  });

  it('Test connection asks shop { name }', async () => {
    await withShop(async (tx, id) => {
      const integration = (await openIntegration(tx, id))!;
      expect(await testShopifyConnection(integration)).toEqual({ ok: true, name: 'Bob’s iPods' });
      expect(await testShopifyConnection({ ...integration, credentials: { ...integration.credentials, accessToken: 'nope' } })).toEqual({ ok: false, message: 'Shopify refused the access token (401).' });
    });
  });
});
