import 'server-only';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { carrierLabels, orders, returns, shipments } from '@/db/schema';
import type { Actor, Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import type { CarrierId } from '@/lib/core/enums';
import { type BookedLabel, CarrierBookingError, customerParty, type OutboundBookingRequest, shopParty } from '@/lib/carriers/booking';
import {
  bookedLabelOf,
  type BookingFacts,
  isCallUnderWay,
  forgetBookingCall,
  markBookingApplied,
  markBookingUncertain,
  openBooking,
  recordBookingAnswer,
  recordBookingCall,
  recordBookingNotApplied,
} from '@/lib/carriers/booking-ledger';
import { getCarrierConfig } from '@/lib/carriers/config';
import { registry } from '@/lib/carriers/registry';
import { normalizeTrackingNumber } from '@/lib/carriers/tracking-number';
import { storeBookedLabel } from '@/lib/labels/fetch-carrier-label';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { lockParcels } from '@/lib/tracking/ingest-events';
import { fillPendingParcel, type PendingParcel, pendingParcelsOf } from './fill-pending-parcel';
import { caseOfParcel } from './parcel-case';
import { type BookPendingParcelInput, bookPendingParcelSchema } from './schemas';

export type BookedParcel = { shipmentId: string; trackingNumber: string; bookedVia: string; labelPending: boolean; alreadyBooked: boolean };

/**
 * Staff book a parcel awaiting the shop (an exchange's new item, a reship) with its carrier: the carrier's
 * ordinary parcel from the shop to the customer (CarrierBooking.bookOutbound). The carrier's label is stored in
 * carrier_labels, the parcel is filled with the carrier's number through fillPendingParcel (the customer's
 * "shipped" email, `shipment.created`) and `shipment.booked` is audited, all in one transaction.
 *
 * The parcel's row is locked (pendingParcelsOf) before the carrier is called: a second click waits for the first and
 * gets the parcel it booked, never a second booking. A carrier that is not connected (no credentials) books nothing and is refused
 * here (no SPECIMEN: a shop ships real parcels); a carrier's refusal rolls everything back and carries the
 * carrier's message for staff. As with return labels (lib/returns/issue-return-label.ts), a booking whose label
 * the carrier did not hand over yet is stored all the same and its label fetched later (lib/labels/fetch-carrier-label.ts).
 *
 * Booking never lost or doubled: the same rule as issueReturnLabel's, on the parcel's ledger rows
 * (lib/carriers/booking-ledger.ts, subject `{ shipmentId }`). `calling` is written on `db` before the call and the
 * answer as `booked` right after it, both committed at once (they touch no `shipments` row, so they never wait on
 * the parcel's lock held here); `applied` is set last in this transaction. A recorded `booked` booking is applied
 * instead of calling the carrier again (should applying fail, e.g. its number is already another parcel's, the
 * reason stays on the booking with a `shipment.booking_not_applied` audit row); a refusal removes the `calling` row;
 * a call that got no answer (`outcomeUnknown`) or a `calling` row older than the carrier's possible wait becomes
 * `uncertain` (`shipment.booking_uncertain`) and nothing is booked until staff book again deliberately
 * (lib/shipments/rebook-pending-parcel.ts).
 */
export async function bookPendingParcel(ctx: Ctx, raw: BookPendingParcelInput): Promise<BookedParcel> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = bookPendingParcelSchema.parse(raw);
  const db = ctx.db;
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: shipments.orderId })
      .from(shipments)
      .where(and(eq(shipments.id, input.shipmentId), eq(shipments.direction, 'outbound')));
    if (!order) throw new AppError('not_found', 'Parcel not found.');
    // Locks the order's awaiting parcels (this one among them) in the order every filler takes them: a second click
    // waits here, then finds the parcel filled.
    const awaited = (await pendingParcelsOf(tx, order.id)).find((p) => p.id === input.shipmentId);
    const [parcel] = await tx.select({ orderId: shipments.orderId, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, input.shipmentId));
    if (!awaited || !parcel) {
      const [label] = await tx.select({ bookedVia: carrierLabels.bookedVia, hasFile: sql<boolean>`${carrierLabels.pdf} is not null or ${carrierLabels.zpl} is not null` }).from(carrierLabels).where(eq(carrierLabels.shipmentId, input.shipmentId));
      if (label && parcel) return { shipmentId: input.shipmentId, trackingNumber: parcel.trackingNumber, bookedVia: label.bookedVia, labelPending: !label.hasFile, alreadyBooked: true };
      throw new AppError('invalid_state', 'The parcel already has its tracking number.', { details: { reason: 'parcel_already_sent' } });
    }

    const booking = registry[parcel.carrier].booking;
    const config = booking?.bookOutbound ? await getCarrierConfig(tx, parcel.carrier) : null;
    const subject = { shipmentId: input.shipmentId };
    let recorded = await openBooking(tx, subject);
    // A recorded booking is applied as it is, even if the carrier's credentials were removed since.
    if (!recorded && (!booking?.bookOutbound || !config || !config.enabled || !booking.configured(config))) {
      throw new AppError('invalid_state', `Booking with ${parcel.carrier} is not connected.`, { details: { reason: 'carrier_not_connected' } });
    }
    const caseId = await caseOfParcel(tx, input.shipmentId);
    if (!recorded) {
      const request = await outboundRequest(tx, parcel.orderId, awaited);
      const call = await recordBookingCall(db, { subject, orderId: parcel.orderId, reference: request.reference, carrier: parcel.carrier });
      if (!call) throw new AppError('conflict', 'A booking of this parcel is under way.', { details: { reason: 'booking_in_progress' } });
      try {
        recorded = await recordBookingAnswer(db, call.id, await booking!.bookOutbound!(request, config!));
      } catch (error) {
        if (!(error instanceof CarrierBookingError)) throw error;
        // A call that got no answer may have booked a parcel: staff decide (as after a crash). A refusal booked nothing.
        if (!error.outcomeUnknown) {
          await forgetBookingCall(db, call.id);
          throw new AppError('invalid_state', error.message, { details: { reason: 'carrier_refused', carrierMessage: error.message.slice(0, 500) } });
        }
        await markBookingUncertain(db, call, { ...subject, orderId: parcel.orderId, reference: call.reference, caseId }, actor);
        throw new AppError('invalid_state', `A booking with ${parcel.carrier} may have been made: ${error.message}`, { details: { reason: 'parcel_booking_uncertain' } });
      }
    }
    const facts: BookingFacts = { ...subject, orderId: parcel.orderId, reference: recorded.reference, caseId };
    if (isCallUnderWay(recorded, config)) {
      throw new AppError('conflict', 'A booking of this parcel is under way.', { details: { reason: 'booking_in_progress' } });
    }
    if (recorded.state === 'calling') await markBookingUncertain(db, recorded, facts, actor);
    if (recorded.state !== 'booked') {
      throw new AppError('invalid_state', `A booking of this parcel with ${parcel.carrier} may have been made; staff check the carrier and book again.`, { details: { reason: 'parcel_booking_uncertain' } });
    }

    const answer = recorded;
    try {
      const applied = await applyBooking(tx, actor, awaited, { orderId: parcel.orderId, carrier: parcel.carrier, caseId }, bookedLabelOf(answer));
      // Last in the transaction: this row lock must not be held while the failure below is written on `db`.
      await markBookingApplied(tx, answer.id);
      return applied;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await recordBookingNotApplied(db, answer, facts, reason, actor).catch((recordError: unknown) => console.error('The booking of parcel', input.shipmentId, 'could not be marked as not applied', recordError));
      throw error;
    }
  });
}

