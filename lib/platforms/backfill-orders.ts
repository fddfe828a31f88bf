/**
 * What every connector's backfill does alike (shopify/backfill.ts, woocommerce/backfill.ts): fetch a page with
 * retries, and apply each order in its own transaction, counted into the run's result.
 */
import type { z } from 'zod';
import type { Ctx } from '@/lib/core/actor';
import { PlatformApiError } from './api-error';
import type { OrderOutcome } from './apply-order';
import type { BackfillResult, OpenIntegration } from './platform';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One page, retried while the client calls the error retryable (after 1, 2 and 4 × `retryDelayMs`). */
export async function pageWithRetry<T>(fetchPage: () => Promise<T>, signal: AbortSignal | undefined, retryDelayMs: number): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fetchPage();
    } catch (error) {
      if (!(error instanceof PlatformApiError) || !error.retryable || attempt >= 3 || signal?.aborted) throw error;
      await sleep(retryDelayMs * 2 ** attempt);
    }
  }
}

/**
 * One listed item: not an order (`schema` refuses it) is skipped; an order goes through `apply` (the same path as
 * the platform's order-updated webhook) in its own transaction, so an older copy never overwrites a newer one.
 */
export async function backfillOrder<T>(
  ctx: Ctx,
  integration: OpenIntegration,
  result: BackfillResult,
  item: unknown,
  schema: z.ZodType<T>,
  apply: (ctx: Ctx, order: T) => Promise<OrderOutcome>,
): Promise<void> {
  result.orders += 1;
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    result.skipped += 1;
    console.warn(`[${integration.platform}] ${integration.domain}: backfill skipped an item that is not an order`);
    return;
  }
  const outcome = await ctx.db.transaction((tx) => apply({ ...ctx, db: tx as unknown as Ctx['db'] }, parsed.data));
  if (outcome.outcome === 'applied') result[outcome.created ? 'created' : 'updated'] += 1;
  else if (outcome.outcome === 'stale') result.stale += 1;
  else {
    result.skipped += 1;
    console.warn(`[${integration.platform}] ${integration.domain}: backfill skipped ${outcome.detail}`);
  }
}
