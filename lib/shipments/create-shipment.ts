import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { orderLines, orders, shipmentLines, shipments } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { trackingUrl } from '@/lib/carriers/catalog';
import { normalizeTrackingNumber } from '@/lib/carriers/tracking-number';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { lockParcels, matchPendingEvents } from '@/lib/tracking/ingest-events';
import { queueMilestoneEmails } from '@/lib/tracking/milestone-emails';
import { predictDelivery, predictionColumns } from '@/lib/tracking/predict-delivery';
import { fillPendingParcel, pendingParcelsOf } from './fill-pending-parcel';
import type { CreateShipmentInput } from './schemas';

function duplicate(carrier: string, trackingNumber: string, shipmentIdOnThisOrder?: string): AppError {
  return new AppError(
    'conflict',
    shipmentIdOnThisOrder
      ? `This order already has a ${carrier} shipment with tracking number ${trackingNumber}.`
      : `A ${carrier} shipment with tracking number ${trackingNumber} already exists.`,
    { details: { fields: { trackingNumber: ['Already used by another shipment.'] }, ...(shipmentIdOnThisOrder ? { shipmentId: shipmentIdOnThisOrder } : {}) } },
  );
}

/**
 * Records an outbound parcel of an order: checks the lines against what is still unfulfilled, bumps the
 * fulfilled counters, predicts the delivery date, picks up events that arrived before the shipment, and
 * queues the "shipped" email — all in one transaction.
 * A shipment that carries an item of a parcel awaiting the shop (an exchange's new item, whose SKU need not
 * be an order line, or a reship's) fills that parcel in instead of adding one (lib/shipments/fill-pending-parcel.ts);
 * its other lines are checked and counted as usual.
 */
