import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { orderLines, orders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { orderNumberIs } from '@/lib/core/order-number';
import type { UpsertOrderInput } from './schemas';

/**
 * Creates or replaces an order from the merchant's system (PUT semantics). Replacing keeps what already
 * happened: a line with fulfilled, returned or written-off units cannot disappear or shrink below them.
 */
export async function upsertOrder(
  ctx: Ctx,
  input: UpsertOrderInput & {
    orderNumber: string;
    /** The order's id on the shop's platform (a connector sets it; the merchant API does not). */
    externalId?: string;
    /** Per line (same order as `lines`), the line's id on the platform. */
    lineExternalIds?: Array<string | null>;
  },
): Promise<{ orderId: string; created: boolean; stale: boolean }> {
  const merchantUpdatedAt = input.updatedAt ? new Date(input.updatedAt) : null;
  const fields = {
    email: input.email,
    customerName: input.customerName,
    phone: input.phone ?? null,
    locale: input.locale,
    currency: input.currency,
    market: input.shippingAddress.country,
    placedAt: new Date(input.placedAt),
    shippingName: input.shippingAddress.name,
    shippingLine1: input.shippingAddress.line1,
    shippingLine2: input.shippingAddress.line2 || null,
    shippingPostalCode: input.shippingAddress.postalCode,
    shippingCity: input.shippingAddress.city,
    shippingCountry: input.shippingAddress.country,
    // PUT replaces: an order sent without shippingAmount has none.
    shippingAmount: input.shippingAmount ?? 0,
    ...(merchantUpdatedAt ? { merchantUpdatedAt } : {}),
    ...(input.externalId ? { externalId: input.externalId } : {}),
  };
  const lineValues = (orderId: string) =>
    input.lines.map((line, position) => ({
      orderId,
      position,
      sku: line.sku,
      title: line.title,
      variantOptions: line.options ?? {},
      imageUrl: line.imageUrl ?? null,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      finalSale: line.finalSale ?? false,
      externalId: input.lineExternalIds?.[position] ?? null,
    }));

  return ctx.db.transaction(async (tx) => {
    const current = () =>
      tx
        .select({ id: orders.id, refundedAmount: orders.refundedAmount, capturedAmount: orders.capturedAmount, merchantUpdatedAt: orders.merchantUpdatedAt })
        .from(orders)
        .where(orderNumberIs(input.orderNumber))
        .for('update');
    let [existing] = await current();
    if (!existing) {
      const [inserted] = await tx
        .insert(orders)
        .values({ orderNumber: input.orderNumber, ...fields, capturedAmount: input.capturedAmount ?? 0, paymentMethod: input.paymentMethod ?? null })
        .onConflictDoNothing({ target: orders.orderNumber })
        .returning({ id: orders.id });
      if (inserted) {
        await tx.insert(orderLines).values(lineValues(inserted.id));
        await recordEvent(tx, {
          actor: ctx.actor,
          type: 'order.upserted',
          data: { orderId: inserted.id, orderNumber: input.orderNumber, created: true, lines: input.lines.length },
        });
        return { orderId: inserted.id, created: true, stale: false };
      }
      // A concurrent PUT created it first: replace that one.
      [existing] = await current();
      if (!existing) throw new AppError('conflict', 'The order was changed concurrently; retry.');
    }

    const orderId = existing.id;
    // Out-of-order delivery (API-05): an update not newer than the one applied changes nothing.
    if (merchantUpdatedAt && existing.merchantUpdatedAt && merchantUpdatedAt <= existing.merchantUpdatedAt) {
      return { orderId, created: false, stale: true };
    }
    if (input.capturedAmount !== undefined && input.capturedAmount < existing.refundedAmount) {
      throw new AppError('invalid_state', `capturedAmount cannot be below the ${existing.refundedAmount} already refunded.`, {
        details: { fields: { capturedAmount: [`Must be at least ${existing.refundedAmount} (already refunded).`] } },
      });
    }
    // The schema checked a capturedAmount in the body; one kept from before must fit the new total too.
    const total = input.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0) + (input.shippingAmount ?? 0);
    if (input.capturedAmount === undefined && existing.capturedAmount > total) {
      throw new AppError('invalid_state', `The order total ${total} would be below the ${existing.capturedAmount} captured; send capturedAmount with the replace.`, {
        details: { fields: { capturedAmount: [`Must be sent, at most ${total} (lines plus shippingAmount).`] } },
      });
    }
    const currentLines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).for('update');
    const incoming = new Map(input.lines.map((line, index) => [line.sku, { line, index }]));
    const problems: Record<string, string[]> = {};
    const kept = new Set<string>();
    const removed: string[] = [];
    for (const line of currentLines) {
      const floor = Math.max(line.fulfilledQuantity, line.writtenOffQuantity);
      const next = kept.has(line.sku) ? undefined : incoming.get(line.sku);
      if (next) kept.add(line.sku);
      if (!next) {
        if (floor > 0 || line.returnRequestedQuantity > 0 || line.returnedQuantity > 0) {
          problems.lines = [
            ...(problems.lines ?? []),
            `Line ${line.sku} has ${line.fulfilledQuantity} fulfilled and ${line.returnedQuantity} returned unit(s); it cannot be removed.`,
          ];
        } else removed.push(line.id);
      } else if (next.line.quantity < floor) {
        problems[`lines.${next.index}.quantity`] = [`Line ${line.sku} has ${floor} fulfilled or written-off unit(s); its quantity cannot go below ${floor}.`];
      }
    }
    if (Object.keys(problems).length > 0) {
      throw new AppError('invalid_state', 'The order cannot be replaced like this: lines that were already shipped or returned must stay.', {
        details: { fields: problems },
      });
    }

    await tx
      .update(orders)
      .set({ ...fields, ...(input.capturedAmount === undefined ? {} : { capturedAmount: input.capturedAmount }), ...(input.paymentMethod === undefined ? {} : { paymentMethod: input.paymentMethod }) })
      .where(eq(orders.id, orderId));
    if (removed.length > 0) await tx.delete(orderLines).where(inArray(orderLines.id, removed));
    const bySku = new Map(currentLines.filter((l) => !removed.includes(l.id)).map((l) => [l.sku, l]));
    const fresh = [];
    for (const value of lineValues(orderId)) {
      const line = bySku.get(value.sku);
      if (line) {
        await tx
          .update(orderLines)
          .set({
            position: value.position,
            title: value.title,
            variantOptions: value.variantOptions,
            imageUrl: value.imageUrl,
            unitPrice: value.unitPrice,
            quantity: value.quantity,
            finalSale: value.finalSale,
            ...(value.externalId ? { externalId: value.externalId } : {}),
          })
          .where(eq(orderLines.id, line.id));
      } else fresh.push(value);
    }
    if (fresh.length > 0) await tx.insert(orderLines).values(fresh);
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'order.upserted',
      data: { orderId, orderNumber: input.orderNumber, created: false, lines: input.lines.length, removedLines: removed.length },
    });
    return { orderId, created: false, stale: false };
  });
}
