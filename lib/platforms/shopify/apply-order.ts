/**
 * orders/create, orders/updated, orders/cancelled and backfilled orders: one Shopify order → our order, through
 * the connectors' shared lib/platforms/apply-order.ts (lib/orders/upsert-order: same validation, counters,
 * audit row and `order.upserted` event; an update whose `updated_at` is not newer than the one applied changes
 * nothing).
 */
import type { Ctx } from '@/lib/core/actor';
import { applyPlatformOrder, type OrderOutcome } from '../apply-order';
import type { OpenIntegration } from '../platform';
import { mapShopifyOrder, type ShopifyOrderFacts } from './map-order';

export async function applyShopifyOrder(ctx: Ctx, integration: OpenIntegration, facts: ShopifyOrderFacts): Promise<OrderOutcome> {
  return applyPlatformOrder(ctx, integration, mapShopifyOrder(facts), facts.name);
}
