/**
 * fulfillments/create and fulfillments/update → a shipment (lib/shipments/create-shipment: the same checks,
 * fulfilled counters, delivery prediction and "shipped" email as the merchant API). The carrier comes from
 * Shopify's `tracking_company`; one we do not track is skipped with a logged reason, never an error.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { orderLines, platformOrders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/core/errors';
import { createShipment } from '@/lib/shipments/create-shipment';
import { createShipmentSchema } from '@/lib/shipments/schemas';
import type { OpenIntegration, TopicOutcome } from '../platform';
import { refusal } from '../apply-order';
import { carrierFromTrackingCompany } from './carriers';
import { lineItemGid, orderGid } from './map-order';
import { exchangeItemsOf, replacementOrderLink } from '../exchange-orders';

const num = z.union([z.number(), z.string()]);
export const restFulfillmentSchema = z.looseObject({
  id: num,
  order_id: num,
  status: z.string().nullish(),
  created_at: z.string().nullish(),
  tracking_company: z.string().nullish(),
  tracking_number: z.string().nullish(),
  tracking_numbers: z.array(z.string()).nullish(),
  line_items: z.array(z.looseObject({ id: num, admin_graphql_api_id: z.string().nullish(), quantity: z.number().int() })),
});

/** Fulfilments that did not (or no longer) ship anything. */
const NOT_SHIPPED = new Set(['cancelled', 'error', 'failure']);

/** `retry`: the order has not arrived yet (webhooks can come in any order); Shopify retries the delivery. */
export async function applyShopifyFulfillment(ctx: Ctx, integration: OpenIntegration, payload: unknown): Promise<TopicOutcome> {
  const parsed = restFulfillmentSchema.safeParse(payload);
  if (!parsed.success) return { outcome: 'skipped', detail: 'the body is not a Shopify fulfillment' };
  const f = parsed.data;
  if (NOT_SHIPPED.has((f.status ?? '').toLowerCase())) return { outcome: 'skipped', detail: `fulfillment ${f.id} has status ${f.status}` };

  const [link] = await ctx.db
    .select({ orderId: platformOrders.orderId })
    .from(platformOrders)
    .where(and(eq(platformOrders.integrationId, integration.id), eq(platformOrders.externalId, orderGid(f.order_id))));
  if (!link) {
    const replacement = await replacementOrderLink(ctx.db, integration.id, orderGid(f.order_id));
    if (!replacement) return { outcome: 'retry', detail: `order ${f.order_id} has not arrived yet` };
    return applyReplacementFulfillment(ctx, integration, f, replacement);
  }

  const carrier = carrierFromTrackingCompany(f.tracking_company);
  if (!carrier) {
    const detail = `fulfillment ${f.id}: tracking company ${JSON.stringify(f.tracking_company ?? null)} is not a carrier Paluu tracks`;
    console.warn(`[shopify] ${integration.domain}: skipped ${detail}`);
    return { outcome: 'skipped', detail, orderId: link.orderId };
  }
  const trackingNumber = f.tracking_numbers?.[0] ?? f.tracking_number;
  if (!trackingNumber) return { outcome: 'skipped', detail: `fulfillment ${f.id} has no tracking number`, orderId: link.orderId };

  const wanted = f.line_items.map((l) => ({ gid: l.admin_graphql_api_id ?? lineItemGid(l.id), quantity: l.quantity }));
  const lines = await ctx.db
    .select({ sku: orderLines.sku, externalId: orderLines.externalId })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, link.orderId), inArray(orderLines.externalId, wanted.map((w) => w.gid))));
  const skuOf = new Map(lines.map((l) => [l.externalId, l.sku]));
  const missing = wanted.filter((w) => !skuOf.has(w.gid));
  if (missing.length > 0) return { outcome: 'skipped', detail: `fulfillment ${f.id} names line items the order does not have: ${missing.map((m) => m.gid).join(', ')}`, orderId: link.orderId };

  const input = createShipmentSchema.safeParse({
    carrier,
    trackingNumber,
    lines: wanted.map((w) => ({ sku: skuOf.get(w.gid)!, quantity: w.quantity })),
    ...(f.created_at ? { shippedAt: f.created_at } : {}),
  });
  if (!input.success) return { outcome: 'skipped', detail: `fulfillment ${f.id}: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, orderId: link.orderId };
  try {
    await createShipment(ctx, { ...input.data, orderId: link.orderId });
  } catch (error) {
    // The same parcel on this order already: an update of a fulfilment we hold, or a redelivery.
    if (error instanceof AppError && error.code === 'conflict') return { outcome: 'stale', detail: error.message, orderId: link.orderId };
    const refused = refusal(error);
    if (refused) return { outcome: 'skipped', detail: `fulfillment ${f.id}: ${refused}`, orderId: link.orderId };
    throw error;
  }
  if ((f.tracking_numbers?.length ?? 0) > 1) console.warn(`[shopify] ${integration.domain}: fulfillment ${f.id} has ${f.tracking_numbers!.length} tracking numbers; the first one is tracked`);
  return { outcome: 'applied', orderId: link.orderId };
}

/**
 * The fulfilment of an exchange's replacement order (lib/platforms/exchange-orders.ts): the new items ship, so the
 * ORIGINAL order's parcel awaiting the shop gets this carrier and number, and the customer is emailed
 * (createShipment fills a pending parcel whose SKUs the lines name). The lines are the exchange's new items: the
 * replacement's line item ids are Shopify's, not lines of ours.
 */
async function applyReplacementFulfillment(
  ctx: Ctx,
  integration: OpenIntegration,
  f: z.infer<typeof restFulfillmentSchema>,
  replacement: { orderId: string; returnId: string },
): Promise<TopicOutcome> {
  const orderId = replacement.orderId;
  const carrier = carrierFromTrackingCompany(f.tracking_company);
  if (!carrier) return { outcome: 'skipped', detail: `fulfillment ${f.id} of a replacement order: tracking company ${JSON.stringify(f.tracking_company ?? null)} is not a carrier Paluu tracks`, orderId };
  const trackingNumber = f.tracking_numbers?.[0] ?? f.tracking_number;
  if (!trackingNumber) return { outcome: 'skipped', detail: `fulfillment ${f.id} has no tracking number`, orderId };
  const input = createShipmentSchema.safeParse({ carrier, trackingNumber, lines: await exchangeItemsOf(ctx.db, replacement.returnId), ...(f.created_at ? { shippedAt: f.created_at } : {}) });
  if (!input.success) return { outcome: 'skipped', detail: `fulfillment ${f.id}: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, orderId };
  try {
    await createShipment(ctx, { ...input.data, orderId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return { outcome: 'stale', detail: error.message, orderId };
    const refused = refusal(error);
    if (refused) return { outcome: 'skipped', detail: `fulfillment ${f.id}: ${refused}`, orderId };
    throw error;
  }
  console.info(`[shopify] ${integration.domain}: fulfillment ${f.id} of replacement order ${f.order_id} filled the exchange parcel`);
  return { outcome: 'applied', orderId };
}
