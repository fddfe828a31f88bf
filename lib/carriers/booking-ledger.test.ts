/**
 * Booking never lost or doubled (issue #14): the carrier's answer is recorded on its own connection before the
 * caller's transaction goes on, so a rolled-back approval (or parcel booking) followed by a retry books once, and a
 * call left without an answer is never silently booked again. Against a local Bring that answers with the copied booking example
 * (fixtures/carriers/bring/booking-response.json), each booking with a number of its own.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierBookings, carrierLabels, caseEvents, returns, shipments } from '@/db/schema';
import { bookPendingParcel } from '@/lib/shipments/book-pending-parcel';
import { getParcelBooking } from '@/lib/shipments/parcel-booking-queries';
import { rebookPendingParcel } from '@/lib/shipments/rebook-pending-parcel';
import type { Ctx } from '@/lib/core/actor';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { approveReturn } from '@/lib/returns/staff/approve-return';
import { getStaffReturn } from '@/lib/returns/staff/queries';
import { rebookReturnLabel } from '@/lib/returns/staff/rebook-return-label';
import { retryReturnLabel } from '@/lib/returns/staff/retry-return-label';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { type LocalHttp, startLocalHttp } from '@/test/local-http';
import { createApprovedReturn } from '@/test/return-fixture';
import { setShopReturnAddress } from '@/test/shop-return-address';
import { createStaff } from '@/test/staff-factories';
import { pendingReship } from '@/test/outbound-booking';
import { clearCarrierEnv, setCarrierEnv } from '@/test/carrier-env';

// A fork may run another test file next: leave its environment as found.
afterAll(() => {
  clearCarrierEnv('bring');
});

const db = testDb();
const BRING_UID = 'returns@kuusi-koivu.example';
const BRING_KEY = '4f0c9a52-6b1e-4d7f-9a0e-2c5d8b7e1f36';
const BRING_EXAMPLE_PACKAGE = '370438101268058536';
// Not Bring's label (none is published): bytes that start like any PDF, so Bring's client's PDF check passes.
const BRING_PDF = Buffer.from('%PDF-1.4\n% stand-in for the label behind links.labels\n%%EOF\n', 'latin1');
const answerExample = readFileSync(path.resolve(__dirname, '../../fixtures/carriers/bring/booking-response.json'), 'utf8');
const freshPackage = () => `3704381${Array.from({ length: 11 }, () => randomInt(10)).join('')}`;

/**
 * `next`: the number Bring gives the next booking; `refuse`: answer bookings with Bring's 400 instead; `slowMs`: take
 * the booking, then answer only after this long (past the client's timeout).
 */
const stand = { http: null as unknown as LocalHttp, next: freshPackage(), refuse: false, slowMs: 0, bookings: 0 };

beforeAll(async () => {
  stand.http = await startLocalHttp(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/booking/api/booking' && req.method === 'POST') {
      stand.bookings += 1;
      if (req.headers['x-mybring-api-key'] !== BRING_KEY) return void res.writeHead(401).end();
      if (stand.slowMs) await new Promise((resolve) => setTimeout(resolve, stand.slowMs));
      if (stand.refuse) return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"consignments":[{"errors":[{"code":"BOOK-INPUT-001","messages":[{"lang":"en","message":"Invalid postal code"}]}]}]}');
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(answerExample.replaceAll('https://www.mybring.com', stand.http.url).replaceAll(BRING_EXAMPLE_PACKAGE, stand.next));
    }
    if (url.pathname === '/booking/labels/2968466' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return void res.end(BRING_PDF);
    }
  });
  await setShopReturnAddress(db);
  setCarrierEnv('bring', { bookingBaseUrl: `${stand.http.url}/booking/api`, apiUid: BRING_UID, apiKey: BRING_KEY, customerNumber: 'PARCELS_NORWAY-10001123123', requestTimeoutMs: 2000 });
});
afterAll(async () => {
  await stand.http.close();
});

async function staffCtx(): Promise<Ctx> {
  const staff = await createStaff(db, { role: 'agent' });
  return { db, actor: { type: 'staff', staffId: staff.id, role: 'agent' } };
}

