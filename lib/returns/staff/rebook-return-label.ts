import { eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { cases } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { abandonUncertainBooking } from '@/lib/carriers/booking-ledger';
import { retryReturnLabel } from './retry-return-label';
import { approveReturnSchema } from './schemas';

/**
 * Staff's deliberate "book again" for a return whose earlier call to the carrier went unanswered (the carrier may
 * have booked a parcel; staff checked its portal for the RMA): the uncertain booking is set aside with its audit
 * row, committed first, and the return is booked once more (lib/returns/issue-return-label.ts).
 */
export async function rebookReturnLabel(ctx: Ctx, raw: { returnId: string }): Promise<{ trackingNumber: string }> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = approveReturnSchema.parse(raw);
  const caseOfReturn = async (tx: Tx) => (await tx.select({ id: cases.id }).from(cases).where(eq(cases.returnId, input.returnId)).limit(1))[0]?.id ?? null;
  if (!(await abandonUncertainBooking(ctx.db, { returnId: input.returnId }, actor, caseOfReturn))) {
    throw new AppError('invalid_state', 'No booking of this return awaits a decision.', { details: { reason: 'no_uncertain_booking' } });
  }
  return retryReturnLabel(ctx, input);
}
