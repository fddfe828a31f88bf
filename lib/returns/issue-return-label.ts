import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { carrierLabels, cases, orders, type Return, returnItems, returns, shipmentLines, shipments } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { queueReturnEmail } from './return-emails';
import { specimenTrackingNumber } from '@/lib/labels/carrier-formats';
import { registry } from '@/lib/carriers/registry';
import { getCarrierConfig } from '@/lib/carriers/config';
import { type BookedLabel, CarrierBookingError, customerParty, type ReturnBookingRequest, shopParty } from '@/lib/carriers/booking';
import { bookedLabelOf, isCallUnderWay, forgetBookingCall, markBookingApplied, markBookingUncertain, openBooking, recordBookingAnswer, recordBookingCall, recordBookingNotApplied } from '@/lib/carriers/booking-ledger';
import type { CarrierId } from '@/lib/core/enums';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { fetchCarrierLabel, storeBookedLabel } from '@/lib/labels/fetch-carrier-label';

/** `labelPending`: booked with the carrier, but the carrier's label is still to be fetched (lib/labels/fetch-carrier-label.ts). */
export type IssuedLabel = { shipmentId: string; trackingNumber: string; printerlessCode: string | null; specimen: boolean; labelPending: boolean };

/**
 * C7. For a return in status 'approved': books the return parcel with its carrier when the carrier's booking
 * credentials are configured (lib/carriers/<carrier>/booking.ts: the carrier's tracking number, its own label,
 * its label-free code when the method is 'printerless') and stores the carrier's label; otherwise the return
 * gets a SPECIMEN: the id `SPECIMEN-<RMA>` (no carrier's format, no label-free code) and a locally drawn label
 * that says it is not valid for shipping. Then creates the return shipment (direction 'return'), sets
 * 'label_issued', writes the audit row and queues the C8 email. The booked number is the return shipment's
 * tracking number, so the carrier's first scan moves the return to in_transit through the tracking pipeline.
 *
 * The carrier is called inside the caller's transaction, after the return row is locked (FOR UPDATE): a double
 * submit waits for the first booking instead of booking twice; the carrier's request timeout bounds the wait.
 * A failed booking throws (CarrierBookingError): the callers' savepoint keeps the return approved and staff
 * retry. A booking whose label the carrier did not hand over yet is stored all the same (the return is issued with
 * the carrier's number; carrier_labels has no file and says where to fetch it), and the label is fetched later
 * (lib/labels/fetch-carrier-label.ts: the worker, the label's opening, staff's "fetch label again").
 * Called again for a return that already has its label, it returns that label unchanged; one whose carrier label
 * is still missing is only fetched again: a return is never booked twice.
 *
 * Booking never lost or doubled: the caller's transaction may still roll back after the carrier booked (a number
 * already used by another parcel, a lost connection, a deadlock). So the call and its answer go to the booking
 * ledger (lib/carriers/booking-ledger.ts) on `db`, the pool, committed at once: `calling` before the call, `booked`
 * with the answer; `applied` is set in the caller's transaction with the return's own changes. The rule, for a
 * return with an open booking in the ledger:
 * - `booked`: applied as it is; the carrier is not asked again (even if its credentials were removed since).
 *   Should applying fail, the booking keeps the reason for staff, with a `return.booking_not_applied` audit row.
 * - `calling`, younger than the carrier's possible wait (bookingCallWindowMs): another attempt may still be waiting
 *   for the answer: a conflict, try again shortly.
 * - `calling`, older: the attempt died during the call and the carrier may have booked. Pakettikauppa (Posti,
 *   Matkahuolto) documents no search by our reference; Bring's and PostNord's tracking APIs search by reference, but a
 *   fresh booking need not show there yet, so an empty answer proves nothing. For every carrier the row becomes
 *   `uncertain` (audit `return.booking_uncertain`) and nothing is booked until staff, having checked the carrier's
 *   portal for the RMA, book again deliberately (lib/returns/staff/rebook-return-label.ts).
 * A refusal (CarrierBookingError: nothing booked) removes the `calling` row. A call that got no answer (a timeout, a
 * connection dropped after sending: `outcomeUnknown`) becomes `uncertain` at once; any other failure of the call leaves it.
 */
