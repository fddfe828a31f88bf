/**
 * PostNord return booking against a local server that follows PostNord's Booking API swagger (v3): the apikey
 * in the query, `POST /rest/shipment/v3/returns/edi/labels/pdf` with an `ediInstruction` whose required fields
 * the swagger lists, the health check for "test connection". Our request's field paths are compared with the
 * copied request example and the server answers with the copied answers (fixtures/carriers/postnord/booking-*,
 * fixtures/SOURCES.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierLabels, orders, returns, shipments } from '@/db/schema';
import { getReturnLabel } from '@/lib/labels/queries';
import { labelFile } from '@/lib/labels/label-file';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { ingestEvents } from '@/lib/tracking/ingest-events';
import { testDb } from '@/test/db';
import { type LocalHttp, startLocalHttp } from '@/test/local-http';
import { setShopReturnAddress, SHOP_RETURN_ADDRESS } from '@/test/shop-return-address';
import { createApprovedReturn } from '@/test/return-fixture';
import type { ReturnBookingRequest } from '../booking';
import { type CarrierConfig, getCarrierConfig } from '../config';
import { registry } from '../registry';
import { outboundEdiInstruction, returnEdiInstruction } from './booking';
import { outboundBookingTests } from '@/test/outbound-booking';
import { clearCarrierEnv, setCarrierEnv } from '@/test/carrier-env';

// A fork may run another test file next: leave its environment as found.
afterAll(() => {
  clearCarrierEnv('postnord');
});

const db = testDb();
const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../fixtures/carriers/postnord', name), 'utf8');
// developer.postnord.com keys are 32 characters (the swagger's `apikey` parameter).
const API_KEY = '0123456789abcdef0123456789abcdef';
const CUSTOMER_NUMBER = '1234567890';

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
/** Leaf paths of a JSON document with array indices dropped (`shipment/parties/consignor/issuerCode`). */
function paths(doc: JsonValue, prefix = ''): Set<string> {
  const out = new Set<string>();
  const walk = (v: JsonValue, p: string) => {
    if (Array.isArray(v)) for (const e of v) walk(e, p);
    else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, p ? `${p}/${k}` : k);
    else out.add(p);
  };
  walk(doc, prefix);
  return out;
}
const at = (doc: unknown, p: string): unknown => p.split('/').reduce<unknown>((v, k) => (Array.isArray(v) ? v[0] : v)?.[k as never], doc);

// The swagger's `required` lists: ediInstruction, shipmentCustomsv2, parties, consignor, partyIdentification,
// party, address, service, goodsItem, item.
const REQUIRED = [
  'messageDate',
  'updateIndicator',
  'shipment/service/basicServiceCode',
  'shipment/parties/consignor/issuerCode',
  'shipment/parties/consignor/partyIdentification/partyId',
  'shipment/parties/consignor/partyIdentification/partyIdType',
  'shipment/parties/consignor/party/nameIdentification/name',
  'shipment/parties/consignor/party/address/postalCode',
  'shipment/parties/consignor/party/address/city',
  'shipment/parties/consignor/party/address/countryCode',
  'shipment/parties/consignee/party/nameIdentification/name',
  'shipment/parties/consignee/party/address/postalCode',
  'shipment/parties/consignee/party/address/city',
  'shipment/parties/consignee/party/address/countryCode',
  'shipment/goodsItem/items/itemIdentification/itemId',
];

const BOOKING_PATHS = ['/rest/shipment/v3/returns/edi/labels/pdf', '/rest/shipment/v3/edi/labels/pdf'];
type Fake = { http: LocalHttp; base: string; requests: Array<{ method: string; path: string; query: URLSearchParams; contentType: string; body: string }>; answer: { status: number; body: string } | null };
async function fakePostnord(): Promise<Fake> {
  const fake: Fake = { http: null as unknown as LocalHttp, base: '', requests: [], answer: null };
  fake.http = await startLocalHttp(
    async (req, res, body) => {
      const u = new URL(req.url ?? '/', 'http://localhost');
      fake.requests.push({ method: req.method ?? '', path: u.pathname, query: u.searchParams, contentType: req.headers['content-type'] ?? '', body });
      const json = (status: number, doc: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(doc);
      };
      // The API gateway refuses an unknown apikey before the API sees the request.
      if (u.searchParams.get('apikey') !== API_KEY) return json(403, fixture('booking-error-invalid-apikey.json'));
      if (req.method === 'GET' && u.pathname === '/rest/shipment/v3/edi/labels/manage/health') {
        res.writeHead(200);
        return res.end();
      }
      // "Book return using EDI …" and "Book shipment using EDI …": the same ediInstruction and ediLabelResponse.
      if (req.method === 'POST' && BOOKING_PATHS.includes(u.pathname)) {
        let doc: unknown;
        try {
          doc = JSON.parse(body);
        } catch {
          return json(400, fixture('booking-error-invalid-edi.json'));
        }
        if (!/^application\/json/.test(req.headers['content-type'] ?? '') || REQUIRED.some((p) => at(doc, p) === undefined || at(doc, p) === '')) return json(400, fixture('booking-error-invalid-edi.json'));
        if (fake.answer) return json(fake.answer.status, fake.answer.body);
        return json(200, fixture('booking-edi-labels-response.json'));
      }
    },
  );
  fake.base = fake.http.url;
  return fake;
}

