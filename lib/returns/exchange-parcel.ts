import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { orders, shipments, variants } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { pendingTrackingNumber } from '@/lib/core/pending-parcel';

/**
 * The outbound parcel of an exchange, awaiting the shop (`PENDING-<RMA>`, no tracking number yet: the carrier
 * column holds the likely one, the order's first outbound parcel's, else the return's, until the shop reports
 * the real one), and `exchange.created`: what the warehouse must ship (sku, variant, quantity) and to whom (the
 * order's shipping address), for the shop's own fulfilment. The shop's shipment of those SKUs fills this same
 * parcel in (lib/shipments/fill-pending-parcel.ts). Used when staff complete a return, and at request time for a
 * "ship now" exchange (then `shipNow: true` and the deadline by which the old item must arrive).
 */
export async function createExchangeParcel(
  tx: Tx,
  input: {
    r: { id: string; orderId: string; rmaNumber: string; carrier: string | null };
    caseId: string | null;
    actor: Actor;
    sent: Array<{ variantId: string; quantity: number }>;
    shipNow?: { deadline: Date };
  },
): Promise<string> {
  const [first] = await tx.select({ carrier: shipments.carrier }).from(shipments).where(and(eq(shipments.orderId, input.r.orderId), eq(shipments.direction, 'outbound'))).limit(1);
  const carrier = first?.carrier ?? (input.r.carrier as typeof shipments.$inferInsert.carrier) ?? 'posti';
  const [parcel] = await tx
    .insert(shipments)
    .values({ orderId: input.r.orderId, direction: 'outbound', carrier, service: 'exchange', trackingNumber: pendingTrackingNumber(input.r.rmaNumber), status: 'info_received' })
    .returning({ id: shipments.id });
  const skus = input.sent.length
    ? await tx.select({ id: variants.id, sku: variants.sku, title: variants.title }).from(variants).where(inArray(variants.id, input.sent.map((s) => s.variantId)))
    : [];
  const [to] = await tx
    .select({
      name: orders.shippingName,
      email: orders.email,
      line1: orders.shippingLine1,
      line2: orders.shippingLine2,
      postalCode: orders.shippingPostalCode,
      city: orders.shippingCity,
      country: orders.shippingCountry,
    })
    .from(orders)
    .where(eq(orders.id, input.r.orderId));
  await recordEvent(tx, {
    type: 'exchange.created',
    actor: input.actor,
    caseId: input.caseId,
    data: {
      returnId: input.r.id,
      orderId: input.r.orderId,
      rma: input.r.rmaNumber,
      shipmentId: parcel!.id,
      items: input.sent.map((s) => {
        const variant = skus.find((v) => v.id === s.variantId);
        return { sku: variant?.sku ?? null, title: variant?.title ?? null, variantId: s.variantId, quantity: s.quantity };
      }),
      shipTo: to ?? null,
      shipNow: Boolean(input.shipNow),
      ...(input.shipNow ? { shipNowDeadline: input.shipNow.deadline.toISOString() } : {}),
    },
  });
  return parcel!.id;
}