/** A Bring return waiting for staff's approval, and the number Bring will give its parcel. */
async function requestedBringReturn() {
  stand.next = freshPackage();
  const created = await createApprovedReturn(db, { carrier: 'bring' });
  await db.update(returns).set({ status: 'requested', approvedAt: null }).where(eq(returns.id, created.returnId));
  return { ...created, number: stand.next };
}

const ledgerOf = (returnId: string) => db.select().from(carrierBookings).where(eq(carrierBookings.returnId, returnId));
const eventsOf = (orderId: string, type: string) => db.select().from(caseEvents).where(and(eq(caseEvents.orderId, orderId), eq(caseEvents.type, type)));
const statusOf = async (returnId: string) => (await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status;

describe('a booking answered by the carrier survives the rollback of the approval', () => {
  it('the parcel number is already taken: approval stays without a label, the booking is kept with its number and shown to staff; once fixed, the retry adds it without booking again', async () => {
    const ctx = await staffCtx();
    const { returnId, order, number } = await requestedBringReturn();
    // Another order's parcel already carries the number Bring is about to give (the test's own row).
    const other = await createOrder(db, 'en');
    const [taken] = await db.insert(shipments).values({ orderId: other.id, direction: 'outbound', carrier: 'bring', trackingNumber: number, status: 'in_transit' }).returning({ id: shipments.id });
    const before = stand.bookings;

    expect(await approveReturn(ctx, { returnId })).toEqual({ status: 'approved', trackingNumber: null });
    expect(stand.bookings - before).toBe(1);
    expect(await statusOf(returnId)).toBe('approved');
    const [kept] = await ledgerOf(returnId);
    expect(kept).toMatchObject({ state: 'booked', carrier: 'bring', trackingNumber: number, bookedVia: 'bring', appliedAt: null, applyError: expect.stringContaining('already used by another parcel') });
    expect(Buffer.from(kept!.pdf!).equals(BRING_PDF)).toBe(true);
    expect(await eventsOf(order.id, 'return.booking_not_applied')).toHaveLength(1);
    expect((await eventsOf(order.id, 'return.booking_not_applied'))[0]!.data).toMatchObject({ trackingNumber: number, carrier: 'bring' });
    // Staff see the carrier's number on the return panel's data.
    expect((await getStaffReturn(db, returnId))!.openBooking).toMatchObject({ state: 'booked', carrier: 'bring', trackingNumber: number });

    // Staff move the other parcel's wrong number away; the retry adds the recorded booking: Bring was asked once.
    await db.update(shipments).set({ trackingNumber: `${number}-X` }).where(eq(shipments.id, taken!.id));
    expect(await retryReturnLabel(ctx, { returnId })).toEqual({ trackingNumber: number });
    expect(stand.bookings - before).toBe(1);
    expect(await statusOf(returnId)).toBe('label_issued');
    const [applied] = await ledgerOf(returnId);
    expect(applied).toMatchObject({ state: 'applied', applyError: null, appliedAt: expect.any(Date) });
    const [ret] = await db.select({ shipmentId: returns.returnShipmentId }).from(returns).where(eq(returns.id, returnId));
    const [label] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, ret!.shipmentId!));
    expect(label).toMatchObject({ bookedVia: 'bring', zpl: null });
    expect(Buffer.from(label!.pdf!).equals(BRING_PDF)).toBe(true);
    expect((await getStaffReturn(db, returnId))!.openBooking).toBeNull();
  });

  it('the caller’s transaction dies after the label was issued in it: the booking stays recorded and the next attempt applies it, one booking', async () => {
    stand.next = freshPackage();
    const number = stand.next;
    const { returnId } = await createApprovedReturn(db, { carrier: 'bring' });
    const before = stand.bookings;

    await expect(
      db.transaction(async (tx) => {
        await issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } });
        throw new Error('connection lost');
      }),
    ).rejects.toThrow('connection lost');
    expect(await statusOf(returnId)).toBe('approved');
    expect(await ledgerOf(returnId)).toMatchObject([{ state: 'booked', trackingNumber: number, appliedAt: null }]);

    expect(await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }))).toMatchObject({ trackingNumber: number, specimen: false, labelPending: false });
    expect(stand.bookings - before).toBe(1);
    expect(await ledgerOf(returnId)).toMatchObject([{ state: 'applied' }]);
  });

  it('a refused booking (nothing booked) leaves no booking behind, so the retry asks the carrier again', async () => {
    const { returnId } = await createApprovedReturn(db, { carrier: 'bring' });
    stand.refuse = true;
    try {
      await expect(db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }))).rejects.toMatchObject({ name: 'CarrierBookingError' });
    } finally {
      stand.refuse = false;
    }
    expect(await ledgerOf(returnId)).toEqual([]);
    stand.next = freshPackage();
    expect(await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }))).toMatchObject({ trackingNumber: stand.next });
  });
});

