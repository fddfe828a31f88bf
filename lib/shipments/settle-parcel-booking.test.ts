import { and, asc, eq } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import * as shipmentsRoute from '@/app/api/v1/orders/[orderNumber]/shipments/route';
import { carrierBookings, carrierLabels, domainEvents, orderLines, shipmentLines, shipments } from '@/db/schema';
import { isAppError } from '@/lib/errors';
import en from '@/messages/en.json';
import fi from '@/messages/fi.json';
import { call, newKey, newTrackingNumber } from '@/test/api-client';
import { testDb } from '@/test/db';
import { pendingReship } from '@/test/outbound-booking';
import { bookPendingParcel } from './book-pending-parcel';
import { createShipment } from './create-shipment';
import { dismissParcelBooking } from './dismiss-parcel-booking';
import { getParcelBooking } from './parcel-booking-queries';
import { shipPendingParcel } from './ship-pending-parcel';

const db = testDb();
const PDF = Buffer.from('%PDF-1.4 booked label');
/** The shop's own system, as the merchant API calls the use case. */
const shop = { db, actor: { type: 'merchant_api' as const, apiKeyId: 'settle-parcel-booking-test', scopes: ['shipments:write'] } };

const parcelOf = async (id: string) => (await db.select().from(shipments).where(eq(shipments.id, id)))[0]!;
const ledgerOf = (shipmentId: string) => db.select().from(carrierBookings).where(eq(carrierBookings.shipmentId, shipmentId)).orderBy(asc(carrierBookings.createdAt));
/** The order's audit and public rows of one type, in the order they were written. */
const eventsOf = (orderId: string, type: string) =>
  db
    .select({ actorType: domainEvents.actorType, caseId: domainEvents.caseId, data: domainEvents.data })
    .from(domainEvents)
    .where(and(eq(domainEvents.orderId, orderId), eq(domainEvents.type, type)))
    .orderBy(asc(domainEvents.id));
/** A Posti number in Posti's format (the staff form checks it). */
const postiNumber = () => `JJFI${String(Date.now()).slice(-8)}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;

/** A reship awaiting the shop with Posti and an open ledger booking of it: answered (`booked`) but not added, or unanswered (`uncertain`). */
async function reshipWithOpenBooking(state: 'booked' | 'uncertain') {
  const p = await pendingReship(db, 'posti');
  const booked = state === 'booked' ? postiNumber() : null;
  const [booking] = await db
    .insert(carrierBookings)
    .values({
      purpose: 'outbound',
      shipmentId: p.shipmentId,
      orderId: p.order.id,
      reference: p.order.orderNumber,
      carrier: 'posti',
      state,
      ...(booked ? { trackingNumber: booked, bookedVia: 'pakettikauppa', service: '2103', pdf: PDF, answeredAt: new Date(), applyError: 'Another parcel has the booked tracking number.' } : {}),
    })
    .returning();
  const [sku] = await db.select({ sku: orderLines.sku }).from(shipmentLines).innerJoin(orderLines, eq(orderLines.id, shipmentLines.orderLineId)).where(eq(shipmentLines.shipmentId, p.shipmentId));
  return { ...p, booking: booking!, booked, sku: sku!.sku };
}

async function postShipment(orderNumber: string, body: unknown) {
  const { key } = await newKey();
  return call(shipmentsRoute.POST, { key, body, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}/shipments` });
}

