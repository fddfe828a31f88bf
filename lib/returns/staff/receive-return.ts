import { and, eq, notInArray } from 'drizzle-orm';
import { returnItems, returns, shipments } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { receiveReturnQuantity } from '../counters';
import { queueReturnEmail } from '../return-emails';
import { lockReturnFor } from './lock-return';
import { type ReceiveReturnInput, receiveReturnSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

const invalid = (reason: string) => new AppError('invalid_input', reason, { details: { reason } });

/**
 * The parcel is at the warehouse: per item how many units came (never more than requested — the
 * CHECK on return_items is the backstop). Received units move from "requested" to "returned" on the
 * order line; the rest stays requested until the return completes.
 */
export async function receiveReturn(ctx: Ctx, raw: ReceiveReturnInput, options: { emailCustomer?: boolean } = {}): Promise<void> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = receiveReturnSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const { r, next, caseId } = await lockReturnFor(tx, input.returnId, 'receive');
    const items = await tx.select().from(returnItems).where(eq(returnItems.returnId, r.id));
    const given = new Map(input.items.map((i) => [i.returnItemId, i.quantity]));
    if (given.size !== items.length || items.some((i) => !given.has(i.id))) throw invalid('items_mismatch');
    let total = 0;
    for (const item of items) {
      const quantity = given.get(item.id)!;
      if (quantity > item.quantity) throw invalid('quantity_above_requested');
      total += quantity;
    }
    if (total === 0) throw invalid('nothing_received');
    for (const item of items) {
      const quantity = given.get(item.id)!;
      await tx.update(returnItems).set({ receivedQuantity: quantity }).where(eq(returnItems.id, item.id));
      if (quantity > 0 && !(await receiveReturnQuantity(tx, item.orderLineId, quantity))) throw new AppError('conflict', 'Return counters out of step.');
    }
    const now = new Date();
    await tx.update(returns).set({ status: next, receivedAt: now }).where(eq(returns.id, r.id));
    if (r.returnShipmentId) {
      await tx
        .update(shipments)
        .set({ status: 'delivered', deliveredAt: now })
        .where(and(eq(shipments.id, r.returnShipmentId), notInArray(shipments.status, ['delivered', 'canceled'])));
    }
    await recordEvent(tx, {
      actor,
      type: 'return.received',
      caseId,
      data: { returnId: r.id, orderId: r.orderId, rma: r.rmaNumber, items: items.map((i) => ({ returnItemId: i.id, requested: i.quantity, received: given.get(i.id) })) },
    });
    // The receiving desk's one Confirm completes the return right after: its completion email says it all.
    if (options.emailCustomer !== false) await queueReturnEmail(tx, { returnId: r.id, step: 'received' });
  });
}
