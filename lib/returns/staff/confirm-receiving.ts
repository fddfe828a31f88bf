import { eq } from 'drizzle-orm';
import { returns } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { receivingStepFor } from '../state';
import { completeReturn } from './complete-return';
import { inspectReturn } from './inspect-return';
import { receiveReturn } from './receive-return';
import { type ConfirmReceivingInput, confirmReceivingSchema } from './schemas';

/**
 * The receiving desk's one Confirm: receive (received units) → inspect (grade, restock or write off)
 * → complete (the policy's proposed refund, store credit, exchange parcel) in ONE transaction. The
 * three use cases run unchanged inside it (each as a savepoint, with its own audit rows and domain events),
 * so a failure in the last step leaves the return exactly as it was scanned. The customer gets one email,
 * the completion's (with the refund), not "received" and "inspected" a second before it.
 *
 * The row is locked first and must still be at the step the desk opened it at: a second Confirm (a
 * double click, a second tab, a colleague) waits for the first and is then refused, never refunded twice.
 */
export async function confirmReceiving(ctx: Ctx, raw: ConfirmReceivingInput): Promise<{ rma: string; refund: number; credit: number; exchangeShipmentId: string | null }> {
  authorize(ctx.actor, 'returns.process');
  const input = confirmReceivingSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.select({ status: returns.status, rma: returns.rmaNumber }).from(returns).where(eq(returns.id, input.returnId)).for('update').limit(1);
    if (!r) throw new AppError('not_found');
    const step = receivingStepFor(r.status);
    if (step !== input.step) {
      const reason = r.status === 'completed' ? 'already_completed' : 'wrong_status';
      throw new AppError('invalid_state', `Return ${r.rma} is ${r.status}; the desk opened it to ${input.step}.`, { details: { reason, status: r.status } });
    }
    // The use cases take a Ctx; inside this transaction each one's own transaction becomes a savepoint.
    const inner: Ctx = { ...ctx, db: tx as unknown as Ctx['db'] };
    if (step === 'receive') {
      await receiveReturn(inner, { returnId: input.returnId, items: input.items.map((i) => ({ returnItemId: i.returnItemId, quantity: i.quantity })) }, { emailCustomer: false });
    }
    if (step === 'receive' || step === 'inspect') {
      await inspectReturn(inner, { returnId: input.returnId, items: input.items.map((i) => ({ returnItemId: i.returnItemId, grade: i.grade, restock: i.restock })) }, { emailCustomer: false });
    }
    const done = await completeReturn(inner, { returnId: input.returnId, refundAmount: '', note: input.note });
    return { rma: r.rma, refund: done.refund, credit: done.credit, exchangeShipmentId: done.exchangeShipmentId };
  });
}
