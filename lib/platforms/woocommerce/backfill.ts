/**
 * Backfill through the REST API v3: `GET orders?after=…&per_page=100&page=N&order=asc`, following
 * `X-WP-TotalPages` (the WordPress REST API's paging headers). `after` is the documented filter and means
 * *created* after (WooCommerce docs: "published after a given ISO8601 compliant date"): the backfill brings the
 * orders placed in the last N days; changes to older orders arrive by webhook. Each order goes through the same
 * path as an order.updated webhook (apply-order.ts), in its own transaction, so an older copy never overwrites a
 * newer one.
 */
import type { Ctx } from '@/lib/core/actor';
import { backfillOrder, pageWithRetry } from '../backfill-orders';
import type { BackfillResult, OpenIntegration } from '../platform';
import { WooApiError, wooRequest } from './api';
import { applyWooOrder } from './apply-order';
import { wooOrderSchema } from './map-order';

export const PAGE_SIZE = 100;
/** 100 × 200 = 20 000 orders per run at most; a shop with more runs it for fewer days at a time. */
export const MAX_PAGES = 200;

export async function backfillWoo(
  ctx: Ctx,
  integration: OpenIntegration,
  days: number,
  signal?: AbortSignal,
  options: { now?: Date; pageSize?: number; retryDelayMs?: number } = {},
): Promise<BackfillResult> {
  const now = options.now ?? new Date();
  const after = new Date(now.getTime() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const result: BackfillResult = { days, orders: 0, created: 0, updated: 0, stale: 0, skipped: 0, pages: 0 };
  let totalPages = 1;
  for (let n = 1; n <= totalPages && n <= MAX_PAGES; n += 1) {
    const { data, headers } = await pageWithRetry(
      () => wooRequest<unknown[]>(integration, 'GET', 'orders', { query: { after, per_page: options.pageSize ?? PAGE_SIZE, page: n, order: 'asc', orderby: 'date' }, signal }),
      signal,
      options.retryDelayMs ?? 1000,
    );
    result.pages += 1;
    const total = Number(headers.get('x-wp-totalpages'));
    totalPages = Number.isInteger(total) && total >= 0 ? total : n;
    if (!Array.isArray(data)) throw new WooApiError('WooCommerce answered the order list with something that is not a list.', false, 200);
    for (const item of data) await backfillOrder(ctx, integration, result, item, wooOrderSchema, (tx, order) => applyWooOrder(tx, integration, order));
    if (data.length === 0) break;
  }
  return result;
}
