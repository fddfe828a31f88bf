/**
 * Backfill through the Admin GraphQL API: `orders(first, after, query: "updated_at:>=…", sortKey: UPDATED_AT)`
 * with cursor pagination (pageInfo.endCursor / hasNextPage). Each order goes through the same path as an
 * orders/updated webhook (apply-order.ts), in its own transaction, so an older copy never overwrites a newer one.
 */
import type { Ctx } from '@/lib/core/actor';
import { backfillOrder, pageWithRetry } from '../backfill-orders';
import type { BackfillResult, OpenIntegration } from '../platform';
import { applyShopifyOrder } from './apply-order';
import { shopifyGraphql } from './api';
import { factsFromGraphql, graphqlOrderSchema } from './map-order';

export const PAGE_SIZE = 50;
/** 50 × 400 = 20 000 orders per run at most; a shop with more runs it for fewer days at a time. */
export const MAX_PAGES = 400;

export const ORDERS_QUERY = `query PaluuBackfillOrders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name email phone customerLocale currencyCode createdAt updatedAt cancelledAt displayFinancialStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      totalShippingPriceSet { shopMoney { amount currencyCode } }
      customer { firstName lastName }
      shippingAddress { name address1 address2 zip city countryCodeV2 phone }
      billingAddress { name address1 address2 zip city countryCodeV2 phone }
      lineItems(first: 100) { nodes { id sku title variantTitle quantity originalUnitPriceSet { shopMoney { amount currencyCode } } } }
    }
  }
}`;

type OrdersPage = { orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] } };

export async function backfillShopify(
  ctx: Ctx,
  integration: OpenIntegration,
  days: number,
  signal?: AbortSignal,
  options: { now?: Date; pageSize?: number; retryDelayMs?: number } = {},
): Promise<BackfillResult> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const result: BackfillResult = { days, orders: 0, created: 0, updated: 0, stale: 0, skipped: 0, pages: 0 };
  let after: string | null = null;
  do {
    const data: OrdersPage = await pageWithRetry(
      () => shopifyGraphql<OrdersPage>(integration, ORDERS_QUERY, { first: options.pageSize ?? PAGE_SIZE, after, query: `updated_at:>='${since}'` }, signal),
      signal,
      options.retryDelayMs ?? 1000,
    );
    result.pages += 1;
    for (const node of data.orders.nodes) await backfillOrder(ctx, integration, result, node, graphqlOrderSchema, (tx, order) => applyShopifyOrder(tx, integration, factsFromGraphql(order)));
    after = data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null;
  } while (after && result.pages < MAX_PAGES);
  return result;
}
