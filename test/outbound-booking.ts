import { randomInt } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { expect, it } from 'vitest';
import type { Db } from '@/db';
import { carrierBookings, carrierLabels, compensations, domainEvents, orders, outbox, shipments, type EmailPayload } from '@/db/schema';
import { carrierName } from '@/lib/carriers/catalog';
import type { Ctx } from '@/lib/core/actor';
import type { CarrierId } from '@/lib/core/enums';
import { grantGoodwill } from '@/lib/compensations/grant-goodwill';
import { bookPendingParcel } from '@/lib/shipments/book-pending-parcel';
import { getParcelBooking } from '@/lib/shipments/parcel-booking-queries';
import en from '@/messages/en.json';
import fi from '@/messages/fi.json';
import { ensureReturnPolicy } from './return-factories';
import { SHOP_RETURN_ADDRESS } from './shop-return-address';
import { createStaff } from './staff-factories';
import { createRequestedReturn } from './staff2-factories';

/** The customer's phone on the order (DHL Express requires one for every party). */
const CUSTOMER_PHONE = '+358401234567';

/** A reship granted on a case, its parcel awaiting the shop with `carrier`, and an agent who may book it. */
export async function pendingReship(db: Db, carrier: CarrierId) {
  await ensureReturnPolicy(db);
  const admin = await createStaff(db, { role: 'admin' });
  const staff: Ctx = { db, actor: { type: 'staff', staffId: admin.id, role: 'admin' } };
  const r = await createRequestedReturn(db, { items: [{ quantity: 1 }], locale: 'en' });
  await db.update(orders).set({ phone: CUSTOMER_PHONE }).where(eq(orders.id, r.orderId));
  const { compensationId } = await grantGoodwill(staff, { caseId: r.caseId, kind: 'reship', reason: 'Lost in transit' });
  const [comp] = await db.select({ shipmentId: compensations.shipmentId }).from(compensations).where(eq(compensations.id, compensationId));
  await db.update(shipments).set({ carrier }).where(eq(shipments.id, comp!.shipmentId!));
  const [order] = await db.select().from(orders).where(eq(orders.id, r.orderId));
  return { staff, order: order!, shipmentId: comp!.shipmentId!, compensationId, caseId: r.caseId };
}

/** A number shaped like the carrier's example (its last digits drawn anew): the example's own may be booked already. */
export function numberLike(example: string): string {
  const digits = /\d{6}$/.exec(example) ? 6 : 1;
  return `${example.slice(0, -digits)}${String(randomInt(10 ** digits)).padStart(digits, '0')}`;
}

type Party = { name: string; postalCode: string };
export type OutboundStandIn = {
  /** Booking requests received so far. */
  bookings(): number;
  /** The latest booking request's product, parties and reference, read from the carrier's own request format. */
  lastBooking(): { product: string; sender: Party; recipient: Party; reference: string };
  /** Answer the next bookings with the copied answer example carrying `trackingNumber`, the copied refusal, or as before (null). */
  answer(outcome: { trackingNumber: string } | 'refused' | null): void;
};

/**
 * The outbound booking of a parcel awaiting the shop, against a carrier's local stand-in: the product, shop →
 * customer, the carrier's number and label stored, the parcel filled and the "shipped" email queued once, a second
 * (concurrent) click booking nothing; a refusal changes nothing; without credentials nothing is offered or sent.
 */
