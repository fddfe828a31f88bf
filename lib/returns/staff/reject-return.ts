import { eq } from 'drizzle-orm';
import { caseMessages, returns } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { releaseReturnHolds } from '../counters';
import { queueReturnEmail } from '../return-emails';
import { lockReturnFor } from './lock-return';
import { type RejectReturnInput, rejectReturnSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/**
 * Staff refuse a return. The internal reason stays on the case (note + audit); the message goes to the
 * customer (stored as the rejection reason their email and return page show). Requested units and
 * reserved exchange stock are released.
 */
export async function rejectReturn(ctx: Ctx, raw: RejectReturnInput): Promise<void> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = rejectReturnSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const { r, next, caseId } = await lockReturnFor(tx, input.returnId, 'reject');
    await tx.update(returns).set({ status: next, rejectedAt: new Date(), rejectionReason: input.customerMessage }).where(eq(returns.id, r.id));
    await releaseReturnHolds(tx, r.id, { exchangeShipped: r.shipNow });
    if (caseId) await tx.insert(caseMessages).values({ caseId, kind: 'internal_note', authorStaffId: actor.staffId, body: input.internalReason });
    await recordEvent(tx, {
      actor,
      type: 'return.rejected',
      caseId,
      data: { returnId: r.id, orderId: r.orderId, rma: r.rmaNumber, internalReason: input.internalReason, customerMessage: input.customerMessage, previousStatus: r.status },
    });
    await queueReturnEmail(tx, { returnId: r.id, step: 'rejected' });
  });
}
