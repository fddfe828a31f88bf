/**
 * Product backfill through the REST API v3: `GET products?per_page=100&page=N&orderby=id&order=asc`, following
 * `X-WP-TotalPages`, and each variable product's `products/{id}/variations`. Each product goes through the same
 * path as a product.updated webhook, in its own transaction, so an older copy never overwrites a newer one.
 */
import type { Ctx } from '@/lib/core/actor';
import { pageWithRetry } from '../backfill-orders';
import { backfillProduct, emptyProductBackfill } from '../backfill-products';
import type { OpenIntegration, ProductBackfillResult } from '../platform';
import { WooApiError, wooRequest } from './api';
import { applyWooProduct, fetchVariations } from './apply-product';
import { wooProductSchema, type WooVariation } from './map-product';

export const PRODUCT_PAGE_SIZE = 100;
export const MAX_PRODUCT_PAGES = 200;

export async function backfillWooProducts(
  ctx: Ctx,
  integration: OpenIntegration,
  signal?: AbortSignal,
  options: { pageSize?: number; retryDelayMs?: number } = {},
): Promise<ProductBackfillResult> {
  const result = emptyProductBackfill();
  const retryDelayMs = options.retryDelayMs ?? 1000;
  let totalPages = 1;
  for (let n = 1; n <= totalPages && n <= MAX_PRODUCT_PAGES; n += 1) {
    const { data, headers } = await pageWithRetry(
      () => wooRequest<unknown[]>(integration, 'GET', 'products', { query: { per_page: options.pageSize ?? PRODUCT_PAGE_SIZE, page: n, orderby: 'id', order: 'asc' }, signal }),
      signal,
      retryDelayMs,
    );
    result.pages += 1;
    const total = Number(headers.get('x-wp-totalpages'));
    totalPages = Number.isInteger(total) && total >= 0 ? total : n;
    if (!Array.isArray(data)) throw new WooApiError('WooCommerce answered the product list with something that is not a list.', false, 200);
    for (const item of data) {
      // The variations are read before the product's transaction opens (no network wait while it holds locks).
      const parsed = wooProductSchema.safeParse(item);
      const variations: WooVariation[] | null = parsed.success && parsed.data.type === 'variable' && parsed.data.status !== 'trash' ? await pageWithRetry(() => fetchVariations(integration, parsed.data.id, signal), signal, retryDelayMs) : null;
      await backfillProduct(ctx, integration, result, item, wooProductSchema, (tx, product) => applyWooProduct(tx, integration, product, signal, variations));
    }
    if (data.length === 0) break;
  }
  return result;
}
