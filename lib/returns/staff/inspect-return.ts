import { eq, sql } from 'drizzle-orm';
import { orderLines, returnItems, returns, variants } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { queueReturnEmail } from '../return-emails';
import { lockReturnFor } from './lock-return';
import { type InspectReturnInput, inspectReturnSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

const invalid = (reason: string) => new AppError('invalid_input', reason, { details: { reason } });

/**
 * Each item graded as new / opened / damaged / missing. Sellable units go back to stock (the
 * variant with the line's SKU) or are written off by choice; damaged units are always written off
 * (order_lines.written_off_quantity); "missing" is the grade of an item of which nothing arrived.
 */
export async function inspectReturn(ctx: Ctx, raw: InspectReturnInput, options: { emailCustomer?: boolean } = {}): Promise<void> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = inspectReturnSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const { r, next, caseId } = await lockReturnFor(tx, input.returnId, 'inspect');
    const items = await tx
      .select({ item: returnItems, sku: orderLines.sku })
      .from(returnItems)
      .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
      .where(eq(returnItems.returnId, r.id));
    const given = new Map(input.items.map((i) => [i.returnItemId, i]));
    if (given.size !== items.length || items.some(({ item }) => !given.has(item.id))) throw invalid('items_mismatch');
    for (const { item } of items) {
      const g = given.get(item.id)!;
      if ((item.receivedQuantity === 0) !== (g.grade === 'missing')) throw invalid('missing_means_nothing_received');
      if ((g.grade === 'damaged' || g.grade === 'missing') && g.restock) throw invalid('damaged_not_restocked');
    }
    const summary: Array<Record<string, unknown>> = [];
    for (const { item, sku } of items) {
      const g = given.get(item.id)!;
      const units = item.receivedQuantity;
      await tx.update(returnItems).set({ inspectionGrade: g.grade, restock: g.restock }).where(eq(returnItems.id, item.id));
      if (units > 0 && g.restock) {
        await tx.update(variants).set({ stock: sql`${variants.stock} + ${units}` }).where(eq(variants.sku, sku));
      } else if (units > 0) {
        await tx.update(orderLines).set({ writtenOffQuantity: sql`${orderLines.writtenOffQuantity} + ${units}` }).where(eq(orderLines.id, item.orderLineId));
      }
      summary.push({ returnItemId: item.id, grade: g.grade, units, restocked: units > 0 && g.restock, writtenOff: units > 0 && !g.restock ? units : 0 });
    }
    await tx.update(returns).set({ status: next, inspectedAt: new Date() }).where(eq(returns.id, r.id));
    await recordEvent(tx, { type: 'return.inspected', actor, caseId, data: { returnId: r.id, orderId: r.orderId, rma: r.rmaNumber, items: summary } });
    // The receiving desk's one Confirm completes the return right after: its completion email says it all.
    if (options.emailCustomer !== false) await queueReturnEmail(tx, { returnId: r.id, step: 'inspected' });
  });
}