export async function issueReturnLabel(db: Db, tx: Tx, input: { returnId: string; actor: Actor }): Promise<IssuedLabel> {
  const [ret] = await tx.select().from(returns).where(eq(returns.id, input.returnId)).for('update');
  if (!ret) throw new AppError('not_found', 'No such return.');
  if (ret.status === 'label_issued' && ret.returnShipmentId) {
    const [existing] = await tx.select({ trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, ret.returnShipmentId));
    if (existing) {
      const [booked] = await tx.select({ hasFile: sql<boolean>`${carrierLabels.pdf} is not null or ${carrierLabels.zpl} is not null` }).from(carrierLabels).where(eq(carrierLabels.shipmentId, ret.returnShipmentId));
      const labelPending = Boolean(booked && !booked.hasFile) && (await fetchCarrierLabel(tx, { shipmentId: ret.returnShipmentId, actor: input.actor })) !== 'fetched';
      return { shipmentId: ret.returnShipmentId, trackingNumber: existing.trackingNumber, printerlessCode: ret.printerlessCode, specimen: !booked, labelPending };
    }
  }
  if (ret.status !== 'approved') throw new AppError('invalid_state', `A label needs an approved return (status ${ret.status}).`);

  const carrier = ret.carrier ?? 'posti';
  const booking = registry[carrier].booking;
  const config = booking ? await getCarrierConfig(tx, carrier) : null;
  const [openCase] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.returnId, ret.id)).limit(1);
  const facts = { returnId: ret.id, orderId: ret.orderId, rma: ret.rmaNumber, caseId: openCase?.id ?? null };

  let recorded = await openBooking(tx, { returnId: ret.id });
  if (!recorded && booking && config && config.enabled && booking.configured(config)) {
    const request = await bookingRequest(tx, ret);
    const call = await recordBookingCall(db, { subject: { returnId: ret.id }, orderId: ret.orderId, reference: ret.rmaNumber, carrier });
    if (!call) throw new AppError('conflict', `A booking of ${ret.rmaNumber} is under way.`, { details: { reason: 'booking_in_progress' } });
    let answer: BookedLabel;
    try {
      answer = await booking.bookReturn(request, config);
    } catch (error) {
      // A refusal booked nothing; a call that got no answer may have booked a parcel: staff decide (as after a crash).
      if (error instanceof CarrierBookingError && !error.outcomeUnknown) await forgetBookingCall(db, call.id);
      else if (error instanceof CarrierBookingError) await markBookingUncertain(db, call, facts, input.actor);
      throw error;
    }
    recorded = await recordBookingAnswer(db, call.id, answer);
  }
  if (recorded && isCallUnderWay(recorded, config)) {
    throw new AppError('conflict', `A booking of ${ret.rmaNumber} with ${carrier} is under way.`, { details: { reason: 'booking_in_progress' } });
  }
  if (recorded?.state === 'calling') await markBookingUncertain(db, recorded, facts, input.actor);
  if (recorded && recorded.state !== 'booked') {
    throw new AppError('invalid_state', `A booking of ${ret.rmaNumber} with ${carrier} may have been made; staff check the carrier and book again.`, {
      details: { reason: 'booking_uncertain' },
    });
  }

  if (!recorded) return applyLabel(tx, ret, carrier, null, facts.caseId, input.actor);
  const booked = recorded;
  try {
    const issued = await applyLabel(tx, ret, carrier, bookedLabelOf(booked), facts.caseId, input.actor);
    // Last in the transaction: this row lock must not be held while the failure below is written on `db`.
    await markBookingApplied(tx, booked.id);
    return issued;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await recordBookingNotApplied(db, booked, facts, reason, input.actor).catch((recordError: unknown) => console.error('The booking of', ret.rmaNumber, 'could not be marked as not applied', recordError));
    throw error;
  }
}

