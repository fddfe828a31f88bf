/** Shopify as a Platform (lib/platforms/platform.ts): webhooks, backfill, connection test and the refund rail. */
import type { Ctx } from '@/lib/core/actor';
import type { ConnectionResult, OpenIntegration, Platform, TopicOutcome } from '../platform';
import { ShopifyApiError, shopifyGraphql } from './api';
import { applyShopifyFulfillment } from './apply-fulfillment';
import { applyShopifyOrder } from './apply-order';
import { EXCHANGE_TAG_PREFIX } from './exchange-order';
import { applyShopifyProductTopic, SHOPIFY_PRODUCT_TOPICS } from './apply-product';
import { backfillShopify } from './backfill';
import { backfillShopifyProducts } from './backfill-products';
import { factsFromRest, restOrderSchema } from './map-order';
import { recordShopifyRefund } from './record-refund';
import { shopifyRefundRail } from './refund-rail';
import { verifyShopifyWebhook } from './webhook';

/** The topics to subscribe to (docs/platforms.md); any other topic is acknowledged and ignored. */
export const SHOPIFY_TOPICS = ['orders/create', 'orders/updated', 'orders/cancelled', 'fulfillments/create', 'fulfillments/update', 'refunds/create', ...SHOPIFY_PRODUCT_TOPICS] as const;

export async function handleShopifyTopic(ctx: Ctx, integration: OpenIntegration, topic: string, payload: unknown): Promise<TopicOutcome> {
  switch (topic) {
    case 'orders/create':
    case 'orders/updated':
    case 'orders/cancelled': {
      const parsed = restOrderSchema.safeParse(payload);
      if (!parsed.success) return { outcome: 'skipped', detail: `the ${topic} body is not a Shopify order (${parsed.error.issues[0]?.path.join('.')})` };
      // Our own exchange's replacement order (lib/platforms/exchange-orders.ts) is no order of the customer's here:
      // its fulfilment fills the original order's exchange parcel.
      if (typeof parsed.data.tags === 'string' && parsed.data.tags.split(',').some((t) => t.trim().startsWith(EXCHANGE_TAG_PREFIX))) {
        return { outcome: 'skipped', detail: `order ${parsed.data.name} is the replacement order of a Paluu exchange` };
      }
      return applyShopifyOrder(ctx, integration, factsFromRest(parsed.data));
    }
    case 'fulfillments/create':
    case 'fulfillments/update':
      return applyShopifyFulfillment(ctx, integration, payload);
    case 'refunds/create':
      return recordShopifyRefund(ctx, integration, payload);
    case 'products/create':
    case 'products/update':
    case 'products/delete':
    case 'inventory_levels/update':
      return applyShopifyProductTopic(ctx, integration, topic, payload);
    default:
      return { outcome: 'skipped', detail: `topic ${topic} is not handled` };
  }
}

export const SHOP_QUERY = 'query PaluuShop { shop { name } }';

export async function testShopifyConnection(integration: OpenIntegration, signal?: AbortSignal): Promise<ConnectionResult> {
  try {
    const data = await shopifyGraphql<{ shop: { name: string } }>(integration, SHOP_QUERY, {}, signal);
    return { ok: true, name: data.shop.name };
  } catch (error) {
    return { ok: false, message: error instanceof ShopifyApiError ? error.message : 'Shopify could not be reached.' };
  }
}

export const shopifyPlatform: Platform = {
  id: 'shopify',
  shopHeader: 'x-shopify-shop-domain',
  verifyWebhook: verifyShopifyWebhook,
  handleTopic: handleShopifyTopic,
  backfill: backfillShopify,
  backfillProducts: (ctx, integration, signal) => backfillShopifyProducts(ctx, integration, signal),
  testConnection: testShopifyConnection,
  refundRail: shopifyRefundRail,
};