let fake: Fake;
beforeAll(async () => {
  fake = await fakePostnord();
  await setShopReturnAddress(db);
});
afterAll(async () => {
  await fake.http.close();
});

const actor = { type: 'system' } as const;
async function configure(patch: Partial<CarrierConfig> = {}) {
  setCarrierEnv('postnord', { bookingBaseUrl: fake.base, bookingApiKey: API_KEY, customerNumber: CUSTOMER_NUMBER, requestTimeoutMs: 2000, ...patch });
  fake.requests = [];
}

const request: ReturnBookingRequest = {
  reference: 'R-10042',
  sender: { name: 'Astrid Kund', line1: 'Hemgatan 1', line2: 'lgh 1102', postalCode: '11528', city: 'Stockholm', country: 'SE', email: 'astrid@example.se', phone: '+46701234567' },
  recipient: { name: 'Gran & Björk Returer', line1: 'Lagervägen 3', postalCode: '12345', city: 'Farsta', country: 'SE', email: 'retur@example.se' },
  printerless: false,
  contents: 'Return R-10042 / order 1042',
};

describe('PostNord return booking (Booking API v3, returns/edi/labels/pdf)', () => {
  it('our EDI instruction uses only the example’s field paths and has every field the swagger requires', () => {
    const ours = returnEdiInstruction(request, CUSTOMER_NUMBER, new Date('2026-12-06T10:15:30.123Z')) as JsonValue;
    const example = paths(JSON.parse(fixture('booking-edi-request.json')) as JsonValue);
    for (const p of paths(ours)) expect(example, p).toContain(p);
    for (const p of REQUIRED) expect(paths(ours), p).toContain(p);
    expect(at(ours, 'messageDate')).toBe('2026-12-06T10:15:30Z');
    expect(at(ours, 'shipment/dateAndTimes/loadingDate')).toBe('2026-12-06');
    expect(at(ours, 'shipment/service/basicServiceCode')).toBe('24');
    // The customer's address is where the parcel leaves from; the shop's customer number pays (type 160).
    expect(at(ours, 'shipment/parties/consignor/party/nameIdentification/name')).toBe('Astrid Kund');
    expect(at(ours, 'shipment/parties/consignor/party/address')).toEqual({ streets: ['Hemgatan 1', 'lgh 1102'], postalCode: '11528', city: 'Stockholm', countryCode: 'SE' });
    expect(at(ours, 'shipment/parties/consignor/partyIdentification')).toEqual({ partyId: CUSTOMER_NUMBER, partyIdType: '160' });
    expect(at(ours, 'shipment/parties/consignor/issuerCode')).toBe('Z12'); // PostNord Sweden: the shop's country
    expect(at(ours, 'shipment/parties/consignee/party/address/streets')).toEqual(['Lagervägen 3']);
    expect(at(ours, 'shipment/references')).toEqual([{ referenceNo: 'R-10042', referenceType: 'CU' }]);
    expect(at(ours, 'shipment/totalGrossWeight')).toEqual({ value: 1, unit: 'KGM' });
    expect(returnEdiInstruction({ ...request, recipient: { ...request.recipient, country: 'FI' } }, CUSTOMER_NUMBER)).toMatchObject({ shipment: [{ parties: { consignor: { issuerCode: 'Z14' } } }] });
    expect(() => returnEdiInstruction({ ...request, recipient: { ...request.recipient, country: 'DE' } }, CUSTOMER_NUMBER)).toThrow(/DE/);
  });

  it('without credentials nothing is booked (SPECIMEN); with them the return gets PostNord’s itemId and PDF label, and the first scan moves it to in_transit', async () => {
    setCarrierEnv('postnord', { bookingApiKey: undefined, customerNumber: undefined });
    fake.requests = [];
    const demo = await createApprovedReturn(db, { carrier: 'postnord', method: 'drop_off' });
    expect((await db.transaction((tx) => issueReturnLabel(db, tx, { returnId: demo.returnId, actor }))).specimen).toBe(true);
    expect(fake.requests).toHaveLength(0);

    await configure();
    const { order, returnId, rma } = await createApprovedReturn(db, { carrier: 'postnord', method: 'drop_off' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    // Values read off the copied answer.
    expect(issued).toMatchObject({ trackingNumber: '00373500454541020957', printerlessCode: null, specimen: false });
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent).toMatchObject({ method: 'POST', path: '/rest/shipment/v3/returns/edi/labels/pdf' });
    expect(sent.contentType).toMatch(/^application\/json/);
    expect(sent.query.get('apikey')).toBe(API_KEY);
    expect(sent.query.get('addQRCODE')).toBe('false');
    const body = JSON.parse(sent.body) as JsonValue;
    const [orderRow] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(at(body, 'shipment/parties/consignor/party/nameIdentification/name')).toBe(orderRow!.shippingName);
    expect(at(body, 'shipment/parties/consignor/party/address/postalCode')).toBe(orderRow!.shippingPostalCode);
    expect(at(body, 'shipment/parties/consignee/party/address/streets')).toEqual([SHOP_RETURN_ADDRESS.line1]);
    expect(at(body, 'shipment/parties/consignor/issuerCode')).toBe('Z14'); // the shop's return address is in Finland
    expect(at(body, 'shipment/references')).toEqual([{ referenceNo: rma, referenceType: 'CU' }]);

    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, issued.shipmentId));
    expect(shipment).toMatchObject({ direction: 'return', carrier: 'postnord', trackingNumber: '00373500454541020957', service: '24 Return Drop Off' });
    const [stored] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    expect(stored).toMatchObject({ bookedVia: 'postnord', carrierReference: 'BOOK-0001', zpl: null });
    expect(Buffer.from(stored!.pdf!).toString('latin1')).toBe('%PDF-1.4\n'); // the answer's base64 "JVBERi0xLjQK"

    // The label page serves PostNord's own label, not a SPECIMEN.
    const label = (await getReturnLabel(db, rma))!;
    expect(label).toMatchObject({ specimen: false, trackingNumber: '00373500454541020957', carrierLabel: { bookedVia: 'postnord', pdf: true, zpl: false } });
    const pdf = await labelFile(db, label, 'pdf');
    expect(Buffer.from(pdf!.body).equals(Buffer.from(stored!.pdf!))).toBe(true);

    await ingestEvents(db, [{ carrier: 'postnord', trackingNumber: '00373500454541020957', carrierCode: 'EN_ROUTE', status: 'in_transit', description: 'The shipment item is under transportation', occurredAt: new Date() }], 'webhook');
    expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('in_transit');
  });

  it('a refused booking (the copied 400 "Invalid indata object EdiInstruction") is a CarrierBookingError with PostNord’s words; the return stays approved', async () => {
    await configure();
    fake.answer = { status: 400, body: fixture('booking-error-invalid-edi.json') };
    try {
      const { order, returnId } = await createApprovedReturn(db, { carrier: 'postnord', method: 'printerless' });
      const before = (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length;
      await expect(db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }))).rejects.toMatchObject({
        name: 'CarrierBookingError',
        status: 400,
        message: 'PostNord booking: HTTP 400 Invalid indata object EdiInstruction; applicationId (2458) is not a type of integer; itemIdentification is a required field',
      });
      expect(fake.requests[0]!.query.get('addQRCODE')).toBe('true'); // the customer chose the label-free way
      expect(await db.select().from(shipments).where(eq(shipments.orderId, order.id))).toHaveLength(before);
      expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('approved');
    } finally {
      fake.answer = null;
    }
  });

  it('a wrong apikey gets the gateway’s 403 "Invalid API Key"; a 200 whose idInformation failed is refused too', async () => {
    const booking = registry.postnord.booking!;
    await configure({ bookingApiKey: 'not-the-key' });
    await expect(booking.bookReturn(request, await getCarrierConfig(db, 'postnord'))).rejects.toMatchObject({ name: 'CarrierBookingError', status: 403, message: 'PostNord booking: HTTP 403 Forbidden: Invalid API Key' });

    await configure();
    // The copied answer with its idInformation marked failed (its own errorResponse then explains why).
    const failed = JSON.parse(fixture('booking-edi-labels-response.json'));
    failed.bookingResponse.idInformation[0].status = 'FAIL';
    fake.answer = { status: 200, body: JSON.stringify(failed) };
    try {
      await expect(booking.bookReturn(request, await getCarrierConfig(db, 'postnord'))).rejects.toMatchObject({ name: 'CarrierBookingError', message: 'PostNord booking: High level error message.; Explanation of the fault' });
    } finally {
      fake.answer = null;
    }
  });

  it('test connection: accepted key, a wrong key (403), an unreachable host, nothing configured', async () => {
    const booking = registry.postnord.booking!;
    await configure();
    expect(await booking.testConnection(await getCarrierConfig(db, 'postnord'))).toEqual({ ok: true });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /rest/shipment/v3/edi/labels/manage/health']);
    await configure({ bookingApiKey: 'not-the-key' });
    expect(await booking.testConnection(await getCarrierConfig(db, 'postnord'))).toEqual({ ok: false, reason: 'unauthorized', status: 403 });
    await configure({ bookingBaseUrl: 'http://127.0.0.1:9' });
    expect(await booking.testConnection(await getCarrierConfig(db, 'postnord'))).toEqual({ ok: false, reason: 'unreachable' });
    setCarrierEnv('postnord', { bookingApiKey: undefined, customerNumber: undefined });
    expect(await booking.testConnection(await getCarrierConfig(db, 'postnord'))).toEqual({ ok: false, reason: 'not_configured' });
  });
});

