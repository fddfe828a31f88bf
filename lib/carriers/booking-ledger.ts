import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import { type CarrierBookingRow, carrierBookings, cases } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import type { CarrierId } from '@/lib/core/enums';
import { recordEvent } from '@/lib/core/events';
import type { BookedLabel } from './booking';

/**
 * The booking ledger (`carrier_bookings`): every call to a carrier's booking API and its answer, written on the
 * pool (`db`), never on the caller's transaction, so it is committed the moment it is written and survives that
 * transaction's rollback. These writes touch only ledger rows and the event log (no foreign keys), never the
 * return row the caller holds locked, so they cannot wait on the caller. The rule that reads the ledger is in
 * lib/returns/issue-return-label.ts.
 */

/** A booking not yet settled: being asked, answered but not applied, or left unanswered (staff decide). */
const OPEN_STATES = ['calling', 'booked', 'uncertain'] as const;

/** The return's open booking, if any. */
export async function openBooking(db: DbOrTx, returnId: string): Promise<CarrierBookingRow | null> {
  const [row] = await db
    .select()
    .from(carrierBookings)
    .where(and(eq(carrierBookings.returnId, returnId), eq(carrierBookings.purpose, 'return'), inArray(carrierBookings.state, [...OPEN_STATES])));
  return row ?? null;
}

/** Notes that the carrier is about to be asked; null when the return has an open booking already (the caller reads it). */
export async function recordBookingCall(db: Db, input: { returnId: string; orderId: string; reference: string; carrier: CarrierId }): Promise<CarrierBookingRow | null> {
  const [row] = await db
    .insert(carrierBookings)
    .values({ ...input, purpose: 'return', state: 'calling' })
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

/** Applying the booking to the return: in the caller's transaction, with the return's own changes. */
export async function markBookingApplied(tx: Tx, bookingId: string): Promise<void> {
  await tx.update(carrierBookings).set({ state: 'applied', appliedAt: new Date(), applyError: null }).where(eq(carrierBookings.id, bookingId));
}

type ReturnFacts = { returnId: string; orderId: string; rma: string; caseId: string | null };

/**
 * A booked parcel that could not be applied to its return (the caller's transaction failed after the answer): the
 * reason stays on the booking for staff, with its audit row; the next attempt applies the same booking.
 */
export async function recordBookingNotApplied(db: Db, booking: CarrierBookingRow, facts: ReturnFacts, reason: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(carrierBookings).set({ applyError: reason.slice(0, 300) }).where(and(eq(carrierBookings.id, booking.id), eq(carrierBookings.state, 'booked')));
    await recordEvent(tx, {
      actor,
      type: 'return.booking_not_applied',
      caseId: facts.caseId,
      data: { returnId: facts.returnId, orderId: facts.orderId, rma: facts.rma, carrier: booking.carrier, trackingNumber: booking.trackingNumber!, reason: reason.slice(0, 300) },
    });
  });
}

/**
 * A call that never got its answer recorded (the process stopped while waiting): the carrier may have booked a
 * parcel. Marked `uncertain` once, with its audit row; staff check the carrier's portal, then book again.
 */
export async function markBookingUncertain(db: Db, booking: CarrierBookingRow, facts: ReturnFacts, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [marked] = await tx
      .update(carrierBookings)
      .set({ state: 'uncertain' })
      .where(and(eq(carrierBookings.id, booking.id), eq(carrierBookings.state, 'calling')))
      .returning({ id: carrierBookings.id });
    if (!marked) return;
    await recordEvent(tx, {
      actor,
      type: 'return.booking_uncertain',
      caseId: facts.caseId,
      data: { returnId: facts.returnId, orderId: facts.orderId, rma: facts.rma, carrier: booking.carrier, calledAt: booking.createdAt.toISOString() },
    });
  });
}

/**
 * Staff's decision after checking the carrier's portal: the return's `uncertain` booking is set aside, with its audit
 * row, so the return can be booked again. False when the return has none (nothing to decide).
 */
export async function abandonUncertainBooking(db: Db, returnId: string, actor: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [abandoned] = await tx
      .update(carrierBookings)
      .set({ state: 'abandoned' })
      .where(and(eq(carrierBookings.returnId, returnId), eq(carrierBookings.purpose, 'return'), eq(carrierBookings.state, 'uncertain')))
      .returning();
    if (!abandoned) return false;
    const [openCase] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.returnId, returnId)).limit(1);
    await recordEvent(tx, {
      actor,
      type: 'return.booking_abandoned',
      caseId: openCase?.id ?? null,
      data: { returnId, orderId: abandoned.orderId, rma: abandoned.reference, carrier: abandoned.carrier, bookingId: abandoned.id },
    });
    return true;
  });
}
