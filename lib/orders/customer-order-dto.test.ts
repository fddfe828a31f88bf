import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '@/db/schema';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { getCustomerOrder } from './queries';

const TZ = 'Europe/Helsinki';

describe('the customer order DTO by access level', () => {
  it('the link view carries no street, postal code, email, phone or surname, only the first name', async () => {
    const db = testDb();
    const order = await createOrder(db, 'fi');
    await db.update(orders).set({ customerName: 'Aino Maria Virtanen', shippingName: 'Aino Maria Virtanen' }).where(eq(orders.id, order.id));
    const dto = await getCustomerOrder(db, { orderId: order.id, level: 'link', linkId: 'l' }, TZ);
    expect(dto?.view).toBe('link');
    if (dto?.view !== 'link') throw new Error('expected the link view');
    expect(dto.firstName).toBe('Aino');
    expect(dto.deliveryArea).toEqual({ city: 'Helsinki', country: 'FI' });

    const json = JSON.stringify(dto);
    for (const secret of [order.email, order.email.toLowerCase(), order.street, '00100', order.phone, '401234567', 'Virtanen', 'Maria', 'V.', '***']) {
      expect(json, `link view leaks ${secret}`).not.toContain(secret);
    }
    // What the customer came for is all there: items and every parcel with its timeline.
    expect(dto.lines.map((l) => l.title)).toEqual(['Merino Sweater', 'Wool Socks']);
    expect(dto.parcels).toHaveLength(2);
    expect(dto.parcels[0]!.events.map((e) => e.status)).toEqual(['delivered', 'in_transit']);
    expect(dto.parcels[1]!.pickupPoint?.name).toBe('K-Market Kallio');
  });

  it('the verified view shows masked contact data and the postal code', async () => {
    const db = testDb();
    const order = await createOrder(db, 'en');
    const dto = await getCustomerOrder(db, { orderId: order.id, level: 'verified' }, TZ);
    if (dto?.view !== 'verified') throw new Error('expected the verified view');
    expect(dto.customerName).toBe('Testi A.');
    expect(dto.email).toMatch(/^T\*\*\*@E\*\*\*\.com$/);
    expect(dto.deliveryArea.postalCode).toBe('00100');
    const json = JSON.stringify(dto);
    expect(json).not.toContain(order.email);
    expect(json).not.toContain(order.street);
    expect(json).not.toContain(order.phone);
  });

  it('parcels come with lines, newest event first, ISO instants and the return window from delivery', async () => {
    const db = testDb();
    const order = await createOrder(db, 'en');
    const dto = await getCustomerOrder(db, { orderId: order.id, level: 'verified' }, TZ);
    const [delivered, pickup] = dto!.parcels;
    expect(delivered!.lines).toEqual([expect.objectContaining({ title: 'Merino Sweater', quantity: 1 })]);
    expect(delivered!.deliveredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(delivered!.events[0]!.occurredAt > delivered!.events[1]!.occurredAt).toBe(true);
    expect(pickup!.carrierUrl).toBe('https://www.matkahuolto.fi/seuranta');
    expect(dto!.lines[0]!.returnWindow.kind).toBe('open');
    expect(dto!.lines[1]!.returnWindow.kind).toBe('final_sale');
  });

  it('an order that does not exist gives null', async () => {
    expect(await getCustomerOrder(testDb(), { orderId: '00000000-0000-4000-8000-000000000000', level: 'verified' }, TZ)).toBeNull();
  });
});
