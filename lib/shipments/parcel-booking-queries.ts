import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { carrierLabels, domainEvents, shipments } from '@/db/schema';
import { openBooking } from '@/lib/carriers/booking-ledger';
import { getCarrierConfig } from '@/lib/carriers/config';
import { registry } from '@/lib/carriers/registry';
import type { CarrierId } from '@/lib/core/enums';
import { isAwaitingShop } from '@/lib/core/pending-parcel';

/**
 * What staff can do about an outbound parcel's carrier booking: while it awaits the shop, whether its carrier's
 * booking is connected (credentials set, bookOutbound offered); once booked, the carrier's label (downloadable, or
 * still to be fetched), and a booking with the carrier not yet on the parcel. Null for no such outbound parcel.
 */
export type ParcelBookingView = {
  shipmentId: string;
  carrier: CarrierId;
  awaitingShop: boolean;
  trackingNumber: string | null;
  connected: boolean;
  label: { bookedVia: string; pdf: boolean; pending: boolean } | null;
  /**
   * A booking with the carrier that is not on the parcel (lib/carriers/booking-ledger.ts): `booked` with the
   * carrier's number and why it could not be added, `uncertain` when a call went unanswered (staff check the
   * carrier's portal for `reference`), `calling` while a call is under way. Null when there is none.
   */
  openBooking: { state: 'calling' | 'booked' | 'uncertain'; carrier: CarrierId; reference: string; trackingNumber: string | null; applyError: string | null } | null;
  /**
   * The last booking of ours the shop's own number replaced (`shipment.booking_superseded`, lib/shipments/settle-parcel-booking.ts):
   * the carrier may bill it, so staff cancel it in the carrier's portal (by `bookedTrackingNumber`, or by `reference`
   * when the call got no answer). Null when there is none.
   */
  supersededBooking: { carrier: CarrierId; reference: string; bookedTrackingNumber: string | null; sentTrackingNumber: string } | null;
};

export async function getParcelBooking(db: DbOrTx, shipmentId: string): Promise<ParcelBookingView | null> {
  const [row] = await db
    .select({ orderId: shipments.orderId, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber, bookedVia: carrierLabels.bookedVia, hasPdf: sql<boolean>`${carrierLabels.pdf} is not null`, hasZpl: sql<boolean>`${carrierLabels.zpl} is not null` })
    .from(shipments)
    .leftJoin(carrierLabels, eq(carrierLabels.shipmentId, shipments.id))
    .where(and(eq(shipments.id, shipmentId), eq(shipments.direction, 'outbound')));
  if (!row) return null;
  const awaitingShop = isAwaitingShop(row.trackingNumber);
  const booking = registry[row.carrier].booking;
  let connected = false;
  if (awaitingShop && booking?.bookOutbound) {
    const config = await getCarrierConfig(db, row.carrier);
    connected = config.enabled && booking.configured(config);
  }
  // Read whether or not the parcel still waits: every fill settles the open booking, but one left open anywhere shows.
  const open = await openBooking(db, { shipmentId });
  const [superseded] = awaitingShop
    ? []
    : await db
        .select({ data: domainEvents.data })
        .from(domainEvents)
        .where(and(eq(domainEvents.orderId, row.orderId), eq(domainEvents.type, 'shipment.booking_superseded'), sql`${domainEvents.data}->>'shipmentId' = ${shipmentId}`))
        .orderBy(desc(domainEvents.id))
        .limit(1);
  return {
    shipmentId,
    carrier: row.carrier,
    awaitingShop,
    trackingNumber: awaitingShop ? null : row.trackingNumber,
    connected,
    label: row.bookedVia === null ? null : { bookedVia: row.bookedVia, pdf: row.hasPdf, pending: !row.hasPdf && !row.hasZpl },
    openBooking: open && { state: open.state as 'calling' | 'booked' | 'uncertain', carrier: open.carrier, reference: open.reference, trackingNumber: open.trackingNumber, applyError: open.applyError },
    supersededBooking: superseded ? supersededOf(superseded.data) : null,
  };
}

function supersededOf(data: Record<string, unknown>): NonNullable<ParcelBookingView['supersededBooking']> {
  return {
    carrier: data.carrier as CarrierId,
    reference: String(data.reference),
    bookedTrackingNumber: typeof data.bookedTrackingNumber === 'string' ? data.bookedTrackingNumber : null,
    sentTrackingNumber: String(data.sentTrackingNumber),
  };
}
