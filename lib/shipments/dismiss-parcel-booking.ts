import 'server-only';
import { eq } from 'drizzle-orm';
import { shipments } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { closeOpenBooking, isCallUnderWay, lockOpenBooking } from '@/lib/carriers/booking-ledger';
import { getCarrierConfig } from '@/lib/carriers/config';
import { caseOfParcel } from './parcel-case';
import { type BookPendingParcelInput, bookPendingParcelSchema } from './schemas';

/**
 * Staff mark a parcel's open booking with the carrier abandoned, having checked the carrier's portal (an unanswered
 * call) or cancelled the booked parcel there (booked but never added): the way out when booking again is not offered
 * (the carrier's booking is no longer connected) or when staff enter a number of their own. A `calling` row still
 * within the carrier's possible wait is refused (the call may yet answer). One transaction with its audit row.
 */
export async function dismissParcelBooking(ctx: Ctx, raw: BookPendingParcelInput): Promise<void> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = bookPendingParcelSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    // The parcel's row first, as a booking holds it while calling the carrier and applying the answer: closing waits
    // for that to end instead of closing a booking being applied.
    const [parcel] = await tx.select({ orderId: shipments.orderId }).from(shipments).where(eq(shipments.id, input.shipmentId)).for('update');
    if (!parcel) throw new AppError('not_found', 'Parcel not found.');
    const open = await lockOpenBooking(tx, { shipmentId: input.shipmentId });
    if (!open) throw new AppError('invalid_state', 'This parcel has no open booking with the carrier.', { details: { reason: 'no_open_parcel_booking' } });
    if (isCallUnderWay(open, await getCarrierConfig(tx, open.carrier))) {
      throw new AppError('conflict', 'A booking of this parcel is under way.', { details: { reason: 'booking_in_progress' } });
    }
    await closeOpenBooking(tx, open.id);
    await recordEvent(tx, {
      actor,
      type: 'shipment.booking_dismissed',
      caseId: await caseOfParcel(tx, input.shipmentId),
      data: {
        shipmentId: input.shipmentId,
        orderId: parcel.orderId,
        reference: open.reference,
        carrier: open.carrier,
        bookingId: open.id,
        state: open.state as 'booked' | 'uncertain' | 'calling',
        trackingNumber: open.trackingNumber,
      },
    });
  });
}
