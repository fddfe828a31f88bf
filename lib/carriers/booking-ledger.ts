import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { type CarrierBookingRow, carrierBookings } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import type { CarrierId } from '@/lib/core/enums';
import { type RecordEventInput, recordEvent } from '@/lib/core/events';
import type { BookedLabel } from './booking';
import type { CarrierConfig } from './config';

/**
 * The booking ledger (`carrier_bookings`): every call to a carrier's booking API and its answer, written on the
 * pool (`db`), never on the caller's transaction, so it is committed the moment it is written and survives that
 * transaction's rollback. These writes touch only ledger rows and the event log (no foreign keys), never the
 * return or parcel row the caller holds locked, so they cannot wait on the caller. The rule that reads the ledger is
 * in lib/returns/issue-return-label.ts (return labels) and lib/shipments/book-pending-parcel.ts (parcels the shop sends).
 */

/** A booking not yet settled: being asked, answered but not applied, or left unanswered (staff decide). */
const OPEN_STATES = ['calling', 'booked', 'uncertain'] as const;
/** The open states as an SQL list, for reads that fold the open booking into a larger statement (the return panel). */
export const OPEN_BOOKING_STATES = sql`(${sql.join(OPEN_STATES.map((state) => sql`${state}`), sql`, `)})`;

/** What a booking is for: a return's label, or a parcel awaiting the shop (an exchange's, a reship's). */
export type BookingSubject = { returnId: string } | { shipmentId: string };

/** The subject's ledger rows: its purpose and its id (the check `carrier_bookings_subject` keeps the two together). */
function ofSubject(subject: BookingSubject) {
  return 'returnId' in subject
    ? and(eq(carrierBookings.purpose, 'return'), eq(carrierBookings.returnId, subject.returnId))
    : and(eq(carrierBookings.purpose, 'outbound'), eq(carrierBookings.shipmentId, subject.shipmentId));
}

/** The subject's open booking, if any. */
export async function openBooking(db: DbOrTx, subject: BookingSubject): Promise<CarrierBookingRow | null> {
  const [row] = await db
    .select()
    .from(carrierBookings)
    .where(and(ofSubject(subject), inArray(carrierBookings.state, [...OPEN_STATES])));
  return row ?? null;
}

/**
 * The subject's open booking, locked until the caller's transaction ends: a parcel filled with a number (by staff, by
 * the shop) settles its open booking in the same transaction (lib/shipments/settle-parcel-booking.ts).
 */
export async function lockOpenBooking(tx: Tx, subject: BookingSubject): Promise<CarrierBookingRow | null> {
  const [row] = await tx
    .select()
    .from(carrierBookings)
    .where(and(ofSubject(subject), inArray(carrierBookings.state, [...OPEN_STATES])))
    .for('update');
  return row ?? null;
}

/** Closes an open booking as history (`abandoned`), in the caller's transaction with its audit row; false if it was settled meanwhile. */
export async function closeOpenBooking(tx: Tx, bookingId: string): Promise<boolean> {
  const [closed] = await tx
    .update(carrierBookings)
    .set({ state: 'abandoned' })
    .where(and(eq(carrierBookings.id, bookingId), inArray(carrierBookings.state, [...OPEN_STATES])))
    .returning({ id: carrierBookings.id });
  return Boolean(closed);
}

/**
 * How long an unanswered call may still be waiting for the carrier: a booking makes up to two requests (the booking,
 * then its label), each bounded by the carrier's request timeout, plus a minute for everything around them.
 */
export function bookingCallWindowMs(config: CarrierConfig | null): number {
  return 2 * (config?.requestTimeoutMs ?? 10_000) + 60_000;
}

/** A `calling` row still within that window: its call may yet answer, so nothing may book again or close it. */
export function isCallUnderWay(row: Pick<CarrierBookingRow, 'state' | 'createdAt'>, config: CarrierConfig | null, now = Date.now()): boolean {
  return row.state === 'calling' && now - row.createdAt.getTime() < bookingCallWindowMs(config);
}

/** A recorded answer as the booking client gave it. */
export function bookedLabelOf(row: CarrierBookingRow): BookedLabel {
  return {
    trackingNumber: row.trackingNumber!,
    service: row.service,
    pdf: row.pdf ? new Uint8Array(row.pdf) : null,
    zpl: row.zpl,
    printerlessCode: row.printerlessCode,
    carrierReference: row.carrierReference,
    bookedVia: row.bookedVia!,
    labelSource: row.labelSource,
    labelError: row.labelError,
  };
}

