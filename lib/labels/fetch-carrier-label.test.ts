/**
 * A booking whose label download fails is kept and never made twice (issue #14): Bring (label behind `links.labels`)
 * and PostNord (label in the booking answer, again by item id) against local stand-ins that answer with the copied
 * booking examples (fixtures/carriers/<carrier>/booking-*) and fail the label call until told otherwise.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierLabels, caseEvents, returns, shipments } from '@/db/schema';
import { getReturnLabel } from '@/lib/labels/queries';
import { labelFile } from '@/lib/labels/label-file';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { refetchReturnLabel } from '@/lib/returns/staff/refetch-return-label';
import { testDb } from '@/test/db';
import { type LocalHttp, startLocalHttp } from '@/test/local-http';
import { createApprovedReturn } from '@/test/return-fixture';
import { setShopReturnAddress } from '@/test/shop-return-address';
import { createStaff } from '@/test/staff-factories';
import { fetchCarrierLabel, fetchDueCarrierLabels, LABEL_FETCH_BACKOFF_MINUTES, nextFetchAt } from './fetch-carrier-label';
import { clearCarrierEnv, setCarrierEnv } from '@/test/carrier-env';

// A fork may run another test file next: leave its environment as found.
afterAll(() => {
  clearCarrierEnv('bring');
  clearCarrierEnv('postnord');
});

const db = testDb();
const fixture = (carrier: string, name: string) => readFileSync(path.resolve(__dirname, '../../fixtures/carriers', carrier, name), 'utf8');
const actor = { type: 'system' } as const;
// Not a carrier's label (none is published): bytes that start like any PDF, so Bring's client's PDF check passes.
const BRING_PDF = Buffer.from('%PDF-1.4\n% stand-in for the label behind links.labels\n%%EOF\n', 'latin1');
const BRING_UID = 'returns@kuusi-koivu.example';
const BRING_KEY = '4f0c9a52-6b1e-4d7f-9a0e-2c5d8b7e1f36';
const POSTNORD_KEY = '0123456789abcdef0123456789abcdef';

const BRING_EXAMPLE_PACKAGE = '370438101268058536';
const POSTNORD_EXAMPLE_ITEM = '00373500454541020957';
// The copied answers' parcel numbers, made unique per booking: the carriers' own booking tests book the same examples into the same database.
const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const freshBringPackage = () => `3704381${digits(11)}`;
const freshPostnordItem = () => `0037350045${digits(10)}`;
/** The numbers the carriers assign to the next booking. */
type Stand = { http: LocalHttp; labelDown: boolean; requests: string[]; bringPackage: string; postnordItem: string };
const stand: Stand = { http: null as unknown as LocalHttp, labelDown: true, requests: [], bringPackage: freshBringPackage(), postnordItem: freshPostnordItem() };
const bookings = () => stand.requests.filter((r) => r === 'POST /booking/api/booking' || r === 'POST /rest/shipment/v3/returns/edi/labels/pdf').length;
const labelCalls = () => stand.requests.filter((r) => r.startsWith('GET /booking/labels/') || r === 'POST /rest/shipment/v3/labels/ids/pdf').length;

/** The copied PostNord answer without its label printout: booked (itemId OK), but no label came with it. */
function postnordAnswerWithoutLabel(): string {
  const answer = JSON.parse(fixture('postnord', 'booking-edi-labels-response.json').replaceAll(POSTNORD_EXAMPLE_ITEM, stand.postnordItem));
  delete answer.labelPrintout;
  return JSON.stringify(answer);
}

beforeAll(async () => {
  stand.http = await startLocalHttp(
    async (req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      stand.requests.push(`${req.method} ${url.pathname}`);
      const json = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      // Bring: book, then the label link answers 302 to the storage, which is down until the test says otherwise.
      if (url.pathname === '/booking/api/booking' && req.method === 'POST') {
        if (req.headers['x-mybring-api-key'] !== BRING_KEY) return json(401, '');
        return json(200, fixture('bring', 'booking-response.json').replaceAll('https://www.mybring.com', stand.http.url).replaceAll(BRING_EXAMPLE_PACKAGE, stand.bringPackage));
      }
      if (url.pathname === '/booking/labels/2968466' && req.method === 'GET') {
        res.writeHead(302, { location: '/storage/6d8c4323-87cd-47e8-aa0d-75f8f0b5b4cb.pdf' });
        return res.end();
      }
      if (url.pathname === '/storage/6d8c4323-87cd-47e8-aa0d-75f8f0b5b4cb.pdf') {
        if (stand.labelDown) return json(503, '');
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end(BRING_PDF);
      }
      // PostNord: booked without a label printout; labels by item id are down until the test says otherwise.
      if (url.searchParams.get('apikey') !== POSTNORD_KEY) return json(403, fixture('postnord', 'booking-error-invalid-apikey.json'));
      if (url.pathname === '/rest/shipment/v3/returns/edi/labels/pdf' && req.method === 'POST') return json(200, postnordAnswerWithoutLabel());
      if (url.pathname === '/rest/shipment/v3/labels/ids/pdf' && req.method === 'POST') {
        const ids = JSON.parse(body) as Array<{ id?: string }>;
        if (stand.labelDown || ids[0]?.id !== stand.postnordItem) return json(503, '');
        return json(200, JSON.stringify({ labelPrintout: JSON.parse(fixture('postnord', 'booking-edi-labels-response.json')).labelPrintout }));
      }
    },
  );
  await setShopReturnAddress(db);
  setCarrierEnv('bring', { bookingBaseUrl: `${stand.http.url}/booking/api`, apiUid: BRING_UID, apiKey: BRING_KEY, customerNumber: 'PARCELS_NORWAY-10001123123', requestTimeoutMs: 2000 });
  setCarrierEnv('postnord', { bookingBaseUrl: stand.http.url, bookingApiKey: POSTNORD_KEY, customerNumber: '1234567890', requestTimeoutMs: 2000 });
});
afterAll(async () => {
  await stand.http.close();
});

