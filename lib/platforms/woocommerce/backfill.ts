/**
 * Backfill through the REST API v3: `GET orders?after=…&per_page=100&page=N&order=asc`, following
 * `X-WP-TotalPages` (the WordPress REST API's paging headers). `after` is the documented filter and means
 * *created* after (WooCommerce docs: "published after a given ISO8601 compliant date"): the backfill brings the
 * orders placed in the last N days; changes to older orders arrive by webhook. Each order goes through the same
 * path as an order.updated webhook (apply-order.ts), in its own transaction, so an older copy never overwrites a
 * newer one.
 */
import type { Ctx } from '@/lib/core/actor';
import type { BackfillResult, OpenIntegration } from '../platform';
import { WooApiError, wooRequest } from './api';
import { applyWooOrder } from './apply-order';
import { wooOrderSchema } from './map-order';

export const PAGE_SIZE = 100;
/** 100 × 200 = 20 000 orders per run at most; a shop with more runs it for fewer days at a time. */
export const MAX_PAGES = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One page, retried on 429 and 5xx (1 s, 2 s, 4 s). */
async function page(integration: OpenIntegration, query: Record<string, string | number>, signal: AbortSignal | undefined, retryDelayMs: number) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await wooRequest<unknown[]>(integration, 'GET', 'orders', { query, signal });
    } catch (error) {
      if (!(error instanceof WooApiError) || !error.retryable || attempt >= 3 || signal?.aborted) throw error;
      await sleep(retryDelayMs * 2 ** attempt);
    }
  }
}

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
    const { data, headers } = await page(integration, { after, per_page: options.pageSize ?? PAGE_SIZE, page: n, order: 'asc', orderby: 'date' }, signal, options.retryDelayMs ?? 1000);
    result.pages += 1;
    const total = Number(headers.get('x-wp-totalpages'));
    totalPages = Number.isInteger(total) && total >= 0 ? total : n;
    if (!Array.isArray(data)) throw new WooApiError('WooCommerce answered the order list with something that is not a list.', false, 200);
    for (const item of data) {
      result.orders += 1;
      const parsed = wooOrderSchema.safeParse(item);
      if (!parsed.success) {
        result.skipped += 1;
        console.warn(`[woocommerce] ${integration.domain}: backfill skipped an item that is not an order`);
        continue;
      }
      const outcome = await ctx.db.transaction((tx) => applyWooOrder({ ...ctx, db: tx as unknown as Ctx['db'] }, integration, parsed.data));
      if (outcome.outcome === 'applied') result[outcome.created ? 'created' : 'updated'] += 1;
      else if (outcome.outcome === 'stale') result.stale += 1;
      else {
        result.skipped += 1;
        console.warn(`[woocommerce] ${integration.domain}: backfill skipped ${outcome.detail}`);
      }
    }
    if (data.length === 0) break;
  }
  return result;
}
