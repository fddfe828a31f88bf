/** WooCommerce as a Platform (lib/platforms/platform.ts): webhooks, backfill, connection test and the refund rail. */
import type { Ctx } from '@/lib/core/actor';
import type { ConnectionResult, OpenIntegration, Platform, TopicOutcome } from '../platform';
import { wooDomainFromUrl } from '../schemas';
import { WooApiError, wooRequest } from './api';
import { applyWooOrder, applyWooOrderDeleted } from './apply-order';
import { applyWooProductTopic, WOO_PRODUCT_TOPICS } from './apply-product';
import { backfillWoo } from './backfill';
import { backfillWooProducts } from './backfill-products';
import { wooOrderSchema } from './map-order';
import { wooRefundRail } from './refund-rail';
import { isWooPing, verifyWooWebhook } from './webhook';

/** The topics to subscribe to (docs/platforms.md); any other topic is acknowledged and ignored. */
export const WOO_TOPICS = ['order.created', 'order.updated', 'order.deleted', 'order.restored', ...WOO_PRODUCT_TOPICS] as const;

export async function handleWooTopic(ctx: Ctx, integration: OpenIntegration, topic: string, payload: unknown): Promise<TopicOutcome> {
  switch (topic) {
    case 'order.created':
    case 'order.updated':
    case 'order.restored': {
      const parsed = wooOrderSchema.safeParse(payload);
      if (!parsed.success) return { outcome: 'skipped', detail: `the ${topic} body is not a WooCommerce order (${parsed.error.issues[0]?.path.join('.')})` };
      return applyWooOrder(ctx, integration, parsed.data);
    }
    case 'order.deleted':
      return applyWooOrderDeleted(ctx, integration, payload);
    case 'product.created':
    case 'product.updated':
    case 'product.deleted':
      return applyWooProductTopic(ctx, integration, topic, payload);
    default:
      return { outcome: 'skipped', detail: `topic ${topic} is not handled` };
  }
}

/** `GET system_status` needs a read key and answers the site's environment; its `environment.site_url` names the shop. */
export async function testWooConnection(integration: OpenIntegration, signal?: AbortSignal): Promise<ConnectionResult> {
  try {
    const { data } = await wooRequest<{ environment?: { site_url?: string } }>(integration, 'GET', 'system_status', { signal });
    return { ok: true, name: data.environment?.site_url ?? integration.domain };
  } catch (error) {
    return { ok: false, message: error instanceof WooApiError ? error.message : 'WooCommerce could not be reached.' };
  }
}

export const wooPlatform: Platform = {
  id: 'woocommerce',
  // `X-WC-Webhook-Source` is the site URL; the stored domain is its host and path.
  shopHeader: 'x-wc-webhook-source',
  shopDomainOf: wooDomainFromUrl,
  // WooCommerce pings a new webhook's URL with an unsigned `webhook_id=N` form body.
  isPing: isWooPing,
  verifyWebhook: verifyWooWebhook,
  handleTopic: handleWooTopic,
  backfill: backfillWoo,
  backfillProducts: (ctx, integration, signal) => backfillWooProducts(ctx, integration, signal),
  testConnection: testWooConnection,
  refundRail: wooRefundRail,
};
