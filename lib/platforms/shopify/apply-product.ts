/**
 * products/create, products/update, products/delete and inventory_levels/update: Shopify's catalogue → ours,
 * through the connectors' shared lib/platforms/apply-variants.ts (upsert by SKU, stale copies ignored, a deleted
 * product's variants no longer offered).
 */
import type { Ctx } from '@/lib/core/actor';
import { applyInventoryLevel, applyPlatformProduct, discontinuePlatformProduct } from '../apply-variants';
import type { OpenIntegration, TopicOutcome } from '../platform';
import { deletedProductId, deletedProductSchema, inventoryLevelSchema, productFromRest, restProductSchema } from './map-product';

export const SHOPIFY_PRODUCT_TOPICS = ['products/create', 'products/update', 'products/delete', 'inventory_levels/update'] as const;

const invalid = (topic: string, what: string, path: PropertyKey[] | undefined): TopicOutcome => ({ outcome: 'skipped', detail: `the ${topic} body is not a Shopify ${what} (${path?.join('.')})` });

export async function applyShopifyProductTopic(ctx: Ctx, integration: OpenIntegration, topic: string, payload: unknown): Promise<TopicOutcome> {
  if (topic === 'products/delete') {
    const parsed = deletedProductSchema.safeParse(payload);
    if (!parsed.success) return invalid(topic, 'product id', parsed.error.issues[0]?.path);
    const { outcome, detail } = await discontinuePlatformProduct(ctx, integration, deletedProductId(parsed.data.id));
    return { outcome, ...(detail ? { detail } : {}) };
  }
  if (topic === 'inventory_levels/update') {
    const parsed = inventoryLevelSchema.safeParse(payload);
    if (!parsed.success) return invalid(topic, 'inventory level', parsed.error.issues[0]?.path);
    return applyInventoryLevel(ctx, integration, {
      inventoryItemId: String(parsed.data.inventory_item_id),
      locationId: String(parsed.data.location_id),
      available: parsed.data.available ?? 0,
      updatedAt: new Date(parsed.data.updated_at),
    });
  }
  const parsed = restProductSchema.safeParse(payload);
  if (!parsed.success) return invalid(topic, 'product', parsed.error.issues[0]?.path);
  const { outcome, detail } = await applyPlatformProduct(ctx, integration, productFromRest(parsed.data));
  return { outcome, ...(detail ? { detail } : {}) };
}
