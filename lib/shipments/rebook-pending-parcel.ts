import 'server-only';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { abandonUncertainBooking } from '@/lib/carriers/booking-ledger';
import { type BookedParcel, bookPendingParcel } from './book-pending-parcel';
import { caseOfParcel } from './parcel-case';
import { type BookPendingParcelInput, bookPendingParcelSchema } from './schemas';

/**
 * Staff's deliberate "book again" for a parcel awaiting the shop whose earlier call to the carrier went unanswered
 * (the carrier may have booked a parcel; staff checked its portal for the reference): the uncertain booking is set
 * aside with its audit row, committed first, and the parcel is booked once more (./book-pending-parcel.ts).
 */
export async function rebookPendingParcel(ctx: Ctx, raw: BookPendingParcelInput): Promise<BookedParcel> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = bookPendingParcelSchema.parse(raw);
  if (!(await abandonUncertainBooking(ctx.db, { shipmentId: input.shipmentId }, actor, (tx) => caseOfParcel(tx, input.shipmentId)))) {
    throw new AppError('invalid_state', 'No booking of this parcel awaits a decision.', { details: { reason: 'no_uncertain_parcel_booking' } });
  }
  return bookPendingParcel(ctx, input);
}
