import { and, eq, like } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as orderRoute from '@/app/api/v1/orders/[orderNumber]/route';
import * as shipmentsRoute from '@/app/api/v1/orders/[orderNumber]/shipments/route';
import { compensations, orderLines, outbox, returnPolicies, returns, shipments, type EmailPayload } from '@/db/schema';
import { carriers } from '@/lib/carriers/catalog';
import { carrierFacts } from '@/lib/carriers/facts';
import { normalizeTrackingNumber } from '@/lib/carriers/tracking-number';
import type { Ctx } from '@/lib/core/actor';
import { grantGoodwill } from '@/lib/compensations/grant-goodwill';
import { getCustomerReturn } from '@/lib/returns/queries';
import { approveReturn } from '@/lib/returns/staff/approve-return';
import { completeReturn } from '@/lib/returns/staff/complete-return';
import { inspectReturn } from '@/lib/returns/staff/inspect-return';
import { getStaffReturn } from '@/lib/returns/staff/queries';
import { receiveReturn } from '@/lib/returns/staff/receive-return';
import { submitReturn } from '@/lib/returns/submit-return';
import { getOrderParcels } from '@/lib/tracking/queries';
import en from '@/messages/en.json';
import fi from '@/messages/fi.json';
import { call, newKey, newTrackingNumber } from '@/test/api-client';
import { testDb } from '@/test/db';
import { eventsOf } from '@/test/events';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';
import { createStaff } from '@/test/staff-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { shipPendingParcel } from './ship-pending-parcel';

const db = testDb();
const TZ = 'Europe/Helsinki';

const mailsOf = (orderId: string) => db.select({ kind: outbox.kind, payload: outbox.payload }).from(outbox).where(eq(outbox.orderId, orderId));
/** What the customer was told about parcels: the exchange email and the milestone ("shipped") emails. */
const parcelMails = async (orderId: string) => (await mailsOf(orderId)).filter((m) => m.kind === 'email.exchange_shipped' || m.kind.startsWith('email.milestone.'));
const parcelOf = async (id: string) => (await db.select().from(shipments).where(eq(shipments.id, id)))[0]!;

/** An exchange return received, graded and completed by an agent: the exchange parcel now exists. */
async function completedExchange(locale: 'fi' | 'en' = 'fi') {
  const agent = await createStaff(db);
  const staff: Ctx = { db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } };
  const r = await createRequestedReturn(db, { items: [{ quantity: 1, resolution: 'exchange' }], locale });
  await approveReturn(staff, { returnId: r.returnId });
  await receiveReturn(staff, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, quantity: 1 })) });
  await inspectReturn(staff, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, grade: 'opened' as const, restock: true })) });
  const done = await completeReturn(staff, { returnId: r.returnId, refundAmount: '' });
  const exchangeSku = r.items[0]!.sku.replace(/-L0$/, '-X0');
  return { r, staff, parcelId: done.exchangeShipmentId!, exchangeSku };
}

