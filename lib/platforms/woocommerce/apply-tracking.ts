/**
 * Parcels from the Shipment Tracking extension's order meta → shipments (lib/shipments/create-shipment: the same
 * checks, fulfilled counters, delivery prediction and "shipped" email as the merchant API). The meta names no
 * lines, so a new parcel carries the order's units not yet fulfilled; a parcel we hold already is `stale`.
 * The provider maps to our carriers like Shopify's `tracking_company` (lib/platforms/shopify/carriers.ts: "posti",
 * "postnord-se", "bring", "dhl…", "matkahuolto", "budbee", "instabox"); one we do not track is skipped with a
 * logged note, never an error.
 */
import { asc, eq } from 'drizzle-orm';
import { orderLines } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/core/errors';
import { createShipment } from '@/lib/shipments/create-shipment';
import { pendingParcelsOf } from '@/lib/shipments/fill-pending-parcel';
import { createShipmentSchema } from '@/lib/shipments/schemas';
import { refusal } from '../apply-order';
import type { OpenIntegration } from '../platform';
import { carrierFromTrackingCompany } from '../shopify/carriers';
import type { TrackingItem } from './map-order';

export type TrackingOutcome = { applied: number; notes: string[] };

/** `shipsLines`: what the parcels carry when known (an exchange's replacement order: its new items); else read from the order. */
export async function applyWooTracking(ctx: Ctx, integration: OpenIntegration, orderId: string, orderLabel: string, items: TrackingItem[], shipsLines?: Array<{ sku: string; quantity: number }>): Promise<TrackingOutcome> {
  const result: TrackingOutcome = { applied: 0, notes: [] };
  for (const item of items) {
    const carrier = carrierFromTrackingCompany(item.provider);
    if (!carrier) {
      result.notes.push(`parcel ${item.trackingNumber}: provider ${JSON.stringify(item.provider)} is not a carrier Paluu tracks`);
      continue;
    }
    const lines = await ctx.db.select({ sku: orderLines.sku, quantity: orderLines.quantity, fulfilled: orderLines.fulfilledQuantity }).from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position));
    const open = lines.filter((l) => l.quantity > l.fulfilled).map((l) => ({ sku: l.sku, quantity: l.quantity - l.fulfilled }));
    // Every unit is shipped already: a new parcel is the one awaiting the shop (an exchange's new item, a reship),
    // which the shipment then fills in; without one it is still offered with all lines, so a known one is `stale`.
    const awaited = open.length ? undefined : (await pendingParcelsOf(ctx.db, orderId))[0];
    const input = createShipmentSchema.safeParse({
      carrier,
      trackingNumber: item.trackingNumber,
      lines: shipsLines ?? (open.length ? open : awaited?.items.length ? awaited.items : lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))),
      ...(item.shippedAt && Date.parse(item.shippedAt) <= Date.now() ? { shippedAt: item.shippedAt } : {}),
    });
    if (!input.success) {
      result.notes.push(`parcel ${item.trackingNumber}: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      continue;
    }
    try {
      // createShipment runs in its own savepoint: a refused parcel leaves the order's upsert in place.
      await createShipment(ctx, { ...input.data, orderId });
      result.applied += 1;
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') continue;
      const refused = refusal(error);
      if (refused) {
        result.notes.push(`parcel ${item.trackingNumber}: ${refused}`);
        continue;
      }
      throw error;
    }
  }
  if (result.notes.length) console.warn(`[woocommerce] ${integration.domain} order ${orderLabel}: ${result.notes.join('; ')}`);
  return result;
}
