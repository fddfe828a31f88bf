/**
 * Bring return booking through Bring's Booking API, against a local server that follows Bring's reference
 * (bring/developer-site content/api/booking/api.raml): it checks the Mybring headers, compares our request's field
 * paths with Bring's request example, answers with the copied answer examples (fixtures/carriers/bring/booking-*,
 * fixtures/SOURCES.md) and serves the label link as documented (a 302 to the storage that holds the PDF).
 */
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierLabels, caseEvents, orders, returns, shipments } from '@/db/schema';
import { getReturnLabel } from '@/lib/labels/queries';
import { labelFile } from '@/lib/labels/label-file';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { ingestEvents } from '@/lib/tracking/ingest-events';
import { testDb } from '@/test/db';
import { type LocalHttp, startLocalHttp } from '@/test/local-http';
import { setShopReturnAddress } from '@/test/shop-return-address';
import { createApprovedReturn } from '@/test/return-fixture';
import { CarrierBookingError } from '../booking';
import { type CarrierConfig, getCarrierConfig } from '../config';
import { registry } from '../registry';
import { outboundBookingBody, returnBookingBody } from './booking';
import { numberLike, outboundBookingTests, pendingReship } from '@/test/outbound-booking';
import { bookPendingParcel } from '@/lib/shipments/book-pending-parcel';
import { getParcelBooking } from '@/lib/shipments/parcel-booking-queries';
import { clearCarrierEnv, setCarrierEnv } from '@/test/carrier-env';
import { jsonFieldPaths } from '@/test/json-paths';

// A fork may run another test file next: leave its environment as found.
afterAll(() => {
  clearCarrierEnv('bring');
});

const db = testDb();
const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../fixtures/carriers/bring', name), 'utf8');
const UID = 'returns@kuusi-koivu.example';
const KEY = '4f0c9a52-6b1e-4d7f-9a0e-2c5d8b7e1f36';
// Bring's answer example links the label on www.mybring.com; the local server stands in for that host.
const EXAMPLE_LABEL_ORIGIN = 'https://www.mybring.com';
// Not Bring's label (none is published): bytes that start like any PDF, so the client's PDF check passes.
const STORED_PDF = Buffer.from('%PDF-1.4\n% stand-in for the label behind links.labels\n%%EOF\n', 'latin1');


type Seen = { method: string; path: string; headers: IncomingHttpHeaders; body: string };
type Fake = { http: LocalHttp; base: string; seen: Seen[]; bookingAnswer: { status: number; body: string } | null };

async function fakeBring(): Promise<Fake> {
  const fake: Fake = { http: null as unknown as LocalHttp, base: '', seen: [], bookingAnswer: null };
  fake.http = await startLocalHttp(
    async (req, res, body) => {
      const url = req.url ?? '';
      fake.seen.push({ method: req.method ?? '', path: url, headers: req.headers, body });
      const json = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      // Getting started → Authentication: every call carries the Mybring user id, its API key and the client URL.
      const authenticated = req.headers['x-mybring-api-uid'] === UID && req.headers['x-mybring-api-key'] === KEY && Boolean(req.headers['x-bring-client-url']);
      if (url === '/booking/api/booking' && req.method === 'POST') {
        if (!authenticated) return json(401, '');
        if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return json(415, '');
        if (fake.bookingAnswer) return json(fake.bookingAnswer.status, fake.bookingAnswer.body);
        return json(200, fixture('booking-response.json').replaceAll(EXAMPLE_LABEL_ORIGIN, fake.base));
      }
      if (url === '/booking/api/customers' && req.method === 'GET') return authenticated ? json(200, fixture('booking-customers.json')) : json(401, '');
      // "A GET request to the label URL will result in a HTTP 302 redirect to the concrete storage facility."
      if (url.startsWith('/booking/labels/2968466?auth-token=') && req.method === 'GET') {
        res.writeHead(302, { location: '/storage/6d8c4323-87cd-47e8-aa0d-75f8f0b5b4cb.pdf' });
        return res.end();
      }
      if (url === '/storage/6d8c4323-87cd-47e8-aa0d-75f8f0b5b4cb.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end(STORED_PDF);
      }
    },
  );
  fake.base = fake.http.url;
  return fake;
}

let fake: Fake;
beforeAll(async () => {
  fake = await fakeBring();
  await setShopReturnAddress(db);
});
afterAll(async () => {
  await fake.http.close();
});