/** Notes that the carrier is about to be asked; null when the subject has an open booking already (the caller reads it). */
export async function recordBookingCall(db: Db, input: { subject: BookingSubject; orderId: string; reference: string; carrier: CarrierId }): Promise<CarrierBookingRow | null> {
  const { subject, ...call } = input;
  const [row] = await db
    .insert(carrierBookings)
    .values({ ...call, ...('returnId' in subject ? { purpose: 'return', returnId: subject.returnId } : { purpose: 'outbound', shipmentId: subject.shipmentId }), state: 'calling' })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The carrier's answer, kept whatever happens to the caller's transaction next. */
export async function recordBookingAnswer(db: Db, bookingId: string, booked: BookedLabel): Promise<CarrierBookingRow> {
  const [row] = await db
    .update(carrierBookings)
    .set({
      state: 'booked',
      bookedVia: booked.bookedVia,
      trackingNumber: booked.trackingNumber,
      carrierReference: booked.carrierReference,
      service: booked.service,
      labelSource: booked.labelSource ?? null,
      pdf: booked.pdf ? Buffer.from(booked.pdf) : null,
      zpl: booked.zpl,
      printerlessCode: booked.printerlessCode,
      labelError: booked.labelError?.slice(0, 300) ?? null,
      answeredAt: new Date(),
    })
    .where(eq(carrierBookings.id, bookingId))
    .returning();
  return row!;
}

/** The carrier refused the booking (CarrierBookingError: nothing booked): the call leaves no trace. */
export async function forgetBookingCall(db: Db, bookingId: string): Promise<void> {
  await db.delete(carrierBookings).where(and(eq(carrierBookings.id, bookingId), eq(carrierBookings.state, 'calling')));
}

/** Applying the booking to its return or parcel: in the caller's transaction, with the subject's own changes. */
export async function markBookingApplied(tx: Tx, bookingId: string): Promise<void> {
  await tx.update(carrierBookings).set({ state: 'applied', appliedAt: new Date(), applyError: null }).where(eq(carrierBookings.id, bookingId));
}

/** What the audit rows of a booking say: the return (its RMA) or the parcel (the reference the carrier was given), and the case. */
export type BookingFacts = { returnId: string; orderId: string; rma: string; caseId: string | null } | { shipmentId: string; orderId: string; reference: string; caseId: string | null };

/**
 * A booking's audit row: the return's events name the return and its RMA, the parcel's the parcel and the reference the
 * carrier was given (catalogued apart; recordEvent checks the data against the type's schema when writing).
 */
function bookingEvent(actor: Actor, facts: BookingFacts, what: 'booking_not_applied' | 'booking_uncertain' | 'booking_abandoned', detail: Record<string, unknown>): RecordEventInput {
  const event =
    'returnId' in facts
      ? { type: `return.${what}`, data: { returnId: facts.returnId, orderId: facts.orderId, rma: facts.rma, ...detail } }
      : { type: `shipment.${what}`, data: { shipmentId: facts.shipmentId, orderId: facts.orderId, reference: facts.reference, ...detail } };
  return { actor, caseId: facts.caseId, ...event } as RecordEventInput;
}

/**
 * A booked parcel that could not be applied to its return or parcel (the caller's transaction failed after the
 * answer): the reason stays on the booking for staff, with its audit row; the next attempt applies the same booking.
 */
export async function recordBookingNotApplied(db: Db, booking: CarrierBookingRow, facts: BookingFacts, reason: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(carrierBookings).set({ applyError: reason.slice(0, 300) }).where(and(eq(carrierBookings.id, booking.id), eq(carrierBookings.state, 'booked')));
    await recordEvent(tx, bookingEvent(actor, facts, 'booking_not_applied', { carrier: booking.carrier, trackingNumber: booking.trackingNumber!, reason: reason.slice(0, 300) }));
  });
}

/**
 * A call that never got its answer recorded (the process stopped while waiting, or the call timed out): the carrier
 * may have booked a parcel. Marked `uncertain` once, with its audit row; staff check the carrier's portal, then book again.
 */
export async function markBookingUncertain(db: Db, booking: CarrierBookingRow, facts: BookingFacts, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [marked] = await tx
      .update(carrierBookings)
      .set({ state: 'uncertain' })
      .where(and(eq(carrierBookings.id, booking.id), eq(carrierBookings.state, 'calling')))
      .returning({ id: carrierBookings.id });
    if (!marked) return;
    await recordEvent(tx, bookingEvent(actor, facts, 'booking_uncertain', { carrier: booking.carrier, calledAt: booking.createdAt.toISOString() }));
  });
}

/**
 * Staff's decision after checking the carrier's portal: the subject's `uncertain` booking is set aside, with its audit
 * row, so it can be booked again. `caseOf` finds the case for the audit row. False when there is none (nothing to decide).
 */
export async function abandonUncertainBooking(db: Db, subject: BookingSubject, actor: Actor, caseOf: (tx: Tx) => Promise<string | null>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [abandoned] = await tx
      .update(carrierBookings)
      .set({ state: 'abandoned' })
      .where(and(ofSubject(subject), eq(carrierBookings.state, 'uncertain')))
      .returning();
    if (!abandoned) return false;
    const caseId = await caseOf(tx);
    const facts: BookingFacts =
      'returnId' in subject
        ? { returnId: subject.returnId, orderId: abandoned.orderId, rma: abandoned.reference, caseId }
        : { shipmentId: subject.shipmentId, orderId: abandoned.orderId, reference: abandoned.reference, caseId };
    await recordEvent(tx, bookingEvent(actor, facts, 'booking_abandoned', { carrier: abandoned.carrier, bookingId: abandoned.id }));
    return true;
  });
}
