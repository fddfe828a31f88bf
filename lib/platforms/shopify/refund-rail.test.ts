/**
 * shopifyRefundRail (contract lib/core/refund-rail.ts) against the local Admin GraphQL server: refundCreate with the
 * return's line items and restock types, one REFUND transaction on the sale, the attempt's idempotency key as
 * `@idempotent(key:)`; errors classified for the ledger (userErrors final, network/5xx/throttling retryable).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { orderLines, orders, refundAttempts, refunds } from '@/db/schema';
import type { RefundAttemptRequest } from '@/lib/core/refund-rail';
import { executeDueRefunds } from '@/lib/refunds/execute-refunds';
import { testDb } from '@/test/db';
import { createOrder, uniqueId } from '@/test/factories';
import { inRollback } from '@/test/rollback';
import { startShopifyAdmin, type ShopifyAdminServer } from '@/test/shopify-admin-server';
import { addShopifyIntegration, openIntegration } from '../integrations';
import { ADMIN_API_VERSION } from './api';
import { applyShopifyOrder } from './apply-order';
import { factsFromRest, restOrderSchema } from './map-order';
import { shopifyRefundRail } from './refund-rail';

const db = testDb();
const TOKEN = 'shpat_refund_token';
const ORDER = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/shopify/order.json'), 'utf8')).order;
const ORDER_GID = 'gid://shopify/Order/450789469';
let server: ShopifyAdminServer;

beforeAll(async () => {
  server = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION });
});
afterAll(() => server.close());

function resetShop() {
  server.state.transactions = {
    [ORDER_GID]: [{ id: 'gid://shopify/OrderTransaction/389404469', kind: 'SALE', status: 'SUCCESS', gateway: 'bogus', amountSet: { shopMoney: { amount: '409.94', currencyCode: 'USD' } } }],
  };
  server.state.refundable = { 'gid://shopify/LineItem/466157049': 1, 'gid://shopify/LineItem/518995019': 1, 'gid://shopify/LineItem/703073504': 1 };
  server.state.refundableAmount = { [ORDER_GID]: 40994 };
  server.state.refunds.clear();
  server.state.requests = [];
  server.state.failNext = [];
}

/** Order #1001 from Shopify's example, paid, connected to a shop served by the local server. */
async function withShopifyOrder<T>(fn: (tx: Db, request: (over?: Partial<RefundAttemptRequest>) => Promise<RefundAttemptRequest>) => Promise<T>) {
  resetShop();
  return inRollback(db, async (tx) => {
    const view = await addShopifyIntegration({ db: tx, actor: { type: 'system' } }, { shopDomain: `${uniqueId('rr').toLowerCase()}.myshopify.com`, accessToken: TOKEN, webhookSecret: 'shpss_refund_secret_000000000000', apiOrigin: server.origin });
    const integration = (await openIntegration(tx, view.id))!;
    const applied = await applyShopifyOrder({ db: tx, actor: { type: 'system' } }, integration, factsFromRest(restOrderSchema.parse({ ...ORDER, financial_status: 'paid' })));
    const orderId = applied.orderId!;
    const make = async (over: Partial<RefundAttemptRequest> = {}): Promise<RefundAttemptRequest> => {
      const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
      const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position));
      const black = lines.find((l) => l.sku === 'IPOD2008BLACK')!;
      const green = lines.find((l) => l.sku === 'IPOD2008GREEN')!;
      return {
        refundId: randomUUID(),
        attemptNo: 1,
        idempotencyKey: `refund-${randomUUID()}`,
        order: { id: orderId, orderNumber: order!.orderNumber, externalId: order!.externalId, currency: 'USD', paymentMethod: null },
        amount: 19900,
        currency: 'USD',
        lines: [
          { orderLineId: black.id, externalLineId: black.externalId, sku: black.sku, quantity: 1, restock: true },
          { orderLineId: green.id, externalLineId: green.externalId, sku: green.sku, quantity: 1, restock: false },
        ],
        reason: 'Returned: RMA R-10001',
        ...over,
      };
    };
    return fn(tx, make);
  });
}

const signal = () => AbortSignal.timeout(10_000);

