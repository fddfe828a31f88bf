import { randomInt } from 'node:crypto';
import type { Db } from '../db';
import { orderLines, orders, shipmentLines, shipments, trackingEvents } from '../db/schema';

export type Locale = 'fi' | 'sv' | 'en' | 'da' | 'nb';

export type TestOrder = { id: string; orderNumber: string; email: string; postalCode: string; locale: Locale; customerName: string; street: string; phone: string };

let counter = 0;
/** Unique per call, across parallel workers: every test owns its rows (no truncation between tests). */
function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${(counter++).toString(36)}${randomInt(1e6).toString(36)}`;
}

export function uniqueId(prefix = 't'): string {
  return `${prefix}-${uniqueSuffix()}`;
}

/** An order of our own (unique number), with one delivered and one moving parcel. */
export async function createOrder(db: Db, locale: Locale = 'en'): Promise<TestOrder> {
  const id = uniqueSuffix().toUpperCase();
  const order = {
    orderNumber: `E2E-${id}`,
    email: `Tester.${id.toLowerCase()}@Example.com`,
    customerName: 'Testi Asiakas',
    phone: '+358401234567',
    locale,
    currency: 'EUR',
    market: 'FI',
    placedAt: new Date(Date.now() - 6 * 86_400_000),
    shippingName: 'Testi Asiakas',
    shippingLine1: `Testikatu ${randomInt(1, 99)} B 12`,
    shippingPostalCode: '00100',
    shippingCity: 'Helsinki',
    shippingCountry: 'FI',
    paymentMethod: 'card',
    shippingAmount: 590,
    capturedAmount: 590 + 5990 + 2 * 1490,
  };
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(orders).values(order).returning({ id: orders.id });
    const orderId = row!.id;
    const [sweater, socks] = await tx
      .insert(orderLines)
      .values([
        { orderId, position: 0, sku: `SW-${id}`, title: 'Merino Sweater', variantOptions: { size: 'M', colour: 'Forest' }, unitPrice: 5990, quantity: 1, fulfilledQuantity: 1 },
        { orderId, position: 1, sku: `SO-${id}`, title: 'Wool Socks', variantOptions: { size: '39-42' }, unitPrice: 1490, quantity: 2, fulfilledQuantity: 2, finalSale: true },
      ])
      .returning({ id: orderLines.id });
    const shippedAt = new Date(Date.now() - 5 * 86_400_000);
    const deliveredAt = new Date(Date.now() - 3 * 86_400_000);
    const [delivered, moving] = await tx
      .insert(shipments)
      .values([
        { orderId, carrier: 'posti', trackingNumber: `JJFI${id}1`, status: 'delivered', shippedAt, firstScanAt: shippedAt, lastEventAt: deliveredAt, deliveredAt, promisedDate: deliveredAt.toISOString().slice(0, 10) },
        {
          orderId,
          carrier: 'matkahuolto',
          trackingNumber: `MH${id}2`,
          status: 'available_for_pickup',
          shippedAt,
          firstScanAt: shippedAt,
          lastEventAt: deliveredAt,
          pickupPoint: { name: 'K-Market Kallio', address: 'Helsinginkatu 1', postalCode: '00500', city: 'Helsinki' },
          pickupDeadline: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
        },
      ])
      .returning({ id: shipments.id });
    await tx.insert(shipmentLines).values([
      { shipmentId: delivered!.id, orderLineId: sweater!.id, quantity: 1 },
      { shipmentId: moving!.id, orderLineId: socks!.id, quantity: 2 },
    ]);
    await tx.insert(trackingEvents).values([
      { shipmentId: delivered!.id, carrier: 'posti', trackingNumber: `JJFI${id}1`, status: 'in_transit', description: 'Lähetys on lajiteltu', location: 'Vantaa', occurredAt: shippedAt, source: 'seed', dedupeKey: `e2e:${id}:1` },
      { shipmentId: delivered!.id, carrier: 'posti', trackingNumber: `JJFI${id}1`, status: 'delivered', description: 'Lähetys on toimitettu', location: 'Helsinki', occurredAt: deliveredAt, source: 'seed', dedupeKey: `e2e:${id}:2` },
      { shipmentId: moving!.id, carrier: 'matkahuolto', trackingNumber: `MH${id}2`, status: 'available_for_pickup', description: 'Noudettavissa', location: 'Helsinki', occurredAt: deliveredAt, source: 'seed', dedupeKey: `e2e:${id}:3` },
    ]);
    return { id: orderId, orderNumber: order.orderNumber, email: order.email, postalCode: order.shippingPostalCode, locale, customerName: order.customerName, street: order.shippingLine1, phone: order.phone };
  });
}