/** The return's shipment from the carrier's booking (or a SPECIMEN without one), its label, status, audit row and email. */
async function applyLabel(tx: Tx, ret: Return, carrier: CarrierId, booked: BookedLabel | null, caseId: string | null, actor: Actor): Promise<IssuedLabel> {
  const [shipment] = await tx
    .insert(shipments)
    .values({
      orderId: ret.orderId,
      direction: 'return',
      carrier,
      service: booked?.service ?? null,
      trackingNumber: booked?.trackingNumber ?? specimenTrackingNumber(ret.rmaNumber),
      status: 'info_received',
    })
    .onConflictDoNothing({ target: [shipments.carrier, shipments.trackingNumber] })
    .returning({ id: shipments.id, trackingNumber: shipments.trackingNumber });
  if (!shipment) throw new AppError('conflict', `The return tracking number ${booked?.trackingNumber ?? specimenTrackingNumber(ret.rmaNumber)} of ${ret.rmaNumber} is already used by another parcel.`);
  const labelPending = booked !== null && (await storeBookedLabel(tx, shipment.id, booked));
  if (booked && labelPending) console.warn(`Return ${ret.rmaNumber} booked with ${carrier} (${booked.trackingNumber}); its label is to be fetched again: ${booked.labelError ?? 'no label in the answer'}`);

  const items = await tx
    .select({ orderLineId: returnItems.orderLineId, quantity: sql<number>`sum(${returnItems.quantity})::int` })
    .from(returnItems)
    .where(eq(returnItems.returnId, ret.id))
    .groupBy(returnItems.orderLineId);
  if (items.length) await tx.insert(shipmentLines).values(items.map((i) => ({ shipmentId: shipment.id, orderLineId: i.orderLineId, quantity: i.quantity })));

  // A label-free code only ever comes from the carrier; a SPECIMEN has none.
  const printerlessCode = ret.method === 'printerless' ? (booked?.printerlessCode ?? null) : null;
  await tx.update(returns).set({ status: 'label_issued', labelIssuedAt: new Date(), returnShipmentId: shipment.id, printerlessCode, updatedAt: new Date() }).where(eq(returns.id, ret.id));

  await recordEvent(tx, {
    actor,
    type: 'return.label_issued',
    caseId,
    data: {
      returnId: ret.id,
      orderId: ret.orderId,
      rma: ret.rmaNumber,
      shipmentId: shipment.id,
      carrier,
      trackingNumber: shipment.trackingNumber,
      method: ret.method,
      printerless: printerlessCode !== null,
      bookedVia: booked?.bookedVia ?? null,
      specimen: !booked,
      labelPending,
    },
  });
  await queueReturnEmail(tx, { returnId: ret.id, step: 'label_issued' });
  return { shipmentId: shipment.id, trackingNumber: shipment.trackingNumber, printerlessCode, specimen: !booked, labelPending };
}

/** What the carrier needs to book the return: the customer (from the order's shipping address) to the shop's return address. */
async function bookingRequest(tx: Tx, ret: Return): Promise<ReturnBookingRequest> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, ret.orderId));
  if (!order) throw new AppError('not_found', 'No such order.');
  const shop = await readShopSettings(tx);
  const to = shop.returnAddress;
  if (!to) throw new AppError('invalid_state', 'The shop has no return address; a carrier cannot book a return without one.');
  return {
    reference: ret.rmaNumber,
    sender: customerParty(order),
    recipient: shopParty(to, shop),
    printerless: ret.method === 'printerless',
    contents: `Return ${ret.rmaNumber} / order ${order.orderNumber}`,
  };
}
