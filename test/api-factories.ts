import type { Db } from '../db';
import { orders, shipments } from '../db/schema';
import { uniqueId } from './factories';

/** A bare order with one outbound parcel of its own (unique tracking number), for ingest tests. */
export async function createBareShipment(db: Db, carrier: 'posti' | 'postnord' | 'matkahuolto' | 'bring' | 'budbee' | 'dhl' = 'posti') {
  const id = uniqueId('ING').toUpperCase();
  const [order] = await db
    .insert(orders)
    .values({
      orderNumber: id,
      email: `${id.toLowerCase()}@example.com`,
      customerName: 'Ingest Test',
      currency: 'EUR',
      market: 'FI',
      placedAt: new Date(),
      shippingName: 'Ingest Test',
      shippingLine1: 'Testikatu 1',
      shippingPostalCode: '00100',
      shippingCity: 'Helsinki',
      shippingCountry: 'FI',
    })
    .returning({ id: orders.id });
  const trackingNumber = `TN${id.replace(/[^A-Z0-9]/g, '')}`;
  const [shipment] = await db.insert(shipments).values({ orderId: order!.id, carrier, trackingNumber }).returning({ id: shipments.id });
  return { orderId: order!.id, shipmentId: shipment!.id, carrier, trackingNumber };
}