describe('a call left without an answer is never booked again silently', () => {
  it('the carrier takes the booking but answers after the timeout: the booking is uncertain at once, and the retry books nothing', async () => {
    const ctx = await staffCtx();
    const { returnId, order } = await requestedBringReturn();
    const before = stand.bookings;
    stand.slowMs = 2500; // the client waits 2,000 ms (requestTimeoutMs above)
    try {
      expect(await approveReturn(ctx, { returnId })).toEqual({ status: 'approved', trackingNumber: null });
    } finally {
      stand.slowMs = 0;
    }
    expect(stand.bookings - before).toBe(1);
    expect(await ledgerOf(returnId)).toMatchObject([{ state: 'uncertain', trackingNumber: null }]);
    expect(await eventsOf(order.id, 'return.booking_uncertain')).toHaveLength(1);
    await expect(retryReturnLabel(ctx, { returnId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'booking_uncertain' } });
    expect(stand.bookings - before).toBe(1);
  });

  it('a carrier that cannot be reached at all booked nothing: no booking is left behind', async () => {
    const { returnId } = await createApprovedReturn(db, { carrier: 'bring' });
    const closed = await startLocalHttp(async (_req, res) => void res.end());
    const url = closed.url;
    await closed.close();
    setCarrierEnv('bring', { bookingBaseUrl: `${url}/booking/api`, apiUid: BRING_UID, apiKey: BRING_KEY, customerNumber: 'PARCELS_NORWAY-10001123123', requestTimeoutMs: 2000 });
    try {
      await expect(db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }))).rejects.toMatchObject({ name: 'CarrierBookingError', outcomeUnknown: false, message: expect.stringContaining('ECONNREFUSED') });
    } finally {
      setCarrierEnv('bring', { bookingBaseUrl: `${stand.http.url}/booking/api`, apiUid: BRING_UID, apiKey: BRING_KEY, customerNumber: 'PARCELS_NORWAY-10001123123', requestTimeoutMs: 2000 });
    }
    expect(await ledgerOf(returnId)).toEqual([]);
  });

  async function leftCalling(ageMs: number) {
    const created = await createApprovedReturn(db, { carrier: 'bring' });
    await db.insert(carrierBookings).values({ returnId: created.returnId, orderId: created.order.id, reference: created.rma, carrier: 'bring', state: 'calling', createdAt: new Date(Date.now() - ageMs) });
    return created;
  }

  it('a call still within the carrier’s wait: the retry is told a booking is under way and books nothing', async () => {
    const ctx = await staffCtx();
    const { returnId } = await leftCalling(1000);
    const before = stand.bookings;
    await expect(retryReturnLabel(ctx, { returnId })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'booking_in_progress' } });
    expect(stand.bookings).toBe(before);
    expect(await ledgerOf(returnId)).toMatchObject([{ state: 'calling' }]);
    expect((await getStaffReturn(db, returnId))!.openBooking).toMatchObject({ state: 'calling', carrier: 'bring' });
  });

  it('an older one becomes uncertain (one audit row), retries book nothing, and staff’s deliberate "book again" books exactly once', async () => {
    const ctx = await staffCtx();
    const { returnId, order, rma } = await leftCalling(10 * 60_000);
    const before = stand.bookings;

    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(retryReturnLabel(ctx, { returnId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'booking_uncertain' } });
    }
    expect(stand.bookings).toBe(before);
    expect(await statusOf(returnId)).toBe('approved');
    expect(await ledgerOf(returnId)).toMatchObject([{ state: 'uncertain', reference: rma }]);
    expect(await eventsOf(order.id, 'return.booking_uncertain')).toHaveLength(1);
    expect((await getStaffReturn(db, returnId))!.openBooking).toMatchObject({ state: 'uncertain', carrier: 'bring', trackingNumber: null });

    stand.next = freshPackage();
    expect(await rebookReturnLabel(ctx, { returnId })).toEqual({ trackingNumber: stand.next });
    expect(stand.bookings - before).toBe(1);
    expect(await statusOf(returnId)).toBe('label_issued');
    const ledger = await ledgerOf(returnId);
    expect(ledger.map((b) => b.state).sort()).toEqual(['abandoned', 'applied']);
    expect(ledger.find((b) => b.state === 'applied')!.trackingNumber).toBe(stand.next);
    const [abandoned] = await eventsOf(order.id, 'return.booking_abandoned');
    expect(abandoned).toMatchObject({ actorType: 'staff', data: expect.objectContaining({ rma, carrier: 'bring' }) });

    // Nothing left to decide: a second "book again" is refused and books nothing.
    await expect(rebookReturnLabel(ctx, { returnId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'no_uncertain_booking' } });
    expect(stand.bookings - before).toBe(1);
  });
});

