/**
 * wooRefundRail (contract lib/core/refund-rail.ts) against the local WooCommerce REST API (test/woocommerce-server.ts):
 * `POST orders/{id}/refunds` with amount, reason, line items, restock and `api_refund: true`; the attempt's
 * idempotency key in the refund's meta_data and reason, looked for before creating, so a retry after a lost answer
 * never refunds twice; WooCommerce's refusal (its 500 `woocommerce_rest_cannot_create_order_refund`) is final.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { orderLines, orders, refunds } from '@/db/schema';
import type { RefundAttemptRequest } from '@/lib/core/refund-rail';
import { REFUND_RAILS } from '@/lib/refund-rails';
import { testDb } from '@/test/db';
import { createOrder, uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { runRefundExecutor } from '@/test/refunds';
import { startWooServer, type WooServer } from '@/test/woocommerce-server';
import { addWooIntegration, openIntegration } from '../integrations';
import { applyWooOrder } from './apply-order';
import { wooOrderSchema } from './map-order';
import { wooRefundRail } from './refund-rail';

const db = testDb();
const KEY = 'ck_refundkey0123456789';
const SECRET = 'cs_refundsecret0123456789';
const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/woocommerce/order.json'), 'utf8'));
let server: WooServer;

beforeAll(async () => {
  server = await startWooServer({ consumerKey: KEY, consumerSecret: SECRET });
});
afterAll(() => server.close());

function resetStore() {
  server.state.orders = [ORDER];
  server.state.refunds = {};
  server.state.refundable = { 727: 2935 };
  server.state.requests = [];
  server.state.failNext = [];
}

async function withWooOrder<T>(fn: (tx: Db, request: (over?: Partial<RefundAttemptRequest>) => Promise<RefundAttemptRequest>, domain: string) => Promise<T>) {
  resetStore();
  return inRollback(db, async (tx) => {
    const view = await addWooIntegration({ db: tx, actor: { type: 'system' } }, { url: `https://${uniqueId('rr').toLowerCase()}.example.com`, consumerKey: KEY, consumerSecret: SECRET, webhookSecret: 'wc_refund_secret_000000000000', apiOrigin: server.origin });
    const integration = (await openIntegration(tx, view.id))!;
    const applied = await applyWooOrder({ db: tx, actor: { type: 'system' } }, integration, wooOrderSchema.parse(ORDER));
    const orderId = applied.orderId!;
    const make = async (over: Partial<RefundAttemptRequest> = {}): Promise<RefundAttemptRequest> => {
      const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
      const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position));
      const bar = lines.find((l) => l.sku === 'Bar3')!;
      return {
        refundId: randomUUID(),
        attemptNo: 1,
        idempotencyKey: `refund-${randomUUID()}`,
        order: { id: orderId, orderNumber: order!.orderNumber, externalId: order!.externalId, currency: 'USD', paymentMethod: order!.paymentMethod },
        amount: 1200,
        currency: 'USD',
        lines: [{ orderLineId: bar.id, externalLineId: bar.externalId, sku: bar.sku, quantity: 1, restock: true }],
        reason: 'Returned: RMA R-727',
        ...over,
      };
    };
    return fn(tx, make, view.domain);
  });
}

const signal = () => AbortSignal.timeout(10_000);
const posts = () => server.state.requests.filter((r) => r.method === 'POST');

describe('wooRefundRail', () => {
  it('claims orders from a connected WooCommerce store (before the bank-transfer rail), not our own API’s', async () => {
    await withWooOrder(async (tx, request) => {
      const { order } = await request();
      expect(await wooRefundRail.claims(tx, order.id)).toBe(true);
      // The order was paid by bank transfer ("bacs"), yet WooCommerce carries it: its rail comes first.
      const carriers = [];
      for (const rail of REFUND_RAILS) if (await rail.claims(tx, order.id)) carriers.push(rail.id);
      expect(carriers[0]).toBe('woocommerce');
      expect(await wooRefundRail.claims(tx, (await createOrder(tx)).id)).toBe(false);
    });
  });

  it('creates one refund with amount, reason, line items, restock, api_refund and the idempotency key, Basic-authenticated', async () => {
    await withWooOrder(async (tx, request, domain) => {
      const req = await request();
      const result = await wooRefundRail.execute(tx, req, signal());
      expect(result).toEqual({ outcome: 'succeeded', providerReference: `${domain}/orders/727/refunds/726` });
      expect(posts()).toHaveLength(1);
      const sent = posts()[0]!;
      expect(sent.path).toBe('orders/727/refunds');
      expect(sent.auth).toBe(`Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`);
      expect(sent.body).toEqual({
        amount: '12.00',
        reason: `Returned: RMA R-727 [paluu:${req.idempotencyKey}]`,
        api_refund: true,
        api_restock: true,
        restock_items: true,
        line_items: [{ id: 316, quantity: 1, refund_total: '12.00' }],
        meta_data: [{ key: 'paluu_idempotency_key', value: req.idempotencyKey }],
      });
      expect(server.state.refundable[727]).toBe(2935 - 1200);
    });
  });

  it('an answer lost after WooCommerce refunded: the retry finds the refund by its key and does not refund twice', async () => {
    await withWooOrder(async (tx, request, domain) => {
      const req = await request();
      server.state.failNext = [{ failure: 'lost', when: 'POST orders/727/refunds' }];
      expect(await wooRefundRail.execute(tx, req, signal())).toMatchObject({ outcome: 'failed', retryable: true });
      const retry = await wooRefundRail.execute(tx, { ...req, attemptNo: 2 }, signal());
      expect(retry).toEqual({ outcome: 'succeeded', providerReference: `${domain}/orders/727/refunds/726` });
      expect(posts()).toHaveLength(1);
      expect(server.state.refunds[727]).toHaveLength(1);
      expect(server.state.refundable[727]).toBe(2935 - 1200);
      // A different refund of the same order is still made.
      expect(await wooRefundRail.execute(tx, await request({ amount: 600 }), signal())).toMatchObject({ outcome: 'succeeded' });
      expect(server.state.refunds[727]).toHaveLength(2);
    });
  });

  it('WooCommerce’s refusal is final with its message; 503 and a dropped connection are retryable; nothing is refunded', async () => {
    await withWooOrder(async (tx, request) => {
      const tooMuch = await wooRefundRail.execute(tx, await request({ amount: 5000 }), signal());
      expect(tooMuch).toEqual({ outcome: 'failed', retryable: false, message: 'Invalid refund amount.', providerCode: 'woocommerce_rest_cannot_create_order_refund' });
      for (const failure of ['http503', 'drop'] as const) {
        server.state.failNext = [{ failure, when: 'POST orders/727/refunds' }];
        expect(await wooRefundRail.execute(tx, await request(), signal()), failure).toMatchObject({ outcome: 'failed', retryable: true });
      }
      expect(server.state.refunds[727] ?? []).toEqual([]);
      expect(server.state.refundable[727]).toBe(2935);
    });
  });

  it('a damaged line is never restocked: mixed restock flags send restock false', async () => {
    await withWooOrder(async (tx, request) => {
      const req = await request();
      const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, req.order.id)).orderBy(asc(orderLines.position));
      const single = lines.find((l) => l.externalId === '315')!;
      const mixed = { ...req, amount: 1800, lines: [...req.lines, { orderLineId: single.id, externalLineId: '315', sku: single.sku, quantity: 2, restock: false }] };
      expect(await wooRefundRail.execute(tx, mixed, signal())).toMatchObject({ outcome: 'succeeded' });
      expect(posts()[0]!.body).toMatchObject({ api_restock: false, restock_items: false, line_items: [{ id: 316, quantity: 1, refund_total: '12.00' }, { id: 315, quantity: 2, refund_total: '6.00' }] });
    });
  });

  it('through the worker’s refund executor: a lost answer is retried after the backoff with the same key, WooCommerce refunds once, the ledger row succeeds on rail woocommerce', async () => {
    resetStore();
    // Committed (the executor runs its own transactions): a store with a unique domain, order 727 from it.
    const view = await addWooIntegration({ db, actor: { type: 'system' } }, { url: `https://${uniqueId('ex').toLowerCase()}.example.com`, consumerKey: KEY, consumerSecret: SECRET, webhookSecret: 'wc_refund_secret_000000000000', apiOrigin: server.origin });
    const integration = (await openIntegration(db, view.id))!;
    const number = `WC${Date.now()}`;
    const applied = await applyWooOrder({ db, actor: { type: 'system' } }, integration, wooOrderSchema.parse({ ...ORDER, number }));
    const orderId = applied.orderId!;
    const [row] = await db.insert(refunds).values({ orderId, amount: 1200, currency: 'USD', reason: 'Return of Bar3' }).returning();
    server.state.failNext = [{ failure: 'lost', when: 'POST orders/727/refunds' }];
    expect(await runRefundExecutor(db, orderId)).toMatchObject({ retrying: 1 });
    const [waiting] = await db.select().from(refunds).where(eq(refunds.id, row!.id));
    // The attempt reached WooCommerce (before the fix the executor handed the rail the refund row as its database).
    expect(waiting).toMatchObject({ status: 'processing', rail: 'woocommerce' });
    expect(waiting!.failureMessage).toMatch(/WooCommerce could not be reached/);
    expect(server.state.refunds[727]).toHaveLength(1);
    const later = () => new Date(Date.now() + 3_600_000);
    expect(await runRefundExecutor(db, orderId, { now: later })).toMatchObject({ succeeded: 1 });
    const [done] = await db.select().from(refunds).where(eq(refunds.id, row!.id));
    expect(done).toMatchObject({ status: 'succeeded', rail: 'woocommerce', providerReference: `${view.domain}/orders/727/refunds/726` });
    expect(posts()).toHaveLength(1);
    expect(server.state.refundable[727]).toBe(2935 - 1200);
  });
});
