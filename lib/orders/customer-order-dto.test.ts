import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, trackingLinks } from '@/db/schema';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { findRedeemableLink } from '@/lib/tracking-links/queries';
import { revokeTrackingLinks } from '@/lib/tracking-links/revoke-tracking-links';
import { getTrackingByNumber } from '@/lib/tracking/queries';
import { getCustomerOrder, getCustomerOrderByNumber } from './queries';

const TZ = 'Europe/Helsinki';

describe('the customer order DTO by access level', () => {
  it('the link view carries no street, postal code, email, phone or surname, only the first name', async () => {
    const db = testDb();
    const order = await createOrder(db, 'fi');
    await db.update(orders).set({ customerName: 'Aino Maria Virtanen', shippingName: 'Aino Maria Virtanen' }).where(eq(orders.id, order.id));
    const { token } = await mintTrackingLink(db, { orderId: order.id });
    const dto = await getCustomerOrder(db, { orderId: order.id, level: 'link', linkId: (await findRedeemableLink(db, token))!.linkId }, TZ);
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

describe('access decided inside the query (order page and live poll)', () => {
  async function linked(locale: 'fi' | 'en' = 'fi') {
    const db = testDb();
    const order = await createOrder(db, locale);
    const { token } = await mintTrackingLink(db, { orderId: order.id });
    const link = await findRedeemableLink(db, token);
    return { db, order, linkId: link!.linkId };
  }

  it('a live link grant opens the redacted view by number, however the number is typed', async () => {
    const { db, order, linkId } = await linked();
    const dto = await getCustomerOrderByNumber(db, ` #${order.orderNumber.toLowerCase()} `, { verified: [], links: [linkId] }, TZ);
    expect(dto?.view).toBe('link');
    const tracking = await getTrackingByNumber(db, order.orderNumber, { verified: [], links: [linkId] }, TZ);
    expect(tracking).toMatchObject({ orderNumber: order.orderNumber, view: 'link' });
    expect(tracking!.parcels).toEqual(dto!.parcels);
    for (const secret of [order.email, order.street, '00100', 'Asiakas']) expect(JSON.stringify(tracking)).not.toContain(secret);
  });

  it('a verified grant wins over a link grant for the same order', async () => {
    const { db, order, linkId } = await linked();
    const dto = await getCustomerOrderByNumber(db, order.orderNumber, { verified: [order.id], links: [linkId] }, TZ);
    expect(dto?.view).toBe('verified');
  });

  it('no grant, a grant for another order, a revoked or expired link, or junk ids open nothing', async () => {
    const { db, order, linkId } = await linked();
    const other = await linked();
    const none = { verified: [], links: [] };
    expect(await getCustomerOrderByNumber(db, order.orderNumber, none, TZ)).toBeNull();
    expect(await getCustomerOrderByNumber(db, order.orderNumber, { verified: [other.order.id], links: [other.linkId] }, TZ)).toBeNull();
    expect(await getTrackingByNumber(db, order.orderNumber, { verified: [other.order.id], links: [other.linkId] }, TZ)).toBeNull();
    expect(await getCustomerOrderByNumber(db, order.orderNumber, { verified: ["x'; drop table orders; --"], links: ['not-a-uuid'] }, TZ)).toBeNull();

    await revokeTrackingLinks({ db, actor: { type: 'system' } }, { orderId: order.id });
    expect(await getCustomerOrderByNumber(db, order.orderNumber, { verified: [], links: [linkId] }, TZ)).toBeNull();
    expect(await getTrackingByNumber(db, order.orderNumber, { verified: [], links: [linkId] }, TZ)).toBeNull();
    expect(await getCustomerOrder(db, { orderId: order.id, level: 'link', linkId }, TZ)).toBeNull();

    const expiring = await linked();
    await db.update(trackingLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(trackingLinks.id, expiring.linkId));
    expect(await getCustomerOrderByNumber(db, expiring.order.orderNumber, { verified: [], links: [expiring.linkId] }, TZ)).toBeNull();
  });
});
