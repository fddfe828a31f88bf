import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, shipments } from '@/db/schema';
import * as orderRoute from '@/app/api/v1/orders/[orderNumber]/route';
import * as shipmentsRoute from '@/app/api/v1/orders/[orderNumber]/shipments/route';
import { call, newKey, newOrderNumber, newTrackingNumber, orderBody } from '@/test/api-client';
import { testDb } from '@/test/db';
import { eventsOf } from '@/test/events';

const db = testDb();

describe('shipment domain events', () => {
  it('POST /orders/{n}/shipments writes shipment.created with parcel and order ids; a refused parcel (too many units) writes nothing', async () => {
    const { key } = await newKey();
    const orderNumber = newOrderNumber();
    await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody(), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    const post = (body: unknown) => call(shipmentsRoute.POST, { key, body, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}/shipments` });

    const refused = await post({ carrier: 'posti', trackingNumber: newTrackingNumber(), lines: [{ sku: 'SWEATER-M', quantity: 9 }] });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await eventsOf(db, { orderId: order!.id, types: ['shipment.created'] })).toEqual([]);

    const trackingNumber = newTrackingNumber();
    expect((await post({ carrier: 'posti', trackingNumber, lines: [{ sku: 'SWEATER-M', quantity: 2 }] })).status).toBe(201);
    const [parcel] = await db.select({ id: shipments.id }).from(shipments).where(eq(shipments.trackingNumber, trackingNumber));
    const events = await eventsOf(db, { orderId: order!.id, types: ['shipment.created'] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'merchant_api', aggregateId: parcel!.id, data: { shipmentId: parcel!.id, orderId: order!.id, carrier: 'posti', trackingNumber } });
  });
});
