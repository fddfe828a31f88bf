import { and, eq, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orderLines, returnItems, variants } from '@/db/schema';
import { AppError } from '@/lib/errors';

/*
 * Guarded counter moves. Each is one conditional UPDATE that changes nothing (and returns false)
 * when the move would break a rule; the CHECK constraints on order_lines and variants are the
 * backstop if a caller ever bypasses these. Counters: requested + returned ≤ fulfilled, all ≥ 0.
 */

/** Requests `n` more units for return: only if fulfilled − requested − returned ≥ n. */
export async function reserveReturnQuantity(db: DbOrTx, orderLineId: string, n: number): Promise<boolean> {
  const rows = await db
    .update(orderLines)
    .set({ returnRequestedQuantity: sql`${orderLines.returnRequestedQuantity} + ${n}` })
    .where(
      and(
        eq(orderLines.id, orderLineId),
        sql`${orderLines.fulfilledQuantity} - ${orderLines.returnRequestedQuantity} - ${orderLines.returnedQuantity} >= ${n}`,
      ),
    )
    .returning({ id: orderLines.id });
  return rows.length === 1;
}

/** Gives back `n` requested units (return canceled or rejected). */
export async function releaseReturnQuantity(db: DbOrTx, orderLineId: string, n: number): Promise<boolean> {
  const rows = await db
    .update(orderLines)
    .set({ returnRequestedQuantity: sql`${orderLines.returnRequestedQuantity} - ${n}` })
    .where(and(eq(orderLines.id, orderLineId), gte(orderLines.returnRequestedQuantity, n)))
    .returning({ id: orderLines.id });
  return rows.length === 1;
}

/** `n` requested units arrived back: requested → returned. */
export async function receiveReturnQuantity(db: DbOrTx, orderLineId: string, n: number): Promise<boolean> {
  const rows = await db
    .update(orderLines)
    .set({
      returnRequestedQuantity: sql`${orderLines.returnRequestedQuantity} - ${n}`,
      returnedQuantity: sql`${orderLines.returnedQuantity} + ${n}`,
    })
    .where(and(eq(orderLines.id, orderLineId), gte(orderLines.returnRequestedQuantity, n)))
    .returning({ id: orderLines.id });
  return rows.length === 1;
}

/** Holds `n` units of an exchange variant: never oversold, whoever commits first wins. */
export async function reserveStock(db: DbOrTx, variantId: string, n: number): Promise<boolean> {
  const rows = await db
    .update(variants)
    .set({ stock: sql`${variants.stock} - ${n}` })
    .where(and(eq(variants.id, variantId), gte(variants.stock, n)))
    .returning({ id: variants.id });
  return rows.length === 1;
}

export async function releaseStock(db: DbOrTx, variantId: string, n: number): Promise<void> {
  await db
    .update(variants)
    .set({ stock: sql`${variants.stock} + ${n}` })
    .where(eq(variants.id, variantId));
}

/**
 * Undoes what a return still holds: the requested (not yet received) units of each line and the
 * exchange stock. For cancel (customer) and reject (staff), inside their transaction.
 */
export async function releaseReturnHolds(db: DbOrTx, returnId: string, options: { exchangeShipped?: boolean } = {}): Promise<void> {
  const items = await db.select().from(returnItems).where(eq(returnItems.returnId, returnId));
  for (const item of items) {
    const open = item.quantity - item.receivedQuantity;
    if (open > 0 && !(await releaseReturnQuantity(db, item.orderLineId, open))) throw new AppError('conflict', 'Return counters out of step.');
    // A ship-now exchange item has left the warehouse: its stock is not given back.
    if (item.resolution === 'exchange' && item.exchangeVariantId && !options.exchangeShipped) await releaseStock(db, item.exchangeVariantId, item.quantity);
  }
}
