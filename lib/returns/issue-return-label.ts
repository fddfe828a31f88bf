import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { cases, returnItems, returns, shipmentLines, shipments } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordCaseEvent } from '@/lib/audit/record-case-event';
import { AppError } from '@/lib/errors';
import { queueReturnEmail } from './return-emails';
import { newPrinterlessCode, newReturnTrackingNumber, returnService } from '@/lib/labels/carrier-formats';
import { recordEvent } from '@/lib/core/events';

export type IssuedLabel = { shipmentId: string; trackingNumber: string; printerlessCode: string | null };

/**
 * C7. For a return in status 'approved': creates the return shipment (direction 'return', the
 * return's carrier, a tracking number in that carrier's format), the printerless code when the
 * method is 'printerless', sets 'label_issued', writes the audit row and queues the C8 email.
 * A POST-side action only (approval); downloads read what this stored and never create labels.
 * Called again for a return that already has its label, it returns that label unchanged.
 */
export async function issueReturnLabel(tx: Tx, input: { returnId: string; actor: Actor }): Promise<IssuedLabel> {
  const [ret] = await tx.select().from(returns).where(eq(returns.id, input.returnId)).for('update');
  if (!ret) throw new AppError('not_found', 'No such return.');
  if (ret.status === 'label_issued' && ret.returnShipmentId) {
    const [existing] = await tx.select({ trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, ret.returnShipmentId));
    if (existing) return { shipmentId: ret.returnShipmentId, trackingNumber: existing.trackingNumber, printerlessCode: ret.printerlessCode };
  }
  if (ret.status !== 'approved') throw new AppError('invalid_state', `A label needs an approved return (status ${ret.status}).`);

  const carrier = ret.carrier ?? 'posti';
  let shipment: { id: string; trackingNumber: string } | undefined;
  // A random number can collide with an existing one of the same carrier: draw again.
  for (let attempt = 0; !shipment && attempt < 5; attempt++) {
    [shipment] = await tx
      .insert(shipments)
      .values({ orderId: ret.orderId, direction: 'return', carrier, service: returnService[carrier], trackingNumber: newReturnTrackingNumber(carrier), status: 'info_received' })
      .onConflictDoNothing({ target: [shipments.carrier, shipments.trackingNumber] })
      .returning({ id: shipments.id, trackingNumber: shipments.trackingNumber });
  }
  if (!shipment) throw new Error('could not allocate a return tracking number');

  const items = await tx
    .select({ orderLineId: returnItems.orderLineId, quantity: sql<number>`sum(${returnItems.quantity})::int` })
    .from(returnItems)
    .where(eq(returnItems.returnId, ret.id))
    .groupBy(returnItems.orderLineId);
  if (items.length) await tx.insert(shipmentLines).values(items.map((i) => ({ shipmentId: shipment.id, orderLineId: i.orderLineId, quantity: i.quantity })));

  const printerlessCode = ret.method === 'printerless' ? newPrinterlessCode(carrier) : null;
  await tx
    .update(returns)
    .set({ status: 'label_issued', labelIssuedAt: new Date(), returnShipmentId: shipment.id, printerlessCode, updatedAt: new Date() })
    .where(eq(returns.id, ret.id));

  const [openCase] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.returnId, ret.id)).limit(1);
  await recordCaseEvent(tx, {
    actor: input.actor,
    type: 'return.label_issued',
    caseId: openCase?.id ?? null,
    orderId: ret.orderId,
    data: { rma: ret.rmaNumber, carrier, trackingNumber: shipment.trackingNumber, method: ret.method, printerless: printerlessCode !== null },
  });
  await recordEvent(tx, {
    type: 'return.label_issued',
    actor: input.actor,
    caseId: openCase?.id ?? null,
    data: { returnId: ret.id, orderId: ret.orderId, shipmentId: shipment.id, carrier, trackingNumber: shipment.trackingNumber, printerless: printerlessCode !== null },
  });
  await queueReturnEmail(tx, { returnId: ret.id, step: 'label_issued' });
  return { shipmentId: shipment.id, trackingNumber: shipment.trackingNumber, printerlessCode };
}