describe('a parcel the shop sends (an exchange’s, a reship’s) goes through the same ledger', () => {
  const parcelLedgerOf = (shipmentId: string) => db.select().from(carrierBookings).where(eq(carrierBookings.shipmentId, shipmentId));
  const parcelOf = async (shipmentId: string) => (await db.select().from(shipments).where(eq(shipments.id, shipmentId)))[0]!;

  it('the booked number is already another parcel’s: the booking is kept with its number and shown to staff; once fixed, the retry adds it without booking again', async () => {
    const p = await pendingReship(db, 'bring');
    stand.next = freshPackage();
    const number = stand.next;
    const other = await createOrder(db, 'en');
    const [taken] = await db.insert(shipments).values({ orderId: other.id, direction: 'outbound', carrier: 'bring', trackingNumber: number, status: 'in_transit' }).returning({ id: shipments.id });
    const before = stand.bookings;

    await expect(bookPendingParcel(p.staff, { shipmentId: p.shipmentId })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'tracking_number_taken' } });
    expect(stand.bookings - before).toBe(1);
    expect((await parcelOf(p.shipmentId)).trackingNumber).toBe(`PENDING-${p.compensationId}`);
    const [kept] = await parcelLedgerOf(p.shipmentId);
    expect(kept).toMatchObject({ purpose: 'outbound', returnId: null, state: 'booked', carrier: 'bring', reference: p.order.orderNumber, trackingNumber: number, appliedAt: null, applyError: expect.stringContaining(number) });
    const notApplied = await eventsOf(p.order.id, 'shipment.booking_not_applied');
    expect(notApplied).toHaveLength(1);
    expect(notApplied[0]).toMatchObject({ caseId: p.caseId, data: expect.objectContaining({ shipmentId: p.shipmentId, trackingNumber: number, carrier: 'bring' }) });
    // Staff see the carrier's number and why it is not on the parcel.
    expect((await getParcelBooking(db, p.shipmentId))!.openBooking).toMatchObject({ state: 'booked', carrier: 'bring', trackingNumber: number, applyError: expect.stringContaining('Another parcel') });

    // Staff move the other parcel's wrong number away; booking again adds the recorded booking: Bring was asked once.
    await db.update(shipments).set({ trackingNumber: `${number}-X` }).where(eq(shipments.id, taken!.id));
    expect(await bookPendingParcel(p.staff, { shipmentId: p.shipmentId })).toMatchObject({ trackingNumber: number, alreadyBooked: false, labelPending: false });
    expect(stand.bookings - before).toBe(1);
    expect(await parcelOf(p.shipmentId)).toMatchObject({ trackingNumber: number, carrier: 'bring' });
    expect(await parcelLedgerOf(p.shipmentId)).toMatchObject([{ state: 'applied', applyError: null, appliedAt: expect.any(Date) }]);
    const [label] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, p.shipmentId));
    expect(Buffer.from(label!.pdf!).equals(BRING_PDF)).toBe(true);
    expect(await eventsOf(p.order.id, 'shipment.booked')).toHaveLength(1);
    expect((await getParcelBooking(db, p.shipmentId))!.openBooking).toBeNull();
  });

  it('a booking answered after the client’s timeout is uncertain at once: retries book nothing, and staff’s deliberate "book again" books exactly once', async () => {
    const p = await pendingReship(db, 'bring');
    const before = stand.bookings;
    stand.slowMs = 2500; // the client waits 2,000 ms (requestTimeoutMs above)
    try {
      await expect(bookPendingParcel(p.staff, { shipmentId: p.shipmentId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'parcel_booking_uncertain' } });
    } finally {
      stand.slowMs = 0;
    }
    expect(stand.bookings - before).toBe(1);
    expect(await parcelLedgerOf(p.shipmentId)).toMatchObject([{ state: 'uncertain', trackingNumber: null, reference: p.order.orderNumber }]);
    expect(await eventsOf(p.order.id, 'shipment.booking_uncertain')).toHaveLength(1);
    await expect(bookPendingParcel(p.staff, { shipmentId: p.shipmentId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'parcel_booking_uncertain' } });
    expect(stand.bookings - before).toBe(1);
    expect(await eventsOf(p.order.id, 'shipment.booking_uncertain')).toHaveLength(1);
    expect((await parcelOf(p.shipmentId)).trackingNumber).toBe(`PENDING-${p.compensationId}`);
    expect((await getParcelBooking(db, p.shipmentId))!.openBooking).toMatchObject({ state: 'uncertain', carrier: 'bring', reference: p.order.orderNumber, trackingNumber: null });

    stand.next = freshPackage();
    expect(await rebookPendingParcel(p.staff, { shipmentId: p.shipmentId })).toMatchObject({ trackingNumber: stand.next, alreadyBooked: false });
    expect(stand.bookings - before).toBe(2);
    expect((await parcelOf(p.shipmentId)).trackingNumber).toBe(stand.next);
    const ledger = await parcelLedgerOf(p.shipmentId);
    expect(ledger.map((b) => b.state).sort()).toEqual(['abandoned', 'applied']);
    expect(ledger.find((b) => b.state === 'applied')!.trackingNumber).toBe(stand.next);
    const [abandoned] = await eventsOf(p.order.id, 'shipment.booking_abandoned');
    expect(abandoned).toMatchObject({ actorType: 'staff', caseId: p.caseId, data: expect.objectContaining({ shipmentId: p.shipmentId, reference: p.order.orderNumber, carrier: 'bring' }) });

    // Nothing left to decide: a second "book again" is refused and books nothing.
    await expect(rebookPendingParcel(p.staff, { shipmentId: p.shipmentId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'no_uncertain_parcel_booking' } });
    expect(stand.bookings - before).toBe(2);
  });

  it('the ledger keeps a booking to its subject: an outbound row without its parcel, or with a return, is refused', async () => {
    const { returnId, order } = await createApprovedReturn(db, { carrier: 'bring' });
    const row = { orderId: order.id, reference: 'R-1', carrier: 'bring' as const, state: 'calling' };
    await expect(db.insert(carrierBookings).values({ ...row, purpose: 'outbound' })).rejects.toMatchObject({ cause: { constraint_name: 'carrier_bookings_subject' } });
    await expect(db.insert(carrierBookings).values({ ...row, purpose: 'outbound', shipmentId: crypto.randomUUID(), returnId })).rejects.toMatchObject({ cause: { constraint_name: 'carrier_bookings_subject' } });
    await expect(db.insert(carrierBookings).values({ ...row, purpose: 'return' })).rejects.toMatchObject({ cause: { constraint_name: 'carrier_bookings_subject' } });
  });
});
