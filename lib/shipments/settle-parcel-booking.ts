import 'server-only';
import type { Tx } from '@/db';
import type { Actor } from '@/lib/core/actor';
import type { CarrierId } from '@/lib/core/enums';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { bookedLabelOf, closeOpenBooking, isCallUnderWay, lockOpenBooking, markBookingApplied } from '@/lib/carriers/booking-ledger';
import { carrierName } from '@/lib/carriers/catalog';
import { getCarrierConfig } from '@/lib/carriers/config';
import { normalizeTrackingNumber } from '@/lib/carriers/tracking-number';
import { storeBookedLabel } from '@/lib/labels/fetch-carrier-label';
import { caseOfParcel } from './parcel-case';

/** Who filled a parcel awaiting the shop: Paluu's own booking (which settles its ledger row itself), staff, or the shop. */
export type FilledBy = 'booking' | 'staff' | 'shop';

/**
 * A parcel awaiting the shop gets a number from staff or the shop while Paluu's booking with the carrier is open on
 * it (`booked` but not added, `uncertain`, a `calling` row): settled in the fill's transaction, so no booking is
 * left open once the parcel stops waiting (the panel reads open bookings beside the awaiting parcel).
 * - The number is the booking's own (copied from the carrier's portal or its label): the booking is applied, its
 *   label stored, `shipment.booked` audited.
 * - Staff typed another number: refused, naming the booking; they add it ("Book with …") or, having cancelled it in
 *   the carrier's portal, mark it abandoned first (docs/carriers.md, "Outbound booking").
 * - The shop sent another number: the shop is the source of truth for its own parcels, so its number goes on the
 *   parcel and the booking is closed (`abandoned`) with `shipment.booking_superseded`, which the parcel's panel shows
 *   as "cancel it in the carrier's portal" so a paid booking is not forgotten.
 */
export async function settleOpenParcelBooking(tx: Tx, actor: Actor, parcel: { id: string; orderId: string }, sent: { carrier: CarrierId; trackingNumber: string }, by: Exclude<FilledBy, 'booking'>): Promise<void> {
  const open = await lockOpenBooking(tx, { shipmentId: parcel.id });
  if (!open) return;
  const caseId = await caseOfParcel(tx, parcel.id);
  const bookedNumber = open.trackingNumber === null ? null : normalizeTrackingNumber(open.trackingNumber);
  if (open.state === 'booked' && open.carrier === sent.carrier && bookedNumber === sent.trackingNumber) {
    const booked = bookedLabelOf(open);
    const labelPending = await storeBookedLabel(tx, parcel.id, booked, new Date());
    await markBookingApplied(tx, open.id);
    await recordEvent(tx, {
      actor,
      type: 'shipment.booked',
      caseId,
      data: { shipmentId: parcel.id, orderId: parcel.orderId, carrier: open.carrier, trackingNumber: sent.trackingNumber, bookedVia: booked.bookedVia, service: booked.service, labelPending },
    });
    return;
  }
  if (by === 'staff') {
    if (isCallUnderWay(open, await getCarrierConfig(tx, open.carrier))) {
      throw new AppError('conflict', 'A booking of this parcel is under way.', { details: { reason: 'booking_in_progress' } });
    }
    const values = { carrier: carrierName(open.carrier), number: bookedNumber ?? '', reference: open.reference };
    throw new AppError(
      'invalid_state',
      open.state === 'booked'
        ? `${values.carrier} booked parcel ${values.number} for this shipment: add it, or cancel it in ${values.carrier}'s portal and mark the booking abandoned first.`
        : `A booking with ${values.carrier} may have been made for this shipment (reference ${values.reference}): check ${values.carrier}'s portal and mark the booking abandoned first.`,
      { details: { reason: open.state === 'booked' ? 'parcel_booking_open_booked' : 'parcel_booking_open_uncertain', values } },
    );
  }
  await closeOpenBooking(tx, open.id);
  await recordEvent(tx, {
    actor,
    type: 'shipment.booking_superseded',
    caseId,
    data: {
      shipmentId: parcel.id,
      orderId: parcel.orderId,
      reference: open.reference,
      carrier: open.carrier,
      bookingId: open.id,
      state: open.state as 'booked' | 'uncertain' | 'calling',
      bookedTrackingNumber: bookedNumber,
      sentCarrier: sent.carrier,
      sentTrackingNumber: sent.trackingNumber,
    },
  });
}