/** The carrier's booking on the parcel: its label, the parcel filled with the carrier's number, the audit row. */
async function applyBooking(tx: Tx, actor: Actor, awaited: PendingParcel, parcel: { orderId: string; carrier: CarrierId; caseId: string | null }, booked: BookedLabel): Promise<BookedParcel> {
  const trackingNumber = normalizeTrackingNumber(booked.trackingNumber);
  await lockParcels(tx, [{ carrier: parcel.carrier, trackingNumber }]);
  const [taken] = await tx
    .select({ id: shipments.id })
    .from(shipments)
    .where(and(eq(shipments.carrier, parcel.carrier), eq(shipments.trackingNumber, trackingNumber), ne(shipments.id, awaited.id)))
    .limit(1);
  if (taken) throw new AppError('conflict', `Another parcel has the booked tracking number ${trackingNumber}.`, { details: { reason: 'tracking_number_taken' } });
  const now = new Date();
  const labelPending = await storeBookedLabel(tx, awaited.id, booked, now);
  await fillPendingParcel(tx, actor, awaited, { carrier: parcel.carrier, trackingNumber, service: booked.service, shippedAt: now, lines: [] }, 'booking');
  await recordEvent(tx, {
    actor,
    type: 'shipment.booked',
    caseId: parcel.caseId,
    data: { shipmentId: awaited.id, orderId: parcel.orderId, carrier: parcel.carrier, trackingNumber, bookedVia: booked.bookedVia, service: booked.service, labelPending },
  });
  return { shipmentId: awaited.id, trackingNumber, bookedVia: booked.bookedVia, labelPending, alreadyBooked: false };
}

/** The shop (its return/warehouse address, support email and phone) to the customer at the order's shipping address. */
async function outboundRequest(tx: Tx, orderId: string, parcel: PendingParcel): Promise<OutboundBookingRequest> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new AppError('not_found', 'No such order.');
  const shop = await readShopSettings(tx);
  const from = shop.returnAddress;
  if (!from) throw new AppError('invalid_state', 'The shop has no return/warehouse address to send the parcel from.', { details: { reason: 'shop_address_missing' } });
  const [ret] = parcel.returnId ? await tx.select({ rma: returns.rmaNumber }).from(returns).where(eq(returns.id, parcel.returnId)) : [];
  const skus = parcel.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ');
  return {
    // An exchange is known by its RMA, a reship by its order.
    reference: ret?.rma ?? order.orderNumber,
    sender: shopParty(from, shop),
    recipient: customerParty(order),
    contents: `${ret ? `Exchange ${ret.rma}` : 'Reship'} / order ${order.orderNumber}${skus ? `: ${skus}` : ''}`,
  };
}
