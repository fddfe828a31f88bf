/**
 * order.created, order.updated, order.restored and backfilled orders: one WooCommerce order → our order (the
 * shared lib/platforms/apply-order.ts: merchant-API validation, audit row, `order.upserted`; an update whose
 * `date_modified_gmt` is not newer than the one applied is `stale`), then its Shipment Tracking parcels.
 * order.deleted (body `{ id }`) marks a known order canceled, with an audit row.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { exchangePlatformOrders, orders, platformOrders, returns } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { applyPlatformOrder, cancelPlatformOrder, type OrderOutcome } from '../apply-order';
import type { OpenIntegration, TopicOutcome } from '../platform';
import { exchangeItemsOf } from '../exchange-orders';
import { applyWooTracking } from './apply-tracking';
import { EXCHANGE_RMA_META } from './exchange-order';
import { mapWooOrder, trackingItemsOf, type WooOrder } from './map-order';

export async function applyWooOrder(ctx: Ctx, integration: OpenIntegration, order: WooOrder): Promise<OrderOutcome> {
  const label = String(order.number ?? order.id);
  const rma = (order.meta_data ?? []).find((m) => m.key === EXCHANGE_RMA_META)?.value;
  if (typeof rma === 'string') return applyReplacementOrder(ctx, integration, order, label, rma);
  const outcome = await applyPlatformOrder(ctx, integration, mapWooOrder(order), label);
  // Parcels are read on every delivery (a stale copy may still name a parcel we missed); createShipment dedupes.
  if ((outcome.outcome === 'applied' || outcome.outcome === 'stale') && outcome.orderId) {
    const tracking = await applyWooTracking(ctx, integration, outcome.orderId, label, trackingItemsOf(order));
    if (tracking.applied > 0 && outcome.outcome === 'stale') return { ...outcome, outcome: 'applied', detail: `${tracking.applied} parcel(s) added` };
    if (tracking.notes.length) return { ...outcome, detail: [outcome.detail, ...tracking.notes].filter(Boolean).join('; ') };
  }
  return outcome;
}

const deleted = z.looseObject({ id: z.union([z.number().int(), z.string().regex(/^\d+$/)]) });

export async function applyWooOrderDeleted(ctx: Ctx, integration: OpenIntegration, payload: unknown): Promise<TopicOutcome> {
  const parsed = deleted.safeParse(payload);
  if (!parsed.success) return { outcome: 'skipped', detail: 'the order.deleted body has no order id' };
  const externalId = String(parsed.data.id);
  const [link] = await ctx.db
    .select({ orderId: platformOrders.orderId, orderNumber: orders.orderNumber })
    .from(platformOrders)
    .innerJoin(orders, eq(orders.id, platformOrders.orderId))
    .where(and(eq(platformOrders.integrationId, integration.id), eq(platformOrders.externalId, externalId)));
  if (!link) return { outcome: 'skipped', detail: `order ${externalId} was never received; nothing to delete` };
  const canceled = await cancelPlatformOrder(ctx, integration, { orderId: link.orderId, orderNumber: link.orderNumber, canceledAt: new Date(), reason: 'deleted on WooCommerce' });
  if (!canceled) return { outcome: 'stale', orderId: link.orderId, detail: 'the order was canceled already' };
  return { outcome: 'applied', orderId: link.orderId };
}

/**
 * Our own exchange's replacement order (meta `_paluu_exchange_rma`, lib/platforms/woocommerce/exchange-order.ts)
 * is no order of the customer's here: its Shipment Tracking parcels fill the ORIGINAL order's exchange parcel
 * with the exchange's new items. Matched by the RMA, so a webhook that comes before our row records the id works too.
 */
async function applyReplacementOrder(ctx: Ctx, integration: OpenIntegration, order: WooOrder, label: string, rma: string): Promise<OrderOutcome> {
  const [exchange] = await ctx.db
    .select({ orderId: exchangePlatformOrders.orderId, returnId: exchangePlatformOrders.returnId })
    .from(exchangePlatformOrders)
    .innerJoin(returns, eq(returns.id, exchangePlatformOrders.returnId))
    .where(and(eq(exchangePlatformOrders.integrationId, integration.id), eq(returns.rmaNumber, rma)));
  if (!exchange) return { outcome: 'skipped', detail: `order ${label} names exchange ${rma}, which is not one of this shop's` };
  const tracking = await applyWooTracking(ctx, integration, exchange.orderId, label, trackingItemsOf(order), await exchangeItemsOf(ctx.db, exchange.returnId));
  if (tracking.applied > 0) return { outcome: 'applied', orderId: exchange.orderId, detail: `replacement order of exchange ${rma}: ${tracking.applied} parcel(s) added` };
  return { outcome: 'skipped', orderId: exchange.orderId, detail: [`replacement order of exchange ${rma}`, ...tracking.notes].join('; ') };
}