describe('a parcel filled by hand while a carrier booking of it is open (staff)', () => {
  it('another number is refused, naming the booking; once staff mark it abandoned (audited), the number is saved and nothing stays open', async () => {
    const p = await reshipWithOpenBooking('booked');
    const typed = postiNumber();
    const refused = await shipPendingParcel(p.staff, { shipmentId: p.shipmentId, carrier: 'posti', trackingNumber: typed }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('invalid_state');
    const details = (refused as { details: { reason: 'parcel_booking_open_booked'; values: Record<string, string> } }).details;
    expect(details).toEqual({ reason: 'parcel_booking_open_booked', values: { carrier: 'Posti', number: p.booked, reference: p.order.orderNumber } });
    expect(createTranslator({ locale: 'en', messages: en, namespace: 'staffReturns.reasons' })(details.reason, details.values)).toBe(
      `Posti booked parcel ${p.booked} for this shipment and it is not on the parcel yet. Add it with “Book with Posti”, or cancel ${p.booked} in Posti's portal and mark the booking abandoned first. Nothing was saved.`,
    );
    expect(createTranslator({ locale: 'fi', messages: fi, namespace: 'staffReturns.reasons' })(details.reason, details.values)).toContain(`peru ${p.booked} kuljetusyhtiön portaalissa`);
    // Nothing changed: the parcel still waits, the booking is still open and shown.
    expect((await parcelOf(p.shipmentId)).trackingNumber).toBe(`PENDING-${p.compensationId}`);
    expect(await ledgerOf(p.shipmentId)).toMatchObject([{ state: 'booked', trackingNumber: p.booked }]);
    expect(await eventsOf(p.order.id, 'shipment.created')).toEqual([]);

    await dismissParcelBooking(p.staff, { shipmentId: p.shipmentId });
    expect(await ledgerOf(p.shipmentId)).toMatchObject([{ state: 'abandoned', trackingNumber: p.booked }]);
    expect(await eventsOf(p.order.id, 'shipment.booking_dismissed')).toEqual([
      {
        actorType: 'staff',
        caseId: p.caseId,
        data: { shipmentId: p.shipmentId, orderId: p.order.id, reference: p.order.orderNumber, carrier: 'posti', bookingId: p.booking.id, state: 'booked', trackingNumber: p.booked },
      },
    ]);
    await expect(dismissParcelBooking(p.staff, { shipmentId: p.shipmentId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'no_open_parcel_booking' } });

    await shipPendingParcel(p.staff, { shipmentId: p.shipmentId, carrier: 'posti', trackingNumber: typed });
    expect(await parcelOf(p.shipmentId)).toMatchObject({ trackingNumber: typed, carrier: 'posti' });
    expect(await getParcelBooking(db, p.shipmentId)).toMatchObject({ awaitingShop: false, trackingNumber: typed, openBooking: null, supersededBooking: null });
  });

  it('an unanswered booking is refused the same way, with its reference; the note offers "mark abandoned" even when booking again is not', async () => {
    const p = await reshipWithOpenBooking('uncertain');
    // Posti's booking is not connected in tests: "Book again" is not offered, the booking is still shown.
    expect(await getParcelBooking(db, p.shipmentId)).toMatchObject({ awaitingShop: true, connected: false, openBooking: { state: 'uncertain', reference: p.order.orderNumber } });
    await expect(shipPendingParcel(p.staff, { shipmentId: p.shipmentId, carrier: 'posti', trackingNumber: postiNumber() })).rejects.toMatchObject({
      code: 'invalid_state',
      details: { reason: 'parcel_booking_open_uncertain', values: { carrier: 'Posti', number: '', reference: p.order.orderNumber } },
    });
    await dismissParcelBooking(p.staff, { shipmentId: p.shipmentId });
    expect(await ledgerOf(p.shipmentId)).toMatchObject([{ state: 'abandoned' }]);
    expect(await eventsOf(p.order.id, 'shipment.booking_dismissed')).toMatchObject([{ data: { state: 'uncertain', trackingNumber: null } }]);
    expect((await getParcelBooking(db, p.shipmentId))!.openBooking).toBeNull();
  });

  it("the booking's own number typed by hand adds the booking: applied, its label stored, shipment.booked audited", async () => {
    const p = await reshipWithOpenBooking('booked');
    await shipPendingParcel(p.staff, { shipmentId: p.shipmentId, carrier: 'posti', trackingNumber: p.booked! });
    expect(await parcelOf(p.shipmentId)).toMatchObject({ trackingNumber: p.booked });
    expect(await ledgerOf(p.shipmentId)).toMatchObject([{ state: 'applied', appliedAt: expect.any(Date) }]);
    const [label] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, p.shipmentId));
    expect(Buffer.from(label!.pdf!).equals(PDF)).toBe(true);
    expect(await eventsOf(p.order.id, 'shipment.booked')).toMatchObject([{ caseId: p.caseId, data: { trackingNumber: p.booked, carrier: 'posti', labelPending: false } }]);
    expect(await getParcelBooking(db, p.shipmentId)).toMatchObject({ openBooking: null, supersededBooking: null, label: { pdf: true } });
  });
});