export function outboundBookingTests(o: {
  db: Db;
  carrier: CarrierId;
  configure(): unknown;
  unconfigure(): unknown;
  standIn: () => OutboundStandIn;
  expected: { product: string; service: string; bookedVia: string; exampleNumber: string; pdf: Buffer; refusal: string; reference?: (orderNumber: string) => string };
}) {
  const { db, carrier } = o;
  const ledgerOf = (shipmentId: string) => db.select({ state: carrierBookings.state, trackingNumber: carrierBookings.trackingNumber }).from(carrierBookings).where(eq(carrierBookings.shipmentId, shipmentId));
  const parcelMails = (orderId: string) => db.select({ kind: outbox.kind, payload: outbox.payload }).from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, 'email.milestone.shipped')));
  const eventsOf = (orderId: string) =>
    db
      .select({ type: domainEvents.type, actorType: domainEvents.actorType, caseId: domainEvents.caseId, data: domainEvents.data })
      .from(domainEvents)
      .where(and(eq(domainEvents.orderId, orderId), inArray(domainEvents.type, ['shipment.booked', 'shipment.created'])));

  it(`books a reship awaiting the shop with ${carrier} (${o.expected.product}, shop → customer): the carrier's number and label are stored, the customer emailed once; a second click books nothing`, async () => {
    await o.configure();
    const p = await pendingReship(db, carrier);
    expect(await getParcelBooking(db, p.shipmentId)).toMatchObject({ awaitingShop: true, connected: true, label: null });
    const number = numberLike(o.expected.exampleNumber);
    o.standIn().answer({ trackingNumber: number });
    try {
      const before = o.standIn().bookings();
      // Two clicks at once: the parcel's lock makes the second wait for the first and get its booking.
      const results = await Promise.all([bookPendingParcel(p.staff, { shipmentId: p.shipmentId }), bookPendingParcel(p.staff, { shipmentId: p.shipmentId })]);
      expect(results.map((r) => r.alreadyBooked).sort()).toEqual([false, true]);
      for (const r of results) expect(r).toMatchObject({ trackingNumber: number, bookedVia: o.expected.bookedVia, labelPending: false });
      expect(o.standIn().bookings()).toBe(before + 1);

      const sent = o.standIn().lastBooking();
      expect(sent.product).toBe(o.expected.product);
      expect(sent.sender).toEqual({ name: SHOP_RETURN_ADDRESS.name, postalCode: SHOP_RETURN_ADDRESS.postalCode });
      expect(sent.recipient).toEqual({ name: p.order.shippingName, postalCode: p.order.shippingPostalCode });
      // A reship is known to the carrier by its order (as the carrier's reference field takes it).
      expect(sent.reference).toBe((o.expected.reference ?? String)(p.order.orderNumber));

      const [parcel] = await db.select().from(shipments).where(eq(shipments.id, p.shipmentId));
      expect(parcel).toMatchObject({ direction: 'outbound', carrier, trackingNumber: number, service: o.expected.service });
      expect(parcel!.shippedAt).not.toBeNull();
      const [label] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, p.shipmentId));
      expect(label).toMatchObject({ bookedVia: o.expected.bookedVia, fetchNextAt: null });
      // The booking ledger holds the one call and its answer, applied to the parcel.
      expect(await ledgerOf(p.shipmentId)).toEqual([{ state: 'applied', trackingNumber: number }]);
      expect(Buffer.from(label!.pdf!).equals(o.expected.pdf)).toBe(true);
      const mails = await parcelMails(p.order.id);
      expect(mails).toHaveLength(1);
      expect((mails[0]!.payload as EmailPayload).text).toContain(number);
      const events = await eventsOf(p.order.id);
      expect(events.map((e) => e.type).sort()).toEqual(['shipment.booked', 'shipment.created']);
      expect(events.find((e) => e.type === 'shipment.booked')).toMatchObject({ actorType: 'staff', caseId: p.caseId, data: { shipmentId: p.shipmentId, carrier, trackingNumber: number, bookedVia: o.expected.bookedVia } });
      expect(events.find((e) => e.type === 'shipment.created')?.data).toMatchObject({ shipmentId: p.shipmentId, filledPending: 'reship', compensationId: p.compensationId });
      expect(await getParcelBooking(db, p.shipmentId)).toMatchObject({ awaitingShop: false, trackingNumber: number, label: { bookedVia: o.expected.bookedVia, pdf: true, pending: false } });

      // Clicked again later: the booked parcel, no request, no second email or event.
      expect(await bookPendingParcel(p.staff, { shipmentId: p.shipmentId })).toMatchObject({ alreadyBooked: true, trackingNumber: number });
      expect(o.standIn().bookings()).toBe(before + 1);
      expect(await parcelMails(p.order.id)).toHaveLength(1);
      expect(await eventsOf(p.order.id)).toHaveLength(2);
    } finally {
      o.standIn().answer(null);
    }
  });

  it(`a refusal by ${carrier} changes nothing and carries the carrier's message, framed in the staff member's language`, async () => {
    await o.configure();
    const p = await pendingReship(db, carrier);
    o.standIn().answer('refused');
    try {
      const before = o.standIn().bookings();
      const error = await bookPendingParcel(p.staff, { shipmentId: p.shipmentId }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_state', details: { reason: 'carrier_refused', carrierMessage: expect.stringContaining(o.expected.refusal) } });
      expect(o.standIn().bookings()).toBe(before + 1);
      const [parcel] = await db.select().from(shipments).where(eq(shipments.id, p.shipmentId));
      expect(parcel).toMatchObject({ trackingNumber: `PENDING-${p.compensationId}`, shippedAt: null });
      expect(await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, p.shipmentId))).toEqual([]);
      // A refusal booked nothing: no booking is left for a retry to apply or for staff to decide on.
      expect(await ledgerOf(p.shipmentId)).toEqual([]);
      expect(await parcelMails(p.order.id)).toEqual([]);
      expect(await eventsOf(p.order.id)).toEqual([]);
      const message = (error as { details: { carrierMessage: string } }).details.carrierMessage;
      const values = { carrier: carrierName(carrier), message };
      expect(createTranslator({ locale: 'en', messages: en, namespace: 'staffReturns.outbound' })('refused', values)).toBe(`${carrierName(carrier)} did not book the parcel: “${message}” Nothing was changed.`);
      expect(createTranslator({ locale: 'fi', messages: fi, namespace: 'staffReturns.outbound' })('refused', values)).toBe(`${carrierName(carrier)} ei varannut pakettia: ”${message}” Mitään ei muutettu.`);
    } finally {
      o.standIn().answer(null);
    }
  });

  it(`without ${carrier}'s credentials the booking is not offered and nothing is sent to the carrier`, async () => {
    await o.unconfigure();
    try {
      const p = await pendingReship(db, carrier);
      expect(await getParcelBooking(db, p.shipmentId)).toMatchObject({ awaitingShop: true, connected: false });
      const before = o.standIn().bookings();
      await expect(bookPendingParcel(p.staff, { shipmentId: p.shipmentId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'carrier_not_connected' } });
      expect(o.standIn().bookings()).toBe(before);
      expect((await db.select().from(shipments).where(eq(shipments.id, p.shipmentId)))[0]!.trackingNumber).toBe(`PENDING-${p.compensationId}`);
    } finally {
      await o.configure();
    }
  });
}