describe('PostNord outbound booking (Booking API v3, edi/labels/pdf): a parcel the shop sends (exchange, reship)', () => {
  const outbound = { reference: '1042', sender: request.recipient, recipient: request.sender, contents: 'Reship / order 1042' };
  const outboundBookings = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/rest/shipment/v3/edi/labels/pdf');

  it('our EDI instruction uses only the example’s field paths (itself a shop’s parcel), has the required ones, and is MyPack Collect from the shop to the customer', () => {
    const ours = outboundEdiInstruction(outbound, CUSTOMER_NUMBER) as JsonValue;
    const example = paths(JSON.parse(fixture('booking-edi-request.json')) as JsonValue);
    for (const p of paths(ours)) expect(example, p).toContain(p);
    for (const p of REQUIRED) expect(paths(ours), p).toContain(p);
    expect(at(ours, 'shipment/service/basicServiceCode')).toBe('19');
    // The shop is the consignor, paying with its customer number; the customer gets the parcel (and PostNord's SMS).
    expect(at(ours, 'shipment/parties/consignor/party/nameIdentification/name')).toBe('Gran & Björk Returer');
    expect(at(ours, 'shipment/parties/consignor/partyIdentification')).toEqual({ partyId: CUSTOMER_NUMBER, partyIdType: '160' });
    expect(at(ours, 'shipment/parties/consignor/issuerCode')).toBe('Z12');
    expect(at(ours, 'shipment/parties/consignee/party/contact')).toEqual({ emailAddress: 'astrid@example.se', phoneNo: '+46701234567', smsNo: '+46701234567' });
    expect(at(ours, 'shipment/references')).toEqual([{ referenceNo: '1042', referenceType: 'CU' }]);
  });

  const answer = JSON.parse(fixture('booking-edi-labels-response.json')) as { labelPrintout: Array<{ printout: { data: string } }> };
  outboundBookingTests({
    db,
    carrier: 'postnord',
    configure,
    unconfigure: () => setCarrierEnv('postnord', { bookingBaseUrl: undefined, bookingApiKey: undefined, customerNumber: undefined }),
    standIn: () => ({
      bookings: () => outboundBookings().length,
      lastBooking: () => {
        const doc = JSON.parse(outboundBookings().at(-1)!.body) as JsonValue;
        const party = (role: string) => ({ name: at(doc, `shipment/parties/${role}/party/nameIdentification/name`) as string, postalCode: at(doc, `shipment/parties/${role}/party/address/postalCode`) as string });
        return { product: at(doc, 'shipment/service/basicServiceCode') as string, sender: party('consignor'), recipient: party('consignee'), reference: at(doc, 'shipment/references/referenceNo') as string };
      },
      answer: (outcome) => {
        if (outcome === null) fake.answer = null;
        else if (outcome === 'refused') fake.answer = { status: 400, body: fixture('booking-error-invalid-edi.json') };
        else fake.answer = { status: 200, body: fixture('booking-edi-labels-response.json').replaceAll('00373500454541020957', outcome.trackingNumber) };
      },
    }),
    expected: {
      product: '19',
      service: '19 MyPack Collect',
      bookedVia: 'postnord',
      exampleNumber: '00373500454541020957',
      pdf: Buffer.from(answer.labelPrintout[0]!.printout.data, 'base64'),
      refusal: 'Invalid indata object EdiInstruction',
    },
  });
});
