/**
 * What every connector's product backfill does alike (shopify/backfill-products.ts, woocommerce/backfill-products.ts):
 * each listed product in its own transaction through apply-variants.ts, counted into the run's result.
 */
import type { z } from 'zod';
import type { Ctx } from '@/lib/core/actor';
import type { ProductOutcome } from './apply-variants';
import type { OpenIntegration, ProductBackfillResult } from './platform';

export const emptyProductBackfill = (): ProductBackfillResult => ({ products: 0, variants: 0, created: 0, updated: 0, stale: 0, skipped: 0, discontinued: 0, pages: 0 });

export async function backfillProduct<T>(
  ctx: Ctx,
  integration: OpenIntegration,
  result: ProductBackfillResult,
  item: unknown,
  schema: z.ZodType<T>,
  apply: (ctx: Ctx, product: T) => Promise<ProductOutcome>,
): Promise<void> {
  result.products += 1;
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    result.skipped += 1;
    console.warn(`[${integration.platform}] ${integration.domain}: product backfill skipped an item that is not a product`);
    return;
  }
  const { counts, detail } = await ctx.db.transaction((tx) => apply({ ...ctx, db: tx as unknown as Ctx['db'] }, parsed.data));
  for (const key of ['variants', 'created', 'updated', 'stale', 'skipped', 'discontinued'] as const) result[key] += counts[key];
  if (counts.skipped > 0 && detail) console.warn(`[${integration.platform}] ${integration.domain}: product backfill skipped ${detail}`);
}