export async function createShipment(ctx: Ctx, raw: CreateShipmentInput & { orderId: string }): Promise<{ id: string; trackingUrl: string }> {
  // The schema normalized it already; callers that skip the schema get the same rule.
  const input = { ...raw, trackingNumber: normalizeTrackingNumber(raw.trackingNumber) };
  return ctx.db.transaction(async (tx) => {
    // First: no concurrent ingest batch can store this parcel's events unmatched while we create it.
    await lockParcels(tx, [{ carrier: input.carrier, trackingNumber: input.trackingNumber }]);
    // Then the order's parcels awaiting the shop, before the order row: staff booking or filling one hold its row
    // first and update the order after, so taking them in the other order would deadlock with them.
    const pending = await pendingParcelsOf(tx, input.orderId);
    const [order] = await tx
      .select({ id: orders.id, canceledAt: orders.canceledAt, postalCode: orders.shippingPostalCode, country: orders.shippingCountry, orderNumber: orders.orderNumber })
      .from(orders)
      .where(eq(orders.id, input.orderId))
      .for('no key update');
    if (!order) throw new AppError('not_found', 'Order not found.');
    if (order.canceledAt) throw new AppError('invalid_state', 'The order is canceled; it cannot get a shipment.');

    // A tracking number names one parcel: a second shipment with it is a conflict (409), whatever its lines
    // say, so a retried POST is told "already exists" rather than "more units than the order has left".
    const [existing] = await tx
      .select({ id: shipments.id, orderId: shipments.orderId })
      .from(shipments)
      .where(and(eq(shipments.carrier, input.carrier), eq(shipments.trackingNumber, input.trackingNumber)))
      .limit(1);
    if (existing) throw duplicate(input.carrier, input.trackingNumber, existing.orderId === order.id ? existing.id : undefined);

    // Locked in id order, so two shipments of one order never deadlock.
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.id)).for('update');
    const awaited = pending.find((p) => input.lines.some((l) => p.skus.includes(l.sku))) ?? null;
    const fields: Record<string, string[]> = {};
    const picked: Array<{ lineId: string; quantity: number }> = [];
    input.lines.forEach((wanted, index) => {
      // The awaited parcel's own item: sent in its place, not an order line still to fulfil.
      if (awaited?.skus.includes(wanted.sku)) return;
      const line = lines.find((l) => l.sku === wanted.sku && l.quantity - l.fulfilledQuantity > 0) ?? lines.find((l) => l.sku === wanted.sku);
      if (!line) {
        fields[`lines.${index}.sku`] = [`The order has no line with SKU ${wanted.sku}, and no exchange or reship parcel awaits it.`];
        return;
      }
      const open = line.quantity - line.fulfilledQuantity;
      if (wanted.quantity > open) {
        fields[`lines.${index}.quantity`] = [`Only ${open} unit(s) of ${wanted.sku} are still unfulfilled.`];
        return;
      }
      picked.push({ lineId: line.id, quantity: wanted.quantity });
    });
    if (Object.keys(fields).length > 0) {
      const unknownSku = Object.keys(fields).some((k) => k.endsWith('.sku'));
      throw new AppError(
        unknownSku ? 'invalid_input' : 'invalid_state',
        unknownSku ? 'The shipment names lines the order does not have.' : 'The shipment has more units than the order has left to ship.',
        { details: { fields } },
      );
    }

    const shippedAt = input.shippedAt ? new Date(input.shippedAt) : new Date();
    if (awaited) {
      await recordLines(tx, awaited.id, picked);
      await fillPendingParcel(tx, ctx.actor, awaited, { ...input, shippedAt }, 'shop');
      return { id: awaited.id, trackingUrl: trackingUrl(input.carrier, input.trackingNumber) };
    }
    const prediction = await predictDelivery(tx, {
      carrier: input.carrier,
      service: input.service ?? null,
      postalCode: order.postalCode,
      country: order.country,
      shippedAt,
    });
    const [shipment] = await tx
      .insert(shipments)
      .values({
        orderId: order.id,
        carrier: input.carrier,
        service: input.service ?? null,
        trackingNumber: input.trackingNumber,
        shippedAt,
        promisedDate: input.promisedDate ?? null,
        ...(prediction ? { ...predictionColumns(prediction), firstEstimateBy: prediction.to } : {}),
        pickupPoint: input.pickupPoint ?? null,
      })
      .onConflictDoNothing({ target: [shipments.carrier, shipments.trackingNumber] })
      .returning({ id: shipments.id });
    if (!shipment) throw duplicate(input.carrier, input.trackingNumber);

    await recordLines(tx, shipment.id, picked);

    await matchPendingEvents(tx, shipment.id);
    const [after] = await tx.select({ status: shipments.status }).from(shipments).where(eq(shipments.id, shipment.id));
    await queueMilestoneEmails(tx, { shipmentId: shipment.id, previous: null, current: after!.status });
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'shipment.created',
      data: { shipmentId: shipment.id, orderId: order.id, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: input.lines, status: after!.status },
    });
    return { id: shipment.id, trackingUrl: trackingUrl(input.carrier, input.trackingNumber) };
  });
}

/** The parcel's order lines, and the fulfilled counters they raise (a reship's own lines are already on it: added to). */
async function recordLines(tx: Tx, shipmentId: string, picked: Array<{ lineId: string; quantity: number }>): Promise<void> {
  if (picked.length === 0) return;
  await tx
    .insert(shipmentLines)
    .values(picked.map((p) => ({ shipmentId, orderLineId: p.lineId, quantity: p.quantity })))
    .onConflictDoUpdate({ target: [shipmentLines.shipmentId, shipmentLines.orderLineId], set: { quantity: sql`${shipmentLines.quantity} + excluded.quantity` } });
  for (const p of picked) {
    await tx
      .update(orderLines)
      .set({ fulfilledQuantity: sql`${orderLines.fulfilledQuantity} + ${p.quantity}` })
      .where(and(eq(orderLines.id, p.lineId), sql`${orderLines.fulfilledQuantity} + ${p.quantity} <= ${orderLines.quantity}`));
  }
}