// `labelCallsAtBooking`: Bring fetches the label in a second call; PostNord's comes in the booking answer.
const cases = [
  { carrier: 'bring' as const, bookedNumber: () => stand.bringPackage, labelSource: () => expect.stringMatching(/\/booking\/labels\/2968466\?auth-token=/), pdf: BRING_PDF, labelCallsAtBooking: 1 },
  { carrier: 'postnord' as const, bookedNumber: () => stand.postnordItem, labelSource: () => stand.postnordItem, pdf: Buffer.from('%PDF-1.4\n', 'latin1'), labelCallsAtBooking: 0 },
];

describe.each(cases)('$carrier: the label download fails after the booking', ({ carrier, bookedNumber, pdf, labelCallsAtBooking, ...expected }) => {
  it('keeps the booking (label_issued with the carrier’s number, label on its way), never books again, and the worker stores the label once the carrier serves it', async () => {
    stand.labelDown = true;
    stand.requests = [];
    const trackingNumber = bookedNumber();
    const labelSource = expected.labelSource();
    const { returnId, rma, order } = await createApprovedReturn(db, { carrier });

    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    expect(issued).toMatchObject({ trackingNumber, specimen: false, labelPending: true });
    expect(bookings()).toBe(1);
    const [ret] = await db.select({ status: returns.status, shipmentId: returns.returnShipmentId }).from(returns).where(eq(returns.id, returnId));
    expect(ret).toEqual({ status: 'label_issued', shipmentId: issued.shipmentId });
    const [shipment] = await db.select({ trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, issued.shipmentId));
    expect(shipment!.trackingNumber).toBe(trackingNumber);
    const [stored] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    expect(stored).toMatchObject({ bookedVia: carrier, pdf: null, zpl: null, labelSource, fetchAttempts: 1, fetchError: expect.stringMatching(/label/i) });
    expect(stored!.fetchNextAt!.getTime() - stored!.fetchAttemptedAt!.getTime()).toBe(LABEL_FETCH_BACKOFF_MINUTES[0] * 60_000);

    // The label page: the carrier's number, "on its way", no SPECIMEN and no file drawn in place of the carrier's.
    const waiting = (await getReturnLabel(db, rma))!;
    expect(waiting).toMatchObject({ specimen: false, trackingNumber, carrierLabel: { bookedVia: carrier, pdf: false, zpl: false, pending: true } });
    expect(await labelFile(db, waiting, 'pdf')).toBeNull();

    // Approving / issuing again only fetches the label again: still one booking at the carrier.
    const again = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    expect(again).toMatchObject({ shipmentId: issued.shipmentId, trackingNumber, labelPending: true });
    expect(bookings()).toBe(1);
    expect(labelCalls()).toBe(labelCallsAtBooking + 1);
    expect((await db.select({ attempts: carrierLabels.fetchAttempts }).from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId)))[0]!.attempts).toBe(2);
    // A customer reloading the page right after does not ask the carrier again.
    expect(await fetchCarrierLabel(db, { shipmentId: issued.shipmentId, actor, onDemand: true })).toBe('still_missing');
    expect(labelCalls()).toBe(labelCallsAtBooking + 1);

    // The carrier serves the label again: the worker's sweep, once the next try is due, stores it.
    stand.labelDown = false;
    const [{ due }] = (await db.select({ due: carrierLabels.fetchNextAt }).from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId))) as [{ due: Date }];
    expect(await sweepFor(issued.shipmentId, new Date(due.getTime() - 1000))).toBe('not tried');
    expect(await sweepFor(issued.shipmentId, due)).toBe('fetched');
    const [fetched] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    expect(fetched).toMatchObject({ fetchNextAt: null, fetchError: null });
    expect(Buffer.from(fetched!.pdf!).equals(pdf)).toBe(true);
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.orderId, order.id), eq(caseEvents.type, 'return.label_fetched')));
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ returnId, rma, shipmentId: issued.shipmentId, attempts: 3 })]);

    const served = (await getReturnLabel(db, rma))!;
    expect(served).toMatchObject({ specimen: false, trackingNumber, carrierLabel: { pdf: true, pending: false } });
    expect(Buffer.from((await labelFile(db, served, 'pdf'))!.body).equals(pdf)).toBe(true);

    // Issuing once more changes nothing and asks the carrier nothing.
    const calls = stand.requests.length;
    expect(await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }))).toMatchObject({ trackingNumber, labelPending: false });
    expect(stand.requests.length).toBe(calls);
  });
});

