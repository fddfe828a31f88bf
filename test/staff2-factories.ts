import { randomInt, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { cases, orderLines, orders, returnItems, returns, shipmentLines, shipments, variants } from '../db/schema';
import { uniqueId } from './factories';
import { recordEvent } from '../lib/core/events';

export type ItemSpec = { quantity?: number; unitPrice?: number; resolution?: 'refund' | 'store_credit' | 'exchange'; ordered?: number; reasonCode?: string };

export type TestReturn = {
  orderId: string;
  orderNumber: string;
  email: string;
  captured: number;
  returnId: string;
  rma: string;
  caseId: string;
  caseNumber: number;
  items: Array<{ id: string; orderLineId: string; sku: string; quantity: number; exchangeVariantId: string | null }>;
};

/**
 * A delivered order of our own with a return in status `requested` and its case — the same rows the
 * returns wizard's submitReturn writes: counters reserved (return_requested_quantity), exchange stock
 * held, RMA from the sequence, case with return_id, `return.requested` audit row.
 */
export async function createRequestedReturn(db: Db, options: { items?: ItemSpec[]; fee?: number; locale?: 'fi' | 'sv' | 'en' | 'da' | 'nb'; shippingAmount?: number } = {}): Promise<TestReturn> {
  const specs = options.items ?? [{ quantity: 1 }];
  const suffix = uniqueId('s2').toUpperCase();
  return db.transaction(async (tx) => {
    const lineValues = specs.map((s, i) => ({ sku: `${suffix}-L${i}`, unitPrice: s.unitPrice ?? 8900, ordered: s.ordered ?? s.quantity ?? 1 }));
    const shippingAmount = options.shippingAmount ?? 590;
    const captured = lineValues.reduce((sum, l) => sum + l.unitPrice * l.ordered, 0) + shippingAmount;
    await tx.insert(variants).values(lineValues.map((l) => ({ sku: l.sku, productKey: suffix, title: 'Test shirt', price: l.unitPrice, stock: 5 })));
    const exchangeVariants = await tx
      .insert(variants)
      .values(specs.map((_, i) => ({ sku: `${suffix}-X${i}`, productKey: suffix, title: 'Test shirt', options: { size: `X${i}` }, price: 8900, stock: 4 })))
      .returning({ id: variants.id });
    const deliveredAt = new Date(Date.now() - 3 * 86_400_000);
    const [order] = await tx
      .insert(orders)
      .values({
        orderNumber: `S2-${suffix}`,
        email: `staff2.${suffix.toLowerCase()}@example.com`,
        customerName: 'Riikka Palauttaja',
        locale: options.locale ?? 'en',
        currency: 'EUR',
        market: 'FI',
        placedAt: new Date(deliveredAt.getTime() - 3 * 86_400_000),
        shippingName: 'Riikka Palauttaja',
        shippingLine1: `Palautuskatu ${randomInt(1, 99)}`,
        shippingPostalCode: '00100',
        shippingCity: 'Helsinki',
        shippingCountry: 'FI',
        shippingAmount,
        capturedAmount: captured,
      })
      .returning();
    const lines = await tx
      .insert(orderLines)
      .values(lineValues.map((l, i) => ({ orderId: order!.id, position: i, sku: l.sku, title: `Test shirt ${i + 1}`, variantOptions: { size: `L${i}` }, unitPrice: l.unitPrice, quantity: l.ordered, fulfilledQuantity: l.ordered })))
      .returning();
    const [parcel] = await tx
      .insert(shipments)
      .values({ orderId: order!.id, carrier: 'posti', trackingNumber: `JJFI${suffix}`, status: 'delivered', shippedAt: deliveredAt, deliveredAt })
      .returning();
    await tx.insert(shipmentLines).values(lines.map((l) => ({ shipmentId: parcel!.id, orderLineId: l.id, quantity: l.quantity })));

    const [seq] = await tx.execute<{ seq: string }>(sql`select nextval('rma_number_seq')::text as seq`);
    const rma = `R-${seq!.seq}`;
    const [ret] = await tx
      .insert(returns)
      .values({ rmaNumber: rma, orderId: order!.id, status: 'requested', method: 'drop_off', carrier: 'posti', fee: options.fee ?? 0, currency: 'EUR', idempotencyKey: randomUUID() })
      .returning();
    const items = await tx
      .insert(returnItems)
      .values(
        specs.map((s, i) => ({
          returnId: ret!.id,
          orderLineId: lines[i]!.id,
          quantity: s.quantity ?? 1,
          reasonCode: s.reasonCode ?? 'too_small',
          resolution: s.resolution ?? 'refund',
          exchangeVariantId: s.resolution === 'exchange' ? exchangeVariants[i]!.id : null,
        })),
      )
      .returning();
    for (const item of items) {
      await tx.update(orderLines).set({ returnRequestedQuantity: sql`${orderLines.returnRequestedQuantity} + ${item.quantity}` }).where(eq(orderLines.id, item.orderLineId));
      if (item.exchangeVariantId) await tx.update(variants).set({ stock: sql`${variants.stock} - ${item.quantity}` }).where(eq(variants.id, item.exchangeVariantId));
    }
    const [kase] = await tx
      .insert(cases)
      .values({ type: 'return', subject: `Return ${rma} · ${order!.orderNumber}`, customerEmail: order!.email, customerName: order!.customerName, locale: order!.locale, orderId: order!.id, returnId: ret!.id, tags: ['return', 'needs_review'] })
      .returning();
    await recordEvent(tx, { actor: { type: 'customer', orderId: order!.id }, type: 'return.requested', caseId: kase!.id, data: { returnId: ret!.id, orderId: order!.id, rma } });
    return {
      orderId: order!.id,
      orderNumber: order!.orderNumber,
      email: order!.email,
      captured,
      returnId: ret!.id,
      rma,
      caseId: kase!.id,
      caseNumber: kase!.number,
      items: items.map((it, i) => ({ id: it.id, orderLineId: it.orderLineId, sku: lines[i]!.sku, quantity: it.quantity, exchangeVariantId: it.exchangeVariantId })),
    };
  });
}

/** A delivery-problem case on an order of our own, for goodwill. */
export async function createDeliveryCase(db: Db, options: { captured?: number; shippingAmount?: number } = {}): Promise<{ caseId: string; orderId: string; captured: number }> {
  const suffix = uniqueId('gw').toUpperCase();
  const captured = options.captured ?? 20000;
  return db.transaction(async (tx) => {
    const [order] = await tx
      .insert(orders)
      .values({
        orderNumber: `GW-${suffix}`,
        email: `gw.${suffix.toLowerCase()}@example.com`,
        customerName: 'Ville Viivästys',
        locale: 'fi',
        currency: 'EUR',
        market: 'FI',
        placedAt: new Date(Date.now() - 7 * 86_400_000),
        shippingName: 'Ville Viivästys',
        shippingLine1: 'Odotuskatu 1',
        shippingPostalCode: '00100',
        shippingCity: 'Helsinki',
        shippingCountry: 'FI',
        shippingAmount: options.shippingAmount ?? 590,
        capturedAmount: captured,
      })
      .returning();
    await tx.insert(orderLines).values({ orderId: order!.id, sku: `${suffix}-A`, title: 'Rain jacket', unitPrice: captured - (options.shippingAmount ?? 590), quantity: 1, fulfilledQuantity: 1 });
    await tx.insert(shipments).values({ orderId: order!.id, carrier: 'matkahuolto', trackingNumber: `MH${suffix}`, status: 'exception', subStatus: 'lost', shippedAt: new Date() });
    const [kase] = await tx
      .insert(cases)
      .values({ type: 'delivery_issue', subject: `Parcel lost · ${order!.orderNumber}`, customerEmail: order!.email, customerName: order!.customerName, locale: 'fi', orderId: order!.id })
      .returning();
    return { caseId: kase!.id, orderId: order!.id, captured };
  });
}
