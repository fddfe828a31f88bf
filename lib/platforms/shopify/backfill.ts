/**
 * Backfill through the Admin GraphQL API: `orders(first, after, query: "updated_at:>=…", sortKey: UPDATED_AT)`
 * with cursor pagination (pageInfo.endCursor / hasNextPage). Each order goes through the same path as an
 * orders/updated webhook (apply-order.ts), in its own transaction, so an older copy never overwrites a newer one.
 */
import type { Ctx } from '@/lib/core/actor';
import type { BackfillResult, OpenIntegration } from '../platform';
import { applyShopifyOrder } from './apply-order';
import { ShopifyApiError, shopifyGraphql } from './api';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One page, retried on throttling and 5xx (1 s, 2 s, 4 s). */
async function page(integration: OpenIntegration, variables: Record<string, unknown>, signal: AbortSignal | undefined, retryDelayMs: number): Promise<OrdersPage> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await shopifyGraphql<OrdersPage>(integration, ORDERS_QUERY, variables, signal);
    } catch (error) {
      if (!(error instanceof ShopifyApiError) || !error.retryable || attempt >= 3 || signal?.aborted) throw error;
      await sleep(retryDelayMs * 2 ** attempt);
    }
  }
}

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
    const data: OrdersPage = await page(integration, { first: options.pageSize ?? PAGE_SIZE, after, query: `updated_at:>='${since}'` }, signal, options.retryDelayMs ?? 1000);
    result.pages += 1;
    for (const node of data.orders.nodes) {
      result.orders += 1;
      const parsed = graphqlOrderSchema.safeParse(node);
      if (!parsed.success) {
        result.skipped += 1;
        console.warn(`[shopify] ${integration.domain}: backfill skipped a node that is not an order`);
        continue;
      }
      const outcome = await ctx.db.transaction((tx) => applyShopifyOrder({ ...ctx, db: tx as unknown as Ctx['db'] }, integration, factsFromGraphql(parsed.data)));
      if (outcome.outcome === 'applied') result[outcome.created ? 'created' : 'updated'] += 1;
      else if (outcome.outcome === 'stale') result.stale += 1;
      else {
        result.skipped += 1;
        console.warn(`[shopify] ${integration.domain}: backfill skipped ${outcome.detail}`);
      }
    }
    after = data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null;
  } while (after && result.pages < MAX_PAGES);
  return result;
}
