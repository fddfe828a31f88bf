/**
 * WooCommerce backfill against the local REST API: `GET orders?after=…&per_page&page` following X-WP-TotalPages,
 * each order through the webhook path (an older copy never overwrites a newer one); 503 retried; a refused key
 * stops the run with WooCommerce's message. Orders are WooCommerce's example order with other ids and numbers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, platformIntegrations } from '@/db/schema';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { startWooServer, type WooServer } from '@/test/woocommerce-server';
import { addWooIntegration, openIntegration } from '../integrations';
import { runBackfill } from '../run-backfill';
import { backfillWoo } from './backfill';

const db = testDb();
const KEY = 'ck_backfillkey0123456789';
const SECRET = 'cs_backfillsecret0123456789';
const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/woocommerce/order.json'), 'utf8'));
let server: WooServer;

beforeAll(async () => {
  server = await startWooServer({ consumerKey: KEY, consumerSecret: SECRET });
});
afterAll(() => server.close());

const NOW = new Date('2026-12-01T12:00:00Z');
/** Order n placed n hours before NOW. */
const order = (n: number) => {
  const placed = new Date(NOW.getTime() - n * 3_600_000).toISOString().slice(0, 19);
  return { ...ORDER, id: 9000 + n, number: `WC${9000 + n}`, date_created_gmt: placed, date_modified_gmt: placed, line_items: ORDER.line_items.map((l: { id: number }) => ({ ...l, id: l.id * 100 + n })) };
};

async function withStore<T>(fn: (tx: Parameters<Parameters<typeof inRollback>[1]>[0], id: string) => Promise<T>) {
  server.state.requests = [];
  server.state.failNext = [];
  return inRollback(db, async (tx) => {
    const view = await addWooIntegration({ db: tx, actor: { type: 'system' } }, { url: `https://${uniqueId('bf').toLowerCase()}.example.com/shop`, consumerKey: KEY, consumerSecret: SECRET, webhookSecret: 'wc_backfill_secret_00000000000', apiOrigin: server.origin });
    return fn(tx, view.id);
  });
}

describe('WooCommerce backfill', () => {
  it('pages through X-WP-TotalPages with after= N days ago, creating each order once; a second run changes nothing', async () => {
    // 5 orders in the last 2 days, 1 older (not asked for).
    server.state.orders = [1, 5, 10, 20, 30, 24 * 5].map(order);
    await withStore(async (tx, id) => {
      const integration = (await openIntegration(tx, id))!;
      const first = await backfillWoo({ db: tx, actor: { type: 'system' } }, integration, 2, undefined, { now: NOW, pageSize: 2, retryDelayMs: 1 });
      expect(first).toEqual({ days: 2, orders: 5, created: 5, updated: 0, stale: 0, skipped: 0, pages: 3 });
      const asked = server.state.requests.filter((r) => r.path === 'orders').map((r) => r.query);
      expect(asked).toEqual([1, 2, 3].map((page) => ({ after: '2026-11-29T12:00:00Z', per_page: '2', page: String(page), order: 'asc', orderby: 'date' })));
      const made = await tx.select({ orderNumber: orders.orderNumber }).from(orders).where(inArray(orders.orderNumber, ['WC9001', 'WC9005', 'WC9010', 'WC9020', 'WC9030', 'WC9120']));
      expect(made.map((o) => o.orderNumber).sort()).toEqual(['WC9001', 'WC9005', 'WC9010', 'WC9020', 'WC9030']);
      const again = await backfillWoo({ db: tx, actor: { type: 'system' } }, integration, 2, undefined, { now: NOW, pageSize: 2, retryDelayMs: 1 });
      expect(again).toMatchObject({ orders: 5, created: 0, stale: 5 });
    });
  });

  it('a 503 is retried; a refused key stops the run with WooCommerce’s message; the use case the CLI and admin page call stores the run', async () => {
    server.state.orders = [order(1)];
    await withStore(async (tx, id) => {
      const integration = (await openIntegration(tx, id))!;
      server.state.failNext = [{ failure: 'http503' }];
      expect(await backfillWoo({ db: tx, actor: { type: 'system' } }, integration, 2, undefined, { now: NOW, retryDelayMs: 1 })).toMatchObject({ created: 1, pages: 1 });
      const wrong = { ...integration, credentials: { ...integration.credentials, consumerSecret: 'cs_wrong' } };
      await expect(backfillWoo({ db: tx, actor: { type: 'system' } }, wrong, 2, undefined, { now: NOW, retryDelayMs: 1 })).rejects.toThrow('Sorry, you cannot list resources.');
      expect((await tx.select({ n: orders.orderNumber }).from(orders).where(eq(orders.orderNumber, 'WC9001'))).length).toBe(1);
      // Through the use case the CLI and the admin page call: the run and its result are stored.
      const result = await runBackfill({ db: tx, actor: { type: 'system' } }, id, '30');
      expect(result).toMatchObject({ days: 30, orders: 1 });
      const [stored] = await tx.select({ last: platformIntegrations.lastBackfillResult }).from(platformIntegrations).where(eq(platformIntegrations.id, id));
      expect(stored!.last).toMatchObject({ days: 30, orders: 1 });
    });
  });
});