/**
 * One sweep of the worker at `now`, told by what it did to this test's own label: other test files share the database
 * and may leave labels of their own to fetch, so the sweep's totals are not this test's to assert.
 */
async function sweepFor(shipmentId: string, now: Date): Promise<'fetched' | 'still missing' | 'not tried'> {
  const row = () => db.select({ attempts: carrierLabels.fetchAttempts, pdf: carrierLabels.pdf }).from(carrierLabels).where(eq(carrierLabels.shipmentId, shipmentId));
  const [before] = await row();
  await fetchDueCarrierLabels(db, now);
  const [after] = await row();
  if (after!.pdf && !before!.pdf) return 'fetched';
  return after!.attempts === before!.attempts ? 'not tried' : 'still missing';
}

describe('the worker’s backoff', () => {
  it('waits longer after each failed fetch and gives up after the last wait (opening the label still tries)', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(LABEL_FETCH_BACKOFF_MINUTES.map((_, i) => (nextFetchAt(i + 1, now)!.getTime() - now.getTime()) / 60_000)).toEqual([...LABEL_FETCH_BACKOFF_MINUTES]);
    expect([...LABEL_FETCH_BACKOFF_MINUTES].every((m, i, all) => i === 0 || m > all[i - 1]!)).toBe(true);
    expect(nextFetchAt(LABEL_FETCH_BACKOFF_MINUTES.length + 1, now)).toBeNull();
  });

  it('a worker that gave up leaves the label to opening it or to staff: “fetch label again” still stores it, never booking again', async () => {
    stand.labelDown = true;
    stand.requests = [];
    stand.postnordItem = freshPostnordItem();
    const { returnId, rma } = await createApprovedReturn(db, { carrier: 'postnord' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    await db.update(carrierLabels).set({ fetchAttempts: LABEL_FETCH_BACKOFF_MINUTES.length, fetchNextAt: new Date(0) }).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    expect(await sweepFor(issued.shipmentId, new Date())).toBe('still missing');
    const [givenUp] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    expect(givenUp).toMatchObject({ fetchAttempts: LABEL_FETCH_BACKOFF_MINUTES.length + 1, fetchNextAt: null, pdf: null });
    expect(await sweepFor(issued.shipmentId, new Date(Date.now() + 86_400_000))).toBe('not tried');

    // Staff's "fetch label again": only staff who process returns, only a return id.
    const agent = await createStaff(db);
    const staff = { db, actor: { type: 'staff' as const, staffId: agent.id, role: 'agent' as const } };
    await expect(refetchReturnLabel({ db, actor: { type: 'customer', orderId: issued.shipmentId } }, { returnId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(refetchReturnLabel(staff, { returnId: 'not-an-id' })).rejects.toThrow();
    expect(await refetchReturnLabel(staff, { returnId })).toEqual({ outcome: 'still_missing' });
    // Credentials removed since the booking: PostNord is not asked at all.
    setCarrierEnv('postnord', { bookingApiKey: undefined });
    const asked = stand.requests.length;
    expect(await refetchReturnLabel(staff, { returnId })).toEqual({ outcome: 'still_missing' });
    expect(stand.requests.length).toBe(asked);
    expect((await db.select({ error: carrierLabels.fetchError }).from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId)))[0]!.error).toMatch(/credentials/);
    setCarrierEnv('postnord', { bookingApiKey: POSTNORD_KEY });
    stand.labelDown = false;
    expect(await refetchReturnLabel(staff, { returnId })).toEqual({ outcome: 'fetched' });
    expect((await getReturnLabel(db, rma))!.carrierLabel).toMatchObject({ pdf: true, pending: false });
    expect(await refetchReturnLabel(staff, { returnId })).toEqual({ outcome: 'nothing_to_fetch' });
    expect(bookings()).toBe(1);
  });
});