const actor = { type: 'system' } as const;
const configure = (patch: Partial<CarrierConfig> = {}) =>
  setCarrierEnv('bring', { bookingBaseUrl: `${fake.base}/booking/api`, apiUid: UID, apiKey: KEY, customerNumber: 'PARCELS_NORWAY-10001123123', requestTimeoutMs: 2000, ...patch });
const unconfigure = () => setCarrierEnv('bring', { bookingBaseUrl: undefined, apiUid: undefined, apiKey: undefined, customerNumber: undefined });

const request = {
  reference: 'R-10042',
  sender: { name: 'Kari Kundesen', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO', email: 'kari@example.no', phone: '+4791234567' },
  recipient: { name: 'Kuusi & Koivu', line1: 'Åkerikatu 7', postalCode: '01510', city: 'Vantaa', country: 'FI', email: 'tuki@example.fi' },
  printerless: false,
  contents: 'Return R-10042 / order 100042, two shirts and a very long description',
};

describe('Bring return booking (Bring Booking API)', () => {
  it('our request uses only the fields of Bring’s example, has its required ones, and is a return (customer → shop, return service, RMA)', () => {
    const ours = returnBookingBody(request, { customerNumber: 'PARCELS_NORWAY-10001123123' });
    const example = jsonFieldPaths(JSON.parse(fixture('booking-request.json')));
    for (const p of jsonFieldPaths(ours)) expect(example, p).toContain(p);
    // Everything of the example but its delivery date, the instructions to the driver, a second address line, the
    // additional services (dangerous goods, eVarsling) and the measurements (parcels are booked without them).
    const optional = ['customerSpecifiedDeliveryDateTime', 'additionalAddressInfo', 'addressLine2', 'additionalServices', 'dimensions', 'sender.reference', 'recipient.contact.phoneNumber'];
    for (const p of example) if (!optional.some((o) => p.includes(o))) expect(jsonFieldPaths(ours), p).toContain(p);
    const consignment = ours.consignments[0]!;
    expect(ours).toMatchObject({ testIndicator: false, schemaVersion: 1 });
    expect(consignment.product).toEqual({ id: '9300', customerNumber: 'PARCELS_NORWAY-10001123123' });
    expect(consignment.parties.sender).toMatchObject({ name: 'Kari Kundesen', postalCode: '0155', countryCode: 'NO', contact: { email: 'kari@example.no', phoneNumber: '+4791234567' } });
    expect(consignment.parties.recipient).toMatchObject({ name: 'Kuusi & Koivu', countryCode: 'FI', reference: 'R-10042' });
    // The API takes at most 35 characters in a text field.
    expect(consignment.packages[0]!.goodsDescription).toHaveLength(35);
    // From abroad: Bring's PickUp Parcel Return; a shop's own product wins.
    expect(returnBookingBody({ ...request, sender: { ...request.sender, country: 'FI' } }, {}).consignments[0]!.product.id).toBe('0341');
    expect(returnBookingBody(request, { bookingProduct: '9000' }).consignments[0]!.product.id).toBe('9000');
  });

  it('without credentials nothing is booked (SPECIMEN); with them the return gets Bring’s package number and PDF label, and the first scan moves it to in_transit', async () => {
    await unconfigure();
    const demo = await createApprovedReturn(db, { carrier: 'bring' });
    expect((await db.transaction((tx) => issueReturnLabel(db, tx, { returnId: demo.returnId, actor }))).specimen).toBe(true);
    expect(fake.seen).toHaveLength(0);

    await configure();
    const { order, returnId, rma } = await createApprovedReturn(db, { carrier: 'bring' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    // Values read off the answer example: the package number is the label's barcode and what tracking reports.
    expect(issued).toMatchObject({ trackingNumber: '370438101268058536', printerlessCode: null, specimen: false });
    expect(fake.seen.map((s) => `${s.method} ${s.path.replace(/\?.*/, '')}`)).toEqual(['POST /booking/api/booking', 'GET /booking/labels/2968466', 'GET /storage/6d8c4323-87cd-47e8-aa0d-75f8f0b5b4cb.pdf']);
    const [booking, label, storage] = fake.seen;
    expect(booking!.headers).toMatchObject({ 'content-type': expect.stringMatching(/^application\/json/), accept: 'application/json', 'x-bring-client-url': expect.stringMatching(/^https?:\/\//) });
    // The key goes to Bring's label link, not to the storage it redirects to.
    expect(label!.headers['x-mybring-api-key']).toBe(KEY);
    expect(storage!.headers['x-mybring-api-key']).toBeUndefined();

    const sent = JSON.parse(booking!.body);
    const [orderRow] = await db.select().from(orders).where(eq(orders.id, order.id));
    // The customer sends the parcel from the order's address (Finland here) to the shop's return address.
    expect(sent.consignments[0].parties.sender).toMatchObject({ name: orderRow!.shippingName, postalCode: orderRow!.shippingPostalCode, countryCode: orderRow!.shippingCountry });
    expect(sent.consignments[0].parties.recipient).toMatchObject({ addressLine: 'Åkerikatu 7', reference: rma });
    expect(sent.consignments[0].product).toEqual({ id: '0341', customerNumber: 'PARCELS_NORWAY-10001123123' });

    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, issued.shipmentId));
    expect(shipment).toMatchObject({ direction: 'return', carrier: 'bring', trackingNumber: '370438101268058536', service: '0341 PickUp Parcel Return' });
    const [stored] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    expect(stored).toMatchObject({ bookedVia: 'bring', carrierReference: '70438101268018539', zpl: null });
    expect(Buffer.from(stored!.pdf!).equals(STORED_PDF)).toBe(true);
    const events = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(events.find((e) => e.type === 'return.label_issued')?.data).toMatchObject({ rma, trackingNumber: '370438101268058536', specimen: false, bookedVia: 'bring' });

    // Downloads serve Bring's own label; Bring offers no ZPL for return services.
    const page = (await getReturnLabel(db, rma))!;
    expect(page).toMatchObject({ specimen: false, carrierLabel: { bookedVia: 'bring', pdf: true, zpl: false } });
    expect(Buffer.from((await labelFile(db, page, 'pdf'))!.body).equals(STORED_PDF)).toBe(true);
    expect(await labelFile(db, page, 'zpl')).toBeNull();

    await ingestEvents(db, [{ carrier: 'bring', trackingNumber: '370438101268058536', carrierCode: 'IN_TRANSIT', status: 'in_transit', description: 'The shipment is in transit', occurredAt: new Date() }], 'webhook');
    expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('in_transit');
  });

  it('a refused booking (the documented error answer) stores nothing, keeps the return approved and carries Bring’s code and message', async () => {
    await configure();
    // The HTTP status of a refused booking is not documented; 400 is assumed (the client reads the body either way).
    fake.bookingAnswer = { status: 400, body: fixture('booking-error-response.json') };
    try {
      const { order, returnId } = await createApprovedReturn(db, { carrier: 'bring' });
      const before = (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length;
      const failure = db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
      await expect(failure).rejects.toBeInstanceOf(CarrierBookingError);
      await expect(failure).rejects.toThrow('BOOK-INPUT-023 The shipment is too big to send with the given product');
      expect(await db.select().from(shipments).where(eq(shipments.orderId, order.id))).toHaveLength(before);
      expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('approved');

      // The same answer with 200 is a refusal too.
      fake.bookingAnswer = { status: 200, body: fixture('booking-error-response.json') };
      await expect(registry.bring.booking!.bookReturn(request, await getCarrierConfig(db, 'bring'))).rejects.toThrow('BOOK-INPUT-023');
      // Refused credentials.
      await configure({ apiKey: 'not-the-key' });
      await expect(registry.bring.booking!.bookReturn(request, await getCarrierConfig(db, 'bring'))).rejects.toMatchObject({ name: 'CarrierBookingError', status: 401 });
    } finally {
      fake.bookingAnswer = null;
    }
  });

  it('test connection lists the customer numbers: accepted credentials, a wrong key, an unreachable host, nothing configured', async () => {
    const booking = registry.bring.booking!;
    await configure();
    const before = fake.seen.length;
    expect(await booking.testConnection(await getCarrierConfig(db, 'bring'))).toEqual({ ok: true });
    expect(fake.seen.slice(before).map((s) => `${s.method} ${s.path}`)).toEqual(['GET /booking/api/customers']);
    await configure({ apiKey: 'not-the-key' });
    expect(await booking.testConnection(await getCarrierConfig(db, 'bring'))).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
    await configure({ bookingBaseUrl: 'http://127.0.0.1:9/booking/api' });
    expect(await booking.testConnection(await getCarrierConfig(db, 'bring'))).toEqual({ ok: false, reason: 'unreachable' });
    await unconfigure();
    const none = await getCarrierConfig(db, 'bring', {} as NodeJS.ProcessEnv);
    expect(booking.configured(none)).toBe(false);
    expect(await booking.testConnection(none)).toEqual({ ok: false, reason: 'not_configured' });
  });
});

describe('Bring outbound booking: a parcel the shop sends (exchange, reship)', () => {
  const outbound = { reference: '100042', sender: request.recipient, recipient: request.sender, contents: 'Reship / order 100042: 1 × SHIRT-M' };

  it('the request uses only the fields of Bring’s example (itself a parcel to a customer) and is the shop’s PickUp Parcel: shop → customer, the reference with the shop', () => {
    const ours = outboundBookingBody(outbound, { customerNumber: 'PARCELS_NORWAY-10001123123' });
    const example = jsonFieldPaths(JSON.parse(fixture('booking-request.json')));
    for (const p of jsonFieldPaths(ours)) expect(example, p).toContain(p);
    const consignment = ours.consignments[0]!;
    // Finland → Norway: the cross-border PickUp Parcel; Norway → Norway: Pakke til hentested.
    expect(consignment.product).toEqual({ id: '0340', customerNumber: 'PARCELS_NORWAY-10001123123' });
    expect(consignment.parties.sender).toMatchObject({ name: 'Kuusi & Koivu', countryCode: 'FI', reference: '100042' });
    expect(consignment.parties.recipient).toMatchObject({ name: 'Kari Kundesen', countryCode: 'NO', contact: { phoneNumber: '+4791234567' } });
    expect(consignment.parties.recipient.reference).toBeUndefined();
    expect(outboundBookingBody({ ...outbound, sender: { ...outbound.sender, country: 'NO' } }, {}).consignments[0]!.product.id).toBe('5800');
  });

  it('a booking whose label download fails is kept: the parcel is filled and the customer emailed, the label waits for the worker and staff see it is on its way', async () => {
    configure();
    const p = await pendingReship(db, 'bring');
    const number = numberLike('370438101268058536');
    // Bring booked the parcel, but its label link answers 404.
    fake.bookingAnswer = { status: 200, body: fixture('booking-response.json').replaceAll(EXAMPLE_LABEL_ORIGIN, fake.base).replace('370438101268058536', number).replace('/booking/labels/2968466', '/booking/labels/gone') };
    try {
      expect(await bookPendingParcel(p.staff, { shipmentId: p.shipmentId })).toMatchObject({ trackingNumber: number, labelPending: true, alreadyBooked: false });
      const [label] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, p.shipmentId));
      expect(label).toMatchObject({ bookedVia: 'bring', pdf: null, fetchAttempts: 1, fetchError: 'Bring label: HTTP 404' });
      expect(label!.labelSource).toContain('/booking/labels/gone');
      expect(label!.fetchNextAt).not.toBeNull();
      expect((await db.select().from(shipments).where(eq(shipments.id, p.shipmentId)))[0]!.trackingNumber).toBe(number);
      expect(await getParcelBooking(db, p.shipmentId)).toMatchObject({ awaitingShop: false, label: { pdf: false, pending: true } });
    } finally {
      fake.bookingAnswer = null;
    }
  });

  outboundBookingTests({
    db,
    carrier: 'bring',
    configure,
    unconfigure,
    standIn: () => ({
      bookings: () => fake.seen.filter((s) => s.method === 'POST' && s.path === '/booking/api/booking').length,
      lastBooking: () => {
        const sent = JSON.parse(fake.seen.filter((s) => s.method === 'POST' && s.path === '/booking/api/booking').at(-1)!.body);
        const c = sent.consignments[0];
        return {
          product: c.product.id,
          sender: { name: c.parties.sender.name, postalCode: c.parties.sender.postalCode },
          recipient: { name: c.parties.recipient.name, postalCode: c.parties.recipient.postalCode },
          reference: c.parties.sender.reference,
        };
      },
      answer: (outcome) => {
        if (outcome === null) fake.bookingAnswer = null;
        else if (outcome === 'refused') fake.bookingAnswer = { status: 400, body: fixture('booking-error-response.json') };
        else fake.bookingAnswer = { status: 200, body: fixture('booking-response.json').replaceAll(EXAMPLE_LABEL_ORIGIN, fake.base).replace('370438101268058536', outcome.trackingNumber) };
      },
    }),
    expected: { product: '0340', service: '0340 PickUp Parcel', bookedVia: 'bring', exampleNumber: '370438101268058536', pdf: STORED_PDF, refusal: 'BOOK-INPUT-023 The shipment is too big to send with the given product' },
  });
});
