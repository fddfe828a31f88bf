import { and, eq, inArray } from 'drizzle-orm';
import { cases, returns, shipments } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { releaseReturnHolds } from './counters';
import { CANCELABLE_STATUSES } from './queries';
import { queueReturnEmail } from './return-emails';

/**
 * The customer cancels before the parcel is handed to the carrier: the requested units and the
 * exchange stock are released, the return label (if any) is voided, the case is resolved with an
 * audit row, and the customer gets the confirmation email. Twice is harmless: the second finds
 * the return already canceled and changes nothing.
 */
export async function cancelReturn(ctx: Ctx, input: { returnId: string; orderId: string }): Promise<{ rma: string; alreadyCanceled: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .select()
      .from(returns)
      .where(and(eq(returns.id, input.returnId), eq(returns.orderId, input.orderId)))
      .for('update')
      .limit(1);
    if (!r) throw new AppError('not_found');
    if (r.status === 'canceled') return { rma: r.rmaNumber, alreadyCanceled: true };
    // The new item of a ship-now exchange has already left: the old one must come back.
    if (r.shipNow) throw new AppError('invalid_state', 'The new item is already on its way; the return cannot be canceled.');
    if (!(CANCELABLE_STATUSES as readonly string[]).includes(r.status)) throw new AppError('invalid_state', 'The return is already on its way.');
    if (r.returnShipmentId) {
      const [parcel] = await tx.select({ status: shipments.status }).from(shipments).where(eq(shipments.id, r.returnShipmentId)).limit(1);
      if (parcel && parcel.status !== 'info_received' && parcel.status !== 'canceled') throw new AppError('invalid_state', 'The return is already on its way.');
      await tx.update(shipments).set({ status: 'canceled' }).where(eq(shipments.id, r.returnShipmentId));
    }

    const now = new Date();
    const updated = await tx
      .update(returns)
      .set({ status: 'canceled', canceledAt: now })
      .where(and(eq(returns.id, r.id), inArray(returns.status, [...CANCELABLE_STATUSES])))
      .returning({ id: returns.id });
    if (updated.length !== 1) throw new AppError('conflict');
    await releaseReturnHolds(tx, r.id);

    const [kase] = await tx
      .update(cases)
      .set({ status: 'resolved', resolvedAt: now })
      .where(and(eq(cases.returnId, r.id), inArray(cases.status, ['open', 'waiting_customer', 'waiting_carrier'])))
      .returning({ id: cases.id });
    await recordEvent(tx, { type: 'return.canceled', actor: ctx.actor, caseId: kase?.id ?? null, data: { returnId: r.id, orderId: r.orderId, rma: r.rmaNumber, previousStatus: r.status } });
    await queueReturnEmail(tx, { returnId: r.id, step: 'canceled' });
    return { rma: r.rmaNumber, alreadyCanceled: false };
  });
}
