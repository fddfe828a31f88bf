/**
 * product.created, product.updated, product.deleted and the product backfill: WooCommerce's catalogue → ours through
 * lib/platforms/apply-variants.ts. A variable product's variations are read through the REST client
 * (`GET products/{id}/variations`, paginated); if WooCommerce cannot answer now the delivery is retried.
 */
import type { Ctx } from '@/lib/core/actor';
import { PlatformApiError } from '../api-error';
import { applyPlatformProduct, discontinuePlatformProduct, type ProductOutcome } from '../apply-variants';
import type { OpenIntegration, TopicOutcome } from '../platform';
import { WooApiError, wooRequest } from './api';
import { productFromWoo, wooDeletedProductSchema, wooProductKey, wooProductSchema, wooVariationSchema, type WooProduct, type WooVariation } from './map-product';

export const WOO_PRODUCT_TOPICS = ['product.created', 'product.updated', 'product.deleted'] as const;
const VARIATIONS_PAGE_SIZE = 100;
/** 100 × 20: far above WooCommerce's own default cap of variations per product. */
const MAX_VARIATION_PAGES = 20;

export async function fetchVariations(integration: OpenIntegration, productId: number, signal?: AbortSignal): Promise<WooVariation[]> {
  const all: WooVariation[] = [];
  let totalPages = 1;
  for (let page = 1; page <= totalPages && page <= MAX_VARIATION_PAGES; page += 1) {
    const { data, headers } = await wooRequest<unknown[]>(integration, 'GET', `products/${productId}/variations`, { query: { per_page: VARIATIONS_PAGE_SIZE, page }, signal });
    if (!Array.isArray(data)) throw new WooApiError('WooCommerce answered the variation list with something that is not a list.', false, 200);
    const total = Number(headers.get('x-wp-totalpages'));
    totalPages = Number.isInteger(total) && total >= 0 ? total : page;
    for (const item of data) {
      const parsed = wooVariationSchema.safeParse(item);
      if (parsed.success) all.push(parsed.data);
    }
    if (data.length === 0) break;
  }
  return all;
}

/**
 * One product as WooCommerce holds it: trashed → no longer offered; variable → with its variations (`known`, or read
 * now); simple → itself.
 */
export async function applyWooProduct(ctx: Ctx, integration: OpenIntegration, product: WooProduct, signal?: AbortSignal, known?: WooVariation[] | null): Promise<ProductOutcome> {
  if (product.status === 'trash') return discontinuePlatformProduct(ctx, integration, wooProductKey(product.id));
  if (product.type !== 'simple' && product.type !== 'variable') {
    return { outcome: 'skipped', detail: `product ${product.id} is a ${product.type} product (only simple and variable products are exchangeable)`, counts: { variants: 0, created: 0, updated: 0, stale: 0, skipped: 1, discontinued: 0 } };
  }
  const variations = product.type === 'variable' ? (known ?? (await fetchVariations(integration, product.id, signal))) : null;
  return applyPlatformProduct(ctx, integration, productFromWoo(product, variations));
}

export async function applyWooProductTopic(ctx: Ctx, integration: OpenIntegration, topic: string, payload: unknown): Promise<TopicOutcome> {
  if (topic === 'product.deleted') {
    const parsed = wooDeletedProductSchema.safeParse(payload);
    if (!parsed.success) return { outcome: 'skipped', detail: `the ${topic} body has no product id` };
    const { outcome, detail } = await discontinuePlatformProduct(ctx, integration, wooProductKey(parsed.data.id));
    return { outcome, ...(detail ? { detail } : {}) };
  }
  const parsed = wooProductSchema.safeParse(payload);
  if (!parsed.success) return { outcome: 'skipped', detail: `the ${topic} body is not a WooCommerce product (${parsed.error.issues[0]?.path.join('.')})` };
  try {
    const { outcome, detail } = await applyWooProduct(ctx, integration, parsed.data);
    return { outcome, ...(detail ? { detail } : {}) };
  } catch (error) {
    // The variations could not be read now: WooCommerce delivers again (a refusal is no reason to retry).
    if (error instanceof PlatformApiError && error.retryable) return { outcome: 'retry', detail: `the variations of product ${parsed.data.id} could not be read (${error.message})` };
    if (error instanceof PlatformApiError) return { outcome: 'skipped', detail: `the variations of product ${parsed.data.id} were refused: ${error.message}` };
    throw error;
  }
}
