import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '@/db/schema';
import * as orderRoute from '@/app/api/v1/orders/[orderNumber]/route';
import { call, newKey, newOrderNumber, orderBody } from '@/test/api-client';
import { testDb } from '@/test/db';
import { eventsOf, typesOf } from '@/test/events';

const db = testDb();
const putOrder = (key: string, orderNumber: string, body: unknown) =>
  call(orderRoute.PUT, { key, method: 'PUT', body, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });

describe('order domain events', () => {
  it('PUT /orders writes order.upserted on create and on update, with the api key as actor; an invalid body writes nothing', async () => {
    const { key, id } = await newKey();
    const orderNumber = newOrderNumber();
    expect((await putOrder(key, orderNumber, orderBody())).status).toBe(201);
    const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
    expect((await putOrder(key, orderNumber, orderBody({ customerName: 'Maija Uusi' }))).status).toBe(200);
    const events = await eventsOf(db, { orderId: order!.id });
    expect(typesOf(events)).toEqual(['order.upserted', 'order.upserted']);
    expect(events.map((e) => e.data.created)).toEqual([true, false]);
    expect(events[0]).toMatchObject({ actorType: 'merchant_api', actorId: id, aggregateType: 'order', aggregateId: order!.id, data: { orderId: order!.id, orderNumber } });

    expect((await putOrder(key, orderNumber, orderBody({ lines: [] }))).status).toBe(422);
    expect(await eventsOf(db, { orderId: order!.id })).toHaveLength(2);
  });
});
