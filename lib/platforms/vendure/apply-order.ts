/**
 * One Vendure order (backfilled, or fetched on a webhook) → our order through the shared lib/platforms/apply-order.ts
 * (merchant-API validation, audit row, `order.upserted`; a copy not newer than the one applied is `stale`), then its
 * shipped fulfilments → shipments (lib/shipments/create-shipment: the same checks, fulfilled counters and "shipped"
 * email as the merchant API). Vendure names each fulfilment's lines, so a parcel carries exactly those. The carrier
 * is the manual fulfilment's `method` (free text, read like Shopify's tracking company); one we do not track is
 * skipped with a logged note, never an error. Parcels are read on every delivery; a parcel we hold already is skipped.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { orderLines } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/core/errors';
import { createShipment } from '@/lib/shipments/create-shipment';
import { createShipmentSchema } from '@/lib/shipments/schemas';
import { applyPlatformOrder, refusal, type OrderOutcome } from '../apply-order';
import type { OpenIntegration } from '../platform';
import { carrierFromTrackingCompany } from '../shopify/carriers';
import { mapVendureOrder, parcelsOf, type VendureOrder, type VendureParcel } from './map-order';

export async function applyVendureOrder(ctx: Ctx, integration: OpenIntegration, order: VendureOrder): Promise<OrderOutcome> {
  const outcome = await applyPlatformOrder(ctx, integration, mapVendureOrder(order), order.code);
  if ((outcome.outcome !== 'applied' && outcome.outcome !== 'stale') || !outcome.orderId) return outcome;
  const notes: string[] = [];
  let added = 0;
  for (const parcel of parcelsOf(order)) {
    const note = await applyParcel(ctx, outcome.orderId, parcel);
    if (note === null) added += 1;
    else if (note) notes.push(note);
  }
  if (notes.length) console.warn(`[vendure] ${integration.domain} order ${order.code}: ${notes.join('; ')}`);
  const detail = [outcome.detail, added ? `${added} parcel(s) added` : '', ...notes].filter(Boolean).join('; ') || undefined;
  return { ...outcome, ...(added > 0 && outcome.outcome === 'stale' ? { outcome: 'applied' as const } : {}), ...(detail ? { detail } : {}) };
}

/** null: the shipment was created; '': we hold it already; otherwise why it was skipped. */
async function applyParcel(ctx: Ctx, orderId: string, parcel: VendureParcel): Promise<string | null> {
  const carrier = carrierFromTrackingCompany(parcel.method);
  if (!carrier) return `fulfillment ${parcel.fulfillmentId}: method ${JSON.stringify(parcel.method)} is not a carrier Paluu tracks`;
  const lines = parcel.lines.length
    ? await ctx.db
        .select({ sku: orderLines.sku, externalId: orderLines.externalId })
        .from(orderLines)
        .where(and(eq(orderLines.orderId, orderId), inArray(orderLines.externalId, parcel.lines.map((l) => l.orderLineId))))
    : [];
  const skuOf = new Map(lines.map((l) => [l.externalId, l.sku]));
  const missing = parcel.lines.filter((l) => !skuOf.has(l.orderLineId));
  if (missing.length || !parcel.lines.length) return `fulfillment ${parcel.fulfillmentId} names lines the order does not have`;
  const input = createShipmentSchema.safeParse({
    carrier,
    trackingNumber: parcel.trackingCode,
    lines: parcel.lines.map((l) => ({ sku: skuOf.get(l.orderLineId)!, quantity: l.quantity })),
    ...(parcel.shippedAt && Date.parse(parcel.shippedAt) <= Date.now() ? { shippedAt: parcel.shippedAt } : {}),
  });
  if (!input.success) return `fulfillment ${parcel.fulfillmentId}: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
  try {
    // createShipment runs in its own savepoint: a refused parcel leaves the order's upsert in place.
    await createShipment(ctx, { ...input.data, orderId });
    return null;
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return '';
    const refused = refusal(error);
    if (refused) return `fulfillment ${parcel.fulfillmentId}: ${refused}`;
    throw error;
  }
}