describe('a parcel filled by the shop (merchant API) while a carrier booking of it is open', () => {
  it("the shop's number wins (201 as documented); the booking is closed and audited, and the panel tells staff to cancel it with the carrier", async () => {
    const p = await reshipWithOpenBooking('booked');
    const sent = newTrackingNumber();
    const res = await postShipment(p.order.orderNumber, { carrier: 'posti', trackingNumber: sent, lines: [{ sku: p.sku, quantity: 1 }] });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: p.shipmentId, trackingUrl: expect.any(String) });
    expect(await parcelOf(p.shipmentId)).toMatchObject({ trackingNumber: sent, carrier: 'posti' });
    expect(await ledgerOf(p.shipmentId)).toMatchObject([{ state: 'abandoned', trackingNumber: p.booked, appliedAt: null }]);
    expect(await eventsOf(p.order.id, 'shipment.booking_superseded')).toEqual([
      {
        actorType: 'merchant_api',
        caseId: p.caseId,
        data: {
          shipmentId: p.shipmentId,
          orderId: p.order.id,
          reference: p.order.orderNumber,
          carrier: 'posti',
          bookingId: p.booking.id,
          state: 'booked',
          bookedTrackingNumber: p.booked,
          sentCarrier: 'posti',
          sentTrackingNumber: sent,
        },
      },
    ]);
    const view = await getParcelBooking(db, p.shipmentId);
    expect(view).toMatchObject({ awaitingShop: false, trackingNumber: sent, openBooking: null, label: null, supersededBooking: { carrier: 'posti', reference: p.order.orderNumber, bookedTrackingNumber: p.booked, sentTrackingNumber: sent } });
    expect(createTranslator({ locale: 'en', messages: en, namespace: 'staffReturns.outbound' })('supersededBooked', { carrier: 'Posti', number: p.booked!, sent })).toBe(
      `Posti booked parcel ${p.booked} for this shipment, but the shop sent it as ${sent}. Cancel ${p.booked} in Posti's portal so the shop is not billed for it.`,
    );
  });

  it('an unanswered booking is closed the same way; the note names the reference to look for', async () => {
    const p = await reshipWithOpenBooking('uncertain');
    const sent = newTrackingNumber();
    await createShipment(shop, { orderId: p.order.id, carrier: 'posti', trackingNumber: sent, lines: [{ sku: p.sku, quantity: 1 }] });
    expect(await ledgerOf(p.shipmentId)).toMatchObject([{ state: 'abandoned', trackingNumber: null }]);
    expect((await getParcelBooking(db, p.shipmentId))!.supersededBooking).toEqual({ carrier: 'posti', reference: p.order.orderNumber, bookedTrackingNumber: null, sentTrackingNumber: sent });
  });

  it("the shop sends our booking's own number: the booking is applied, nothing to cancel", async () => {
    const p = await reshipWithOpenBooking('booked');
    const res = await postShipment(p.order.orderNumber, { carrier: 'posti', trackingNumber: p.booked, lines: [{ sku: p.sku, quantity: 1 }] });
    expect(res.status).toBe(201);
    expect(await ledgerOf(p.shipmentId)).toMatchObject([{ state: 'applied' }]);
    expect(await eventsOf(p.order.id, 'shipment.booking_superseded')).toEqual([]);
    expect(await getParcelBooking(db, p.shipmentId)).toMatchObject({ openBooking: null, supersededBooking: null, label: { pdf: true } });
  });

  it('a shop fill racing staff applying the recorded booking: exactly one wins, and no booking is left open', async () => {
    const outcomes = { booking: 0, shop: 0 };
    for (let round = 0; round < 6; round++) {
      const p = await reshipWithOpenBooking('booked');
      await db.update(carrierBookings).set({ applyError: null }).where(eq(carrierBookings.id, p.booking.id));
      const sent = newTrackingNumber();
      // Each side starts first in turn (the other a few milliseconds later), so both orders of arrival are run.
      const later = <T>(run: () => Promise<T>, first: boolean) => (first ? run() : new Promise((resolve) => setTimeout(resolve, 15)).then(run));
      const [applied, filled] = await Promise.allSettled([
        later(() => bookPendingParcel(p.staff, { shipmentId: p.shipmentId }), round % 2 === 0),
        later(() => createShipment(shop, { orderId: p.order.id, carrier: 'posti', trackingNumber: sent, lines: [{ sku: p.sku, quantity: 1 }] }), round % 2 === 1),
      ]);
      // The loser is told in a documented way (nothing left to fill, the parcel already sent), never a deadlock.
      const loser = applied.status === 'rejected' ? applied.reason : filled.status === 'rejected' ? filled.reason : null;
      expect(isAppError(loser), String(loser)).toBe(true);
      expect([applied.status, filled.status].filter((s) => s === 'fulfilled'), `round ${round}`).toHaveLength(1);
      const parcel = await parcelOf(p.shipmentId);
      const ledger = await ledgerOf(p.shipmentId);
      expect(ledger).toHaveLength(1);
      if (applied.status === 'fulfilled') {
        outcomes.booking++;
        expect(parcel.trackingNumber).toBe(p.booked);
        expect(ledger[0]!.state).toBe('applied');
        expect(await eventsOf(p.order.id, 'shipment.booking_superseded')).toEqual([]);
        // The shop's shipment is then checked as an ordinary one of the reship's lines, already sent: a 422.
        expect(loser).toMatchObject({ code: 'invalid_state' });
      } else {
        expect(loser).toMatchObject({ code: 'invalid_state', details: { reason: 'parcel_already_sent' } });
        outcomes.shop++;
        expect(parcel.trackingNumber).toBe(sent);
        expect(ledger[0]!.state).toBe('abandoned');
        expect(await eventsOf(p.order.id, 'shipment.booking_superseded')).toHaveLength(1);
        expect((await getParcelBooking(db, p.shipmentId))!.supersededBooking).toMatchObject({ bookedTrackingNumber: p.booked, sentTrackingNumber: sent });
      }
      expect(await eventsOf(p.order.id, 'shipment.created')).toHaveLength(1);
    }
    expect(outcomes.booking + outcomes.shop).toBe(6);
  });
});