describe('shopifyRefundRail', () => {
  it('claims orders that came from a connected Shopify shop, not our own API’s', async () => {
    await withShopifyOrder(async (tx, request) => {
      const { order } = await request();
      expect(await shopifyRefundRail.claims(tx, order.id)).toBe(true);
      const own = await createOrder(tx);
      expect(await shopifyRefundRail.claims(tx, own.id)).toBe(false);
    });
  });

  it('executes one refundCreate with the lines, restock types, the REFUND transaction on the sale and the idempotency key', async () => {
    await withShopifyOrder(async (tx, request) => {
      const req = await request();
      expect(await shopifyRefundRail.execute(tx, req, signal())).toEqual({ outcome: 'succeeded', providerReference: 'gid://shopify/Refund/1000' });
      const mutation = server.state.requests.find((r) => r.query.includes('refundCreate'))!;
      expect(mutation.query).toContain(`@idempotent(key: "${req.idempotencyKey}")`);
      expect(mutation.variables.input).toEqual({
        orderId: ORDER_GID,
        note: 'Returned: RMA R-10001',
        notify: false,
        refundLineItems: [
          { lineItemId: 'gid://shopify/LineItem/703073504', quantity: 1, restockType: 'RETURN' },
          { lineItemId: 'gid://shopify/LineItem/466157049', quantity: 1, restockType: 'NO_RESTOCK' },
        ],
        transactions: [{ orderId: ORDER_GID, parentId: 'gid://shopify/OrderTransaction/389404469', gateway: 'bogus', kind: 'REFUND', amount: '199.00' }],
      });
      expect(server.state.refundableAmount[ORDER_GID]).toBe(40994 - 19900);
    });
  });

  it('an answer lost after Shopify refunded: the retry with the same key gets the same refund, money moves once', async () => {
    await withShopifyOrder(async (tx, request) => {
      const req = await request();
      server.state.failNext = [{ failure: 'lost', when: 'refundCreate' }];
      const first = await shopifyRefundRail.execute(tx, req, signal());
      expect(first).toMatchObject({ outcome: 'failed', retryable: true });
      const retry = await shopifyRefundRail.execute(tx, { ...req, attemptNo: 2 }, signal());
      expect(retry).toEqual({ outcome: 'succeeded', providerReference: 'gid://shopify/Refund/1000' });
      expect(server.state.refunds.size).toBe(1);
      expect(server.state.refundableAmount[ORDER_GID]).toBe(40994 - 19900);
    });
  });

  it('userErrors are a final failure with Shopify’s message; 503, 429, THROTTLED and a dropped connection are retryable', async () => {
    await withShopifyOrder(async (tx, request) => {
      const tooMuch = await shopifyRefundRail.execute(tx, await request({ amount: 50000 }), signal());
      expect(tooMuch).toEqual({ outcome: 'failed', retryable: false, message: 'Refund amount $500.00 is greater than net payment received $409.94', providerCode: 'USER_ERROR' });
      for (const failure of ['http503', 'http429', 'throttled', 'drop'] as const) {
        server.state.failNext = [{ failure, when: 'refundCreate' }];
        const result = await shopifyRefundRail.execute(tx, await request(), signal());
        expect(result, failure).toMatchObject({ outcome: 'failed', retryable: true });
      }
      expect(server.state.refunds.size).toBe(0);
    });
  });

  it('lines without a Shopify line id, or an order not from Shopify, fail without calling Shopify', async () => {
    await withShopifyOrder(async (tx, request) => {
      const req = await request();
      const result = await shopifyRefundRail.execute(tx, { ...req, lines: [{ ...req.lines[0]!, externalLineId: null }] }, signal());
      expect(result).toEqual({ outcome: 'failed', retryable: false, message: 'Lines without a Shopify line item id: IPOD2008BLACK.' });
      const own = await createOrder(tx);
      expect(await shopifyRefundRail.execute(tx, { ...req, order: { ...req.order, id: own.id } }, signal())).toMatchObject({ outcome: 'failed', retryable: false });
      expect(server.state.requests).toEqual([]);
    });
  });
});

describe('the worker executes a Shopify order’s refund on this rail', () => {
  // Regression: the executor handed rails the refund row where the database belongs, so every Shopify refund
  // failed with "db.select is not a function" and was retried until staff saw "Refund failed" (found by the e2e).
  it('executeDueRefunds gives the rail the database: one refundCreate, the refund succeeded with Shopify’s refund id', async () => {
    await withShopifyOrder(async (tx, request) => {
      const { order } = await request();
      const [refund] = await tx.insert(refunds).values({ orderId: order.id, amount: 19900, currency: 'USD' }).returning();
      const result = await executeDueRefunds(tx as never, { rails: [shopifyRefundRail], orderId: order.id });
      expect(result).toEqual({ succeeded: 1, processing: 0, retrying: 0, failed: 0 });
      const [row] = await tx.select().from(refunds).where(eq(refunds.id, refund!.id));
      expect(row).toMatchObject({ status: 'succeeded', rail: 'shopify', providerReference: 'gid://shopify/Refund/1000' });
      const attempts = await tx.select().from(refundAttempts).where(eq(refundAttempts.refundId, refund!.id));
      expect(attempts).toMatchObject([{ attemptNo: 1, outcome: 'succeeded', providerMessage: null }]);
      const mutations = server.state.requests.filter((r) => r.query.includes('refundCreate'));
      expect(mutations).toHaveLength(1);
      expect(mutations[0]!.query).toContain(`@idempotent(key: "${row!.idempotencyKey}")`);
      expect(server.state.refundableAmount[ORDER_GID]).toBe(40994 - 19900);
    });
  });
});
