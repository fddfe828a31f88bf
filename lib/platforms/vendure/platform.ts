/**
 * Vendure as a Platform (lib/platforms/platform.ts): webhooks from the Paluu plugin, backfill and the connection test
 * through the Admin API with an API key. No refund rail or exchange orders yet (docs/platforms.md).
 */
import { z } from 'zod';
import type { Ctx } from '@/lib/core/actor';
import type { ConnectionResult, OpenIntegration, Platform, TopicOutcome } from '../platform';
import { wooDomainFromUrl } from '../schemas';
import { VendureApiError, vendureAdmin } from './api';
import { applyVendureOrder } from './apply-order';
import { backfillVendure } from './backfill';
import { isBeingCancelled, ORDER_FIELDS, vendureOrderSchema } from './map-order';
import { verifyVendureWebhook } from './webhook';

export const VENDURE_TOPICS = ['order.state-transition'] as const;

const transition = z.looseObject({ code: z.string().trim().min(1).max(100) });

const ORDER_BY_CODE = `query($code: String!) { orders(options: { filter: { code: { eq: $code } }, take: 1 }) { items { ${ORDER_FIELDS} } } }`;

/**
 * The delivery names the order only: the order as Vendure holds it now is fetched and applied, so deliveries that
 * arrive late, twice or out of order all converge on Vendure's current state.
 */
export async function handleVendureTopic(ctx: Ctx, integration: OpenIntegration, topic: string, payload: unknown): Promise<TopicOutcome> {
  if (topic !== 'order.state-transition') return { outcome: 'skipped', detail: `topic ${topic} is not handled` };
  const parsed = transition.safeParse(payload);
  if (!parsed.success) return { outcome: 'skipped', detail: 'the order.state-transition body has no order code' };
  let found: unknown;
  try {
    const data = await vendureAdmin<{ orders?: { items?: unknown[] } }>(integration, ORDER_BY_CODE, { code: parsed.data.code });
    found = data.orders?.items?.[0];
  } catch (error) {
    if (error instanceof VendureApiError && error.retryable) return { outcome: 'retry', detail: `Vendure could not be asked for order ${parsed.data.code}: ${error.message}` };
    return { outcome: 'skipped', detail: `Vendure refused order ${parsed.data.code}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!found) return { outcome: 'skipped', detail: `order ${parsed.data.code} is not in Vendure` };
  const order = vendureOrderSchema.safeParse(found);
  if (!order.success) return { outcome: 'skipped', detail: `order ${parsed.data.code} is not a Vendure order (${order.error.issues[0]?.path.join('.')})` };
  // Carts and checkouts in progress are no orders of the customer's yet; their placement sends another delivery.
  if (order.data.active) return { outcome: 'skipped', detail: `order ${parsed.data.code} is not placed yet (${order.data.state})` };
  if (isBeingCancelled(order.data)) return { outcome: 'skipped', detail: `order ${parsed.data.code} is being cancelled in Vendure (its lines are zeroed; the Cancelled state follows)` };
  return applyVendureOrder(ctx, integration, order.data);
}

/** `activeChannel` needs only a valid key; its code and currency name the shop. */
export async function testVendureConnection(integration: OpenIntegration, signal?: AbortSignal): Promise<ConnectionResult> {
  try {
    const data = await vendureAdmin<{ activeChannel: { code: string; defaultCurrencyCode: string } }>(integration, `{ activeChannel { code defaultCurrencyCode } }`, {}, signal);
    return { ok: true, name: `${integration.credentials.url ?? integration.domain} (channel ${data.activeChannel.code}, ${data.activeChannel.defaultCurrencyCode})` };
  } catch (error) {
    return { ok: false, message: error instanceof VendureApiError ? error.message : 'Vendure could not be reached.' };
  }
}

export const vendurePlatform: Platform = {
  id: 'vendure',
  // `X-Vendure-Shop` is the shop URL the plugin is configured with; the stored domain is its host and path.
  shopHeader: 'x-vendure-shop',
  shopDomainOf: wooDomainFromUrl,
  verifyWebhook: verifyVendureWebhook,
  handleTopic: handleVendureTopic,
  backfill: backfillVendure,
  testConnection: testVendureConnection,
};
