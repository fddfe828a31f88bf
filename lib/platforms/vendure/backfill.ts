/**
 * Backfill through the Admin API: `orders(options: { filter: { updatedAt: { after }, active: { eq: false } },
 * sort: { updatedAt: ASC }, skip, take })`, following `totalItems`. `active: false` leaves out carts and checkouts in
 * progress (Vendure lists them as orders too). Each order goes through the same path as a webhook
 * (apply-order.ts), in its own transaction, so an older copy never overwrites a newer one.
 */
import type { Ctx } from '@/lib/core/actor';
import { backfillOrder, pageWithRetry } from '../backfill-orders';
import type { BackfillResult, OpenIntegration } from '../platform';
import { VendureApiError, vendureAdmin } from './api';
import { applyVendureOrder } from './apply-order';
import { ORDER_FIELDS, vendureOrderSchema } from './map-order';

export const PAGE_SIZE = 50;
/** 50 × 400 = 20 000 orders per run at most; a shop with more runs it for fewer days at a time. */
export const MAX_PAGES = 400;

const ORDERS_QUERY = `query($after: DateTime!, $skip: Int!, $take: Int!) {
  orders(options: { filter: { updatedAt: { after: $after }, active: { eq: false } }, sort: { updatedAt: ASC }, skip: $skip, take: $take }) {
    totalItems
    items { ${ORDER_FIELDS} }
  }
}`;

export async function backfillVendure(
  ctx: Ctx,
  integration: OpenIntegration,
  days: number,
  signal?: AbortSignal,
  options: { now?: Date; pageSize?: number; retryDelayMs?: number } = {},
): Promise<BackfillResult> {
  const now = options.now ?? new Date();
  const after = new Date(now.getTime() - days * 86_400_000).toISOString();
  const take = options.pageSize ?? PAGE_SIZE;
  const result: BackfillResult = { days, orders: 0, created: 0, updated: 0, stale: 0, skipped: 0, pages: 0 };
  let total = Infinity;
  for (let page = 0; page * take < total && page < MAX_PAGES; page += 1) {
    const data = await pageWithRetry(
      () => vendureAdmin<{ orders?: { totalItems?: unknown; items?: unknown } }>(integration, ORDERS_QUERY, { after, skip: page * take, take }, signal),
      signal,
      options.retryDelayMs ?? 1000,
    );
    result.pages += 1;
    const items = data.orders?.items;
    if (!Array.isArray(items) || typeof data.orders?.totalItems !== 'number') throw new VendureApiError('Vendure answered the order list with something that is not a list.', false, 200);
    total = data.orders.totalItems;
    for (const item of items) await backfillOrder(ctx, integration, result, item, vendureOrderSchema, (tx, order) => applyVendureOrder(tx, integration, order));
    if (items.length === 0) break;
  }
  return result;
}
