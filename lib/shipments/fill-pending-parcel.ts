import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { orders, shipments, type PickupPoint } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import type { CarrierId } from '@/lib/core/enums';
import { recordEvent } from '@/lib/core/events';
import { queueExchangeShippedEmail } from '@/lib/returns/resolution-emails';
import { matchPendingEvents } from '@/lib/tracking/ingest-events';
import { queueMilestoneEmails } from '@/lib/tracking/milestone-emails';
import { predictDelivery, predictionColumns } from '@/lib/tracking/predict-delivery';
import { PENDING_PREFIX } from '@/lib/core/pending-parcel';
import { type FilledBy, settleOpenParcelBooking } from './settle-parcel-booking';

/** A parcel awaiting the shop, with what it is to carry and what it was created for. */
export type PendingParcel = { id: string; items: Array<{ sku: string; quantity: number }>; skus: string[]; returnId: string | null; compensationId: string | null };

/**
 * The order's parcels awaiting the shop (lib/core/pending-parcel.ts), oldest first, locked when read in a
 * transaction: an exchange's items are its new items (the return's exchange variants), a reship's the order
 * lines it sends again.
 */
export async function pendingParcelsOf(db: DbOrTx, orderId: string): Promise<PendingParcel[]> {
  const rows = await db.execute<{ id: string; items: Array<{ sku: string; quantity: number }> | null; return_id: string | null; compensation_id: string | null }>(sql`
    select s.id, r.id as return_id, c.id as compensation_id,
      (select json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity) order by i.sku) from (
        select v.sku, sum(ri.quantity)::int as quantity from return_items ri join variants v on v.id = ri.exchange_variant_id
        where ri.return_id = r.id and ri.resolution = 'exchange' group by v.sku
        union all
        select ol.sku, sl.quantity from shipment_lines sl join order_lines ol on ol.id = sl.order_line_id where sl.shipment_id = s.id
      ) i) as items
    from shipments s
    left join returns r on r.exchange_shipment_id = s.id
    left join compensations c on c.shipment_id = s.id
    where s.order_id = ${orderId} and s.direction = 'outbound' and s.tracking_number like ${`${PENDING_PREFIX}%`}
    order by s.created_at, s.id
    for update of s`);
  return [...rows].map((r) => {
    const items = r.items ?? [];
    return { id: r.id, items, skus: items.map((i) => i.sku), returnId: r.return_id, compensationId: r.compensation_id };
  });
}

export type ShippedParcel = {
  carrier: CarrierId;
  trackingNumber: string;
  service?: string | null;
  shippedAt: Date;
  promisedDate?: string | null;
  pickupPoint?: PickupPoint | null;
  /** As the shop reported them (for the event); empty when staff typed the number in. */
  lines: Array<{ sku: string; quantity: number }>;
};

/**
 * The shop has sent a parcel that awaited it: the same row gets the carrier, the tracking number, the shipped
 * date and a delivery prediction (so `exchange.created`'s `shipmentId` stays true), picks up carrier events that
 * came first, and only now the customer is told: "your new item is on its way" for an exchange, the ordinary
 * "shipped" email for a reship. `shipment.created` says so (with `filledPending`): from here it is a parcel like
 * any other. Inside the caller's transaction, which has locked the parcel (pendingParcelsOf) and the new number
 * (lockParcels) and checked that no other parcel has that number. `by` says who filled it: an open booking of the
 * parcel with its carrier is settled here unless the fill is that booking's own (./settle-parcel-booking.ts).
 */
export async function fillPendingParcel(tx: Tx, actor: Actor, parcel: PendingParcel, shipped: ShippedParcel, by: FilledBy): Promise<void> {
  const [row] = await tx
    .select({ orderId: shipments.orderId, postalCode: orders.shippingPostalCode, country: orders.shippingCountry })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(eq(shipments.id, parcel.id));
  if (!row) return;
  // Every fill but the booking's own settles an open booking first, so none is left open beside a sent parcel.
  if (by !== 'booking') await settleOpenParcelBooking(tx, actor, { id: parcel.id, orderId: row.orderId }, shipped, by);
  const prediction = await predictDelivery(tx, { carrier: shipped.carrier, service: shipped.service ?? null, postalCode: row.postalCode, country: row.country, shippedAt: shipped.shippedAt });
  await tx
    .update(shipments)
    .set({
      carrier: shipped.carrier,
      trackingNumber: shipped.trackingNumber,
      // Without the carrier's service named, the row keeps saying what it is for (exchange, reship).
      ...(shipped.service ? { service: shipped.service } : {}),
      shippedAt: shipped.shippedAt,
      promisedDate: shipped.promisedDate ?? null,
      pickupPoint: shipped.pickupPoint ?? null,
      ...(prediction ? { ...predictionColumns(prediction), firstEstimateBy: prediction.to } : {}),
      updatedAt: new Date(),
    })
    .where(eq(shipments.id, parcel.id));
  await tx.update(orders).set({ updatedAt: new Date() }).where(eq(orders.id, row.orderId));
  await matchPendingEvents(tx, parcel.id);
  const [after] = await tx.select({ status: shipments.status }).from(shipments).where(eq(shipments.id, parcel.id));
  if (parcel.returnId) await queueExchangeShippedEmail(tx, { returnId: parcel.returnId, shipmentId: parcel.id });
  else await queueMilestoneEmails(tx, { shipmentId: parcel.id, previous: null, current: after!.status });
  await recordEvent(tx, {
    actor,
    type: 'shipment.created',
    data: {
      shipmentId: parcel.id,
      orderId: row.orderId,
      carrier: shipped.carrier,
      trackingNumber: shipped.trackingNumber,
      lines: shipped.lines,
      status: after!.status,
      filledPending: parcel.returnId ? 'exchange' : 'reship',
      ...(parcel.returnId ? { returnId: parcel.returnId } : {}),
      ...(parcel.compensationId ? { compensationId: parcel.compensationId } : {}),
    },
  });
}