async function postShipment(orderNumber: string, body: unknown) {
  const { key } = await newKey();
  return call(shipmentsRoute.POST, { key, body, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}/shipments` });
}
/** The parcel as `GET /api/v1/orders/{n}` shows it to the merchant. */
async function apiParcel(orderNumber: string, parcelId: string) {
  const { key } = await newKey(['orders:read']);
  const res = await call(orderRoute.GET, { key, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
  expect(res.status).toBe(200);
  return (res.json as { shipments: Array<{ id: string; trackingNumber: string | null; trackingUrl: string | null; awaitingShop: boolean }> }).shipments.find((s) => s.id === parcelId);
}

beforeAll(() => ensureReturnPolicy(db));

describe('exchange and reship parcels await the shop: no invented tracking number', () => {
  it('completing an exchange creates the parcel awaiting the shop: no carrier-format number, no "shipped" email, shown as being prepared', async () => {
    const { r, parcelId } = await completedExchange();
    const parcel = await parcelOf(parcelId);
    expect(parcel).toMatchObject({ direction: 'outbound', trackingNumber: `PENDING-${r.rma}`, shippedAt: null, status: 'info_received' });
    // No carrier's number: none has this shape, and a stored number never has a dash (normalization drops it).
    for (const carrier of carriers) expect(carrierFacts[carrier].isTrackingNumber(parcel.trackingNumber)).toBe(false);
    expect(normalizeTrackingNumber(parcel.trackingNumber)).not.toBe(parcel.trackingNumber);
    expect(await parcelMails(r.orderId)).toEqual([]);
    // exchange.created keeps the parcel's id for the shop's own system.
    const [created] = await eventsOf(db, { orderId: r.orderId, types: ['exchange.created'] });
    expect(created!.data).toMatchObject({ shipmentId: parcelId });

    // The customer: the return page and the order's parcels say "being prepared", with no number or link.
    expect((await getCustomerReturn(db, r.returnId, 'fi'))!.exchangeParcel).toEqual({ carrier: parcel.carrier, trackingNumber: null, status: 'info_received', url: null, awaitingShop: true });
    const shown = (await getOrderParcels(db, r.orderId, TZ)).find((p) => p.id === parcelId)!;
    expect(shown).toMatchObject({ awaitingShop: true, trackingNumber: '', carrierUrl: null, expectedDate: null, isLate: false });
    // Staff: the return panel knows it awaits the shop.
    expect((await getStaffReturn(db, r.returnId))!.exchangeParcel).toMatchObject({ id: parcelId, awaitingShop: true, trackingNumber: null });
  });

  it('a ship-now exchange gets its parcel awaiting the shop at submit, and no "shipped" email', async () => {
    await db.update(returnPolicies).set({ shipExchangeNow: true, shipNowChargeAfterDays: 10, shipNowMaxOrderValue: null }).where(eq(returnPolicies.isActive, true));
    try {
      const order = await createReturnableOrder(db, { siblingStock: [2] });
      const request = returnRequest(order, [{ orderLineId: order.lines[0]!.id, resolution: 'exchange_variant', exchangeVariantId: order.siblings[0]!.id }], { shipNow: true });
      const result = await submitReturn({ db, actor: { type: 'customer', orderId: order.id } }, { orderId: order.id, timeZone: TZ, request });
      const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
      expect((await parcelOf(row!.exchangeShipmentId!)).trackingNumber).toBe(`PENDING-${result.rma}`);
      expect(await parcelMails(order.id)).toEqual([]);
    } finally {
      await db.update(returnPolicies).set({ shipExchangeNow: false }).where(eq(returnPolicies.isActive, true));
    }
  });

  it('the shop POSTs the shipment with the exchange SKU: the same parcel gets the real number, one "on its way" email, shipment.created; another SKU is a new parcel', async () => {
    const { r, parcelId, exchangeSku } = await completedExchange('fi');
    // An order line still open (a second unit never sent) ships as an ordinary parcel while the exchange waits.
    await db.update(orderLines).set({ quantity: 2 }).where(eq(orderLines.id, r.items[0]!.orderLineId));
    const ordinary = await postShipment(r.orderNumber, { carrier: 'posti', trackingNumber: newTrackingNumber(), lines: [{ sku: r.items[0]!.sku, quantity: 1 }] });
    expect(ordinary.status).toBe(201);
    const ordinaryId = (ordinary.json as { id: string }).id;
    expect(ordinaryId).not.toBe(parcelId);
    expect((await parcelOf(parcelId)).trackingNumber).toBe(`PENDING-${r.rma}`);
    expect((await parcelMails(r.orderId)).map((m) => m.kind)).toEqual(['email.milestone.shipped']);
    // The merchant sees the waiting parcel as waiting: no number, no carrier link made of the marker.
    expect(await apiParcel(r.orderNumber, parcelId)).toMatchObject({ trackingNumber: null, trackingUrl: null, awaitingShop: true });

    const trackingNumber = newTrackingNumber();
    const filled = await postShipment(r.orderNumber, { carrier: 'posti', trackingNumber, lines: [{ sku: exchangeSku, quantity: 1 }] });
    expect(filled.status).toBe(201);
    expect((filled.json as { id: string }).id).toBe(parcelId);
    const parcel = await parcelOf(parcelId);
    expect(parcel).toMatchObject({ carrier: 'posti', trackingNumber });
    expect(parcel.shippedAt).not.toBeNull();
    expect(await apiParcel(r.orderNumber, parcelId)).toMatchObject({ trackingNumber, trackingUrl: expect.stringContaining(trackingNumber), awaitingShop: false });
    expect(await db.select().from(shipments).where(and(eq(shipments.orderId, r.orderId), like(shipments.trackingNumber, 'PENDING-%')))).toEqual([]);

    const exchangeMails = (await parcelMails(r.orderId)).filter((m) => m.kind === 'email.exchange_shipped');
    expect(exchangeMails).toHaveLength(1);
    expect((exchangeMails[0]!.payload as EmailPayload).text).toContain(trackingNumber);
    expect((await parcelMails(r.orderId)).filter((m) => m.kind.startsWith('email.milestone.'))).toHaveLength(1); // the ordinary parcel's only
    const created = await eventsOf(db, { orderId: r.orderId, types: ['shipment.created'] });
    expect(created.map((e) => e.data)).toEqual([
      expect.objectContaining({ shipmentId: ordinaryId }),
      expect.objectContaining({ shipmentId: parcelId, trackingNumber, carrier: 'posti', filledPending: 'exchange', returnId: r.returnId }),
    ]);
    expect((await getCustomerReturn(db, r.returnId, 'fi'))!.exchangeParcel).toMatchObject({ trackingNumber, awaitingShop: false, url: expect.stringContaining(trackingNumber) });

    // Nothing awaits any more: the exchange SKU is no order line, so a second POST of it is refused.
    const again = await postShipment(r.orderNumber, { carrier: 'posti', trackingNumber: newTrackingNumber(), lines: [{ sku: exchangeSku, quantity: 1 }] });
    expect(again.status).toBe(422);
  });

  it('a reship awaits the shop the same way; the shipment of its item fills it and sends the one "shipped" email', async () => {
    const admin = await createStaff(db, { role: 'admin' });
    const r = await createRequestedReturn(db, { items: [{ quantity: 1 }], locale: 'en' });
    const { compensationId } = await grantGoodwill({ db, actor: { type: 'staff', staffId: admin.id, role: 'admin' } }, { caseId: r.caseId, kind: 'reship', reason: 'Lost in transit' });
    const [comp] = await db.select().from(compensations).where(eq(compensations.id, compensationId));
    const parcel = await parcelOf(comp!.shipmentId!);
    expect(parcel.trackingNumber).toBe(`PENDING-${compensationId}`);
    expect(await parcelMails(r.orderId)).toEqual([]);
    // The goodwill email names no number the carrier never gave.
    const [goodwill] = (await mailsOf(r.orderId)).filter((m) => m.kind === 'email.compensation_issued');
    expect((goodwill!.payload as EmailPayload).text).not.toContain('PENDING');
    expect((await getOrderParcels(db, r.orderId, TZ)).find((p) => p.id === parcel.id)).toMatchObject({ awaitingShop: true, trackingNumber: '' });

    const trackingNumber = newTrackingNumber();
    const filled = await postShipment(r.orderNumber, { carrier: 'posti', trackingNumber, lines: [{ sku: r.items[0]!.sku, quantity: 1 }] });
    expect(filled.status).toBe(201);
    expect((filled.json as { id: string }).id).toBe(parcel.id);
    expect(await parcelOf(parcel.id)).toMatchObject({ trackingNumber, carrier: 'posti' });
    const mails = await parcelMails(r.orderId);
    expect(mails.map((m) => m.kind)).toEqual(['email.milestone.shipped']);
    expect((mails[0]!.payload as EmailPayload).text).toContain(trackingNumber);
    const [event] = await eventsOf(db, { orderId: r.orderId, types: ['shipment.created'] });
    expect(event!.data).toMatchObject({ shipmentId: parcel.id, filledPending: 'reship', compensationId });
  });

  it('staff enter the tracking in the return panel: a malformed number is refused with a localized message and changes nothing; a valid one fills the parcel', async () => {
    const { r, staff, parcelId } = await completedExchange('en');
    const refused = await shipPendingParcel(staff, { shipmentId: parcelId, carrier: 'posti', trackingNumber: 'JJFI 12' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(z.ZodError);
    const key = (refused as z.ZodError).issues[0]!;
    expect(key).toMatchObject({ path: ['trackingNumber'], message: 'trackingNumberInvalid' });
    expect(createTranslator({ locale: 'en', messages: en, namespace: 'staffReturns.errors' })(key.message as 'trackingNumberInvalid')).toBe('This is not a tracking number of the chosen carrier. Check the number.');
    expect(createTranslator({ locale: 'fi', messages: fi, namespace: 'staffReturns.errors' })(key.message as 'trackingNumberInvalid')).toBe('Tämä ei ole valitun kuljetusyhtiön seurantanumero. Tarkista numero.');
    expect((await parcelOf(parcelId)).trackingNumber).toBe(`PENDING-${r.rma}`);
    expect(await parcelMails(r.orderId)).toEqual([]);
    expect(await eventsOf(db, { orderId: r.orderId, types: ['shipment.created'] })).toEqual([]);

    // A valid Matkahuolto number, typed with spaces: stored normalized, the customer emailed once.
    const typed = `MH ${String(Date.now()).slice(-9)} FI`;
    const number = typed.replace(/\s/g, '');
    await shipPendingParcel(staff, { shipmentId: parcelId, carrier: 'matkahuolto', trackingNumber: typed });
    expect(await parcelOf(parcelId)).toMatchObject({ carrier: 'matkahuolto', trackingNumber: number });
    expect((await parcelMails(r.orderId)).map((m) => m.kind)).toEqual(['email.exchange_shipped']);
    const [event] = await eventsOf(db, { orderId: r.orderId, types: ['shipment.created'] });
    expect(event).toMatchObject({ actorType: 'staff', data: { shipmentId: parcelId, trackingNumber: number, filledPending: 'exchange' } });
    // Once sent, the form's use case refuses a second number.
    const second = await shipPendingParcel(staff, { shipmentId: parcelId, carrier: 'posti', trackingNumber: `JJFI${String(Date.now()).slice(-12)}` }).catch((e: { code?: string }) => e.code);
    expect(second).toBe('invalid_state');
  });
});
