/**
 * DHL return booking through DHL Express's MyDHL API, against a local server that follows DHL's OpenAPI document
 * (`dpdhl-express-api` 3.1.1): it checks HTTP Basic and the required `x-version` header, compares our request's field
 * paths with DHL's create-shipment request example and the schema's required fields, and answers with DHL's own
 * answer examples (fixtures/carriers/dhl/booking-*, fixtures/SOURCES.md).
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
import { SHOP_SUPPORT_PHONE, setShopReturnAddress } from '@/test/shop-return-address';
import { createApprovedReturn } from '@/test/return-fixture';
import { CarrierBookingError } from '../booking';
import { type CarrierConfig, getCarrierConfig } from '../config';
import { registry } from '../registry';
import { outboundShipmentBody, returnShipmentBody } from './booking';
import { outboundBookingTests } from '@/test/outbound-booking';
import { clearCarrierEnv, setCarrierEnv } from '@/test/carrier-env';
import { jsonFieldPaths } from '@/test/json-paths';

// A fork may run another test file next: leave its environment as found.
afterAll(() => {
  clearCarrierEnv('dhl');
});

const db = testDb();
const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../fixtures/carriers/dhl', name), 'utf8');
const USER = 'kuusikoivuFI';
const PASSWORD = 'T$7kq!2Lm#9x';
const ACCOUNT = '950000001';
// The label of the answer example's first piece: a truncated PDF (DHL's example), base64 in `documents[].content`.
const EXAMPLE_LABEL = Buffer.from('JVBERi0xLjQKJeLjz9MKNCAwIG9iago8PC9GaWx0ZXIvRmxhdGVEZWNv', 'base64');


// In the document's schema but not in the domestic request example: the shipment-level customer reference (the
// Paperless Trade example shows it, `[{value, typeCode: CU}]`).
const DOCUMENTED_EXTRA = ['customerReferences[].value', 'customerReferences[].typeCode'];
// The schema's `required` lists: the request, `content`, each party, its address and contact, each package.
const REQUIRED = [
  'plannedShippingDateAndTime',
  'pickup.isRequested',
  'productCode',
  'accounts[].number',
  'accounts[].typeCode',
  ...['shipperDetails', 'receiverDetails'].flatMap((party) => [
    ...['postalCode', 'cityName', 'countryCode', 'addressLine1'].map((f) => `customerDetails.${party}.postalAddress.${f}`),
    ...['phone', 'companyName', 'fullName'].map((f) => `customerDetails.${party}.contactInformation.${f}`),
  ]),
  'content.packages[].weight',
  'content.isCustomsDeclarable',
  'content.description',
  'content.incoterm',
  'content.unitOfMeasurement',
];

type Seen = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
};
type Fake = {
  http: LocalHttp;
  base: string;
  seen: Seen[];
  shipmentAnswer: { status: number; body: string } | null;
};

async function fakeMyDhl(): Promise<Fake> {
  const fake: Fake = {
    http: null as unknown as LocalHttp,
    base: '',
    seen: [],
    shipmentAnswer: null,
  };
  fake.http = await startLocalHttp(
    async (req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://local');
      fake.seen.push({
        method: req.method ?? '',
        path: `${url.pathname}${url.search}`,
        headers: req.headers,
        body,
      });
      const json = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      // securitySchemes.basicAuth on every operation; `x-version` is a required header parameter.
      const authenticated = req.headers.authorization === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
      if (!authenticated) return json(401, '');
      if (!req.headers['x-version']) return json(400, '');
      if (url.pathname === '/mydhlapi/shipments' && req.method === 'POST') {
        if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return json(415, '');
        if (fake.shipmentAnswer) return json(fake.shipmentAnswer.status, fake.shipmentAnswer.body);
        return json(201, fixture('booking-create-shipment-response.json'));
      }
      // `type` (pickup|delivery) and `countryCode` are the required query parameters.
      if (url.pathname === '/mydhlapi/address-validate' && req.method === 'GET') {
        if (!['pickup', 'delivery'].includes(url.searchParams.get('type') ?? '') || !url.searchParams.get('countryCode')) return json(400, '');
        return json(200, fixture('booking-address-validate-response.json'));
      }
    },
  );
  fake.base = fake.http.url;
  return fake;
}

let fake: Fake;
beforeAll(async () => {
  fake = await fakeMyDhl();
  await setShopReturnAddress(db);
});
afterAll(async () => {
  await fake.http.close();
});

const actor = { type: 'system' } as const;
const configure = (patch: Partial<CarrierConfig> = {}) =>
  setCarrierEnv('dhl', {
    bookingBaseUrl: `${fake.base}/mydhlapi`,
    bookingApiUser: USER,
    bookingApiKey: PASSWORD,
    customerNumber: ACCOUNT,
    requestTimeoutMs: 2000,
    ...patch,
  });
const unconfigure = () =>
  setCarrierEnv('dhl', {
    bookingBaseUrl: undefined,
    bookingApiUser: undefined,
    bookingApiKey: undefined,
    customerNumber: undefined,
  });

const request = {
  reference: 'R-10042',
  sender: {
    name: 'Sanna Svensson',
    line1: 'Storgatan 1',
    line2: 'lgh 1102',
    postalCode: '111 22',
    city: 'Stockholm',
    country: 'SE',
    email: 'sanna@example.se',
    phone: '+46701234567',
  },
  recipient: {
    name: 'Kuusi & Koivu',
    line1: 'Åkerikatu 7',
    postalCode: '01510',
    city: 'Vantaa',
    country: 'FI',
    email: 'tuki@example.fi',
    phone: SHOP_SUPPORT_PHONE,
  },
  printerless: false,
  contents: 'Return R-10042 / order 100042, two shirts, one pair of trousers and a scarf in a box',
};

describe('DHL return booking (DHL Express MyDHL API)', () => {
  it('our request uses only the fields of DHL’s example, has every required one, and is a return (customer → shop, the shop’s account, RMA)', () => {
    const now = new Date('2026-12-07T08:15:00Z');
    const ours = returnShipmentBody(request, { customerNumber: ACCOUNT }, now);
    const example = new Set([...jsonFieldPaths(JSON.parse(fixture('booking-create-shipment-request.json'))), ...DOCUMENTED_EXTRA]);
    for (const p of jsonFieldPaths(ours)) expect(example, p).toContain(p);
    for (const p of REQUIRED) expect(jsonFieldPaths(ours), p).toContain(p);

    // The document's time format, in the shipper's (Stockholm's) local time.
    expect(ours.plannedShippingDateAndTime).toBe('2026-12-07T09:15:00 GMT+01:00');
    expect(ours).toMatchObject({
      productCode: 'P',
      accounts: [{ number: ACCOUNT, typeCode: 'shipper' }],
      customerReferences: [{ value: 'R-10042', typeCode: 'CU' }],
    });
    expect(ours.customerDetails.shipperDetails).toMatchObject({
      postalAddress: {
        postalCode: '111 22',
        cityName: 'Stockholm',
        countryCode: 'SE',
        addressLine1: 'Storgatan 1',
        addressLine2: 'lgh 1102',
      },
      contactInformation: {
        fullName: 'Sanna Svensson',
        companyName: 'Sanna Svensson',
        phone: '+46701234567',
        email: 'sanna@example.se',
      },
      typeCode: 'private',
    });
    expect(ours.customerDetails.receiverDetails).toMatchObject({
      postalAddress: { countryCode: 'FI', postalCode: '01510' },
      contactInformation: { phone: SHOP_SUPPORT_PHONE },
      typeCode: 'business',
    });
    // Within the EU customs union nothing is declared; the description is cut to the schema's 70 characters.
    expect(ours.content).toMatchObject({
      isCustomsDeclarable: false,
      packages: [{ weight: 1 }],
    });
    expect(ours.content.description).toHaveLength(70);
    // Domestic: Domestic Express; a shop's own product wins.
    expect(returnShipmentBody({ ...request, sender: { ...request.sender, country: 'FI' } }, {}).productCode).toBe('N');
    expect(returnShipmentBody(request, { bookingProduct: 'U' }).productCode).toBe('U');
  });

  it('a return that would need a customs declaration, or a party without a phone, is refused before anything is sent', async () => {
    await configure();
    const before = fake.seen.length;
    const fromNorway = {
      ...request,
      sender: {
        ...request.sender,
        country: 'NO',
        postalCode: '0155',
        city: 'Oslo',
      },
    };
    await expect(registry.dhl.booking!.bookReturn(fromNorway, await getCarrierConfig(db, 'dhl'))).rejects.toThrow('a return from NO to FI needs a customs declaration');
    const noShopPhone = {
      ...request,
      recipient: { ...request.recipient, phone: null },
    };
    await expect(registry.dhl.booking!.bookReturn(noShopPhone, await getCarrierConfig(db, 'dhl'))).rejects.toThrow(/the shop .* has no phone number/);
    expect(fake.seen.length).toBe(before);
  });

  it('without credentials nothing is booked (SPECIMEN); with them the return gets DHL’s waybill number and label, and the first scan moves it to in_transit', async () => {
    await unconfigure();
    const demo = await createApprovedReturn(db, { carrier: 'dhl' });
    expect((await db.transaction((tx) => issueReturnLabel(db, tx, { returnId: demo.returnId, actor }))).specimen).toBe(true);
    expect(fake.seen).toHaveLength(0);

    await configure();
    const { order, returnId, rma } = await createApprovedReturn(db, {
      carrier: 'dhl',
    });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    // Values read off DHL's answer example: the waybill number is what DHL's tracking reports.
    expect(issued).toMatchObject({
      trackingNumber: '5374534616',
      printerlessCode: null,
      specimen: false,
    });
    expect(registry.dhl.isTrackingNumber('5374534616')).toBe(true);
    expect(fake.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /mydhlapi/shipments']);
    expect(fake.seen[0]!.headers).toMatchObject({
      'content-type': expect.stringMatching(/^application\/json/),
      accept: 'application/json',
      'x-version': '3.1.0',
    });

    const sent = JSON.parse(fake.seen[0]!.body);
    const [orderRow] = await db.select().from(orders).where(eq(orders.id, order.id));
    // The customer ships from the order's address to the shop's return address, billed to the shop's account.
    expect(sent.customerDetails.shipperDetails.postalAddress).toMatchObject({
      postalCode: orderRow!.shippingPostalCode,
      countryCode: orderRow!.shippingCountry,
      addressLine1: orderRow!.shippingLine1,
    });
    expect(sent.customerDetails.shipperDetails.contactInformation).toMatchObject({
      fullName: orderRow!.shippingName,
      phone: orderRow!.phone,
    });
    expect(sent.customerDetails.receiverDetails).toMatchObject({
      postalAddress: { addressLine1: 'Åkerikatu 7', postalCode: '01510' },
      contactInformation: { phone: SHOP_SUPPORT_PHONE },
    });
    expect(sent).toMatchObject({
      productCode: 'N',
      accounts: [{ number: ACCOUNT, typeCode: 'shipper' }],
      customerReferences: [{ value: rma, typeCode: 'CU' }],
    });

    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, issued.shipmentId));
    expect(shipment).toMatchObject({
      direction: 'return',
      carrier: 'dhl',
      trackingNumber: '5374534616',
      service: 'N Domestic Express',
    });
    const [stored] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    // The first piece's label (DHL links one per piece), not the waybill document or the invoice.
    expect(stored).toMatchObject({
      bookedVia: 'dhl',
      carrierReference: 'JD014600004617230711',
      zpl: null,
    });
    expect(Buffer.from(stored!.pdf!).equals(EXAMPLE_LABEL)).toBe(true);
    const events = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(events.find((e) => e.type === 'return.label_issued')?.data).toMatchObject({
      rma,
      trackingNumber: '5374534616',
      specimen: false,
      bookedVia: 'dhl',
    });

    // Downloads serve DHL's own label; a PDF was asked for, so there is no ZPL.
    const page = (await getReturnLabel(db, rma))!;
    expect(page).toMatchObject({
      specimen: false,
      trackingNumber: '5374534616',
      carrierLabel: { bookedVia: 'dhl', pdf: true, zpl: false },
    });
    expect(Buffer.from((await labelFile(db, page, 'pdf'))!.body).equals(EXAMPLE_LABEL)).toBe(true);
    expect(await labelFile(db, page, 'zpl')).toBeNull();

    await ingestEvents(
      db,
      [
        {
          carrier: 'dhl',
          trackingNumber: '5374534616',
          carrierCode: 'transit',
          status: 'in_transit',
          description: 'Shipment picked up',
          occurredAt: new Date(),
        },
      ],
      'webhook',
    );
    expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('in_transit');
  });

  it('a refused booking (DHL’s documented 400 problem document) stores nothing, keeps the return approved and carries DHL’s message', async () => {
    await configure();
    fake.shipmentAnswer = {
      status: 400,
      body: fixture('booking-error-invalid-parameter.json'),
    };
    try {
      const { order, returnId } = await createApprovedReturn(db, {
        carrier: 'dhl',
      });
      const before = (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length;
      const failure = db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
      await expect(failure).rejects.toBeInstanceOf(CarrierBookingError);
      await expect(failure).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining("HTTP 400 7008: The requested Special Service Code  #/valueAddedServices/0/serviceCode 'xx' is not available"),
      });
      expect(await db.select().from(shipments).where(eq(shipments.orderId, order.id))).toHaveLength(before);
      expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('approved');

      // A 201 without a waybill number is not a booking either.
      fake.shipmentAnswer = { status: 201, body: '{"documents":[]}' };
      await expect(registry.dhl.booking!.bookReturn(request, await getCarrierConfig(db, 'dhl'))).rejects.toThrow('no shipmentTrackingNumber');
      // Refused credentials.
      fake.shipmentAnswer = null;
      await configure({ bookingApiKey: 'not-the-password' });
      await expect(registry.dhl.booking!.bookReturn(request, await getCarrierConfig(db, 'dhl'))).rejects.toMatchObject({ name: 'CarrierBookingError', status: 401 });
    } finally {
      fake.shipmentAnswer = null;
    }
  });

  it('test connection validates an address: accepted credentials, a wrong password, an unreachable host, nothing configured', async () => {
    const booking = registry.dhl.booking!;
    await configure();
    const before = fake.seen.length;
    expect(await booking.testConnection(await getCarrierConfig(db, 'dhl'))).toEqual({ ok: true });
    expect(fake.seen.slice(before).map((s) => `${s.method} ${s.path}`)).toEqual(['GET /mydhlapi/address-validate?type=delivery&countryCode=FI&postalCode=00100&cityName=Helsinki']);
    await configure({ bookingApiKey: 'not-the-password' });
    expect(await booking.testConnection(await getCarrierConfig(db, 'dhl'))).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
    await configure({ bookingBaseUrl: 'http://127.0.0.1:9/mydhlapi' });
    expect(await booking.testConnection(await getCarrierConfig(db, 'dhl'))).toEqual({ ok: false, reason: 'unreachable' });
    await unconfigure();
    const none = await getCarrierConfig(db, 'dhl', {} as NodeJS.ProcessEnv);
    expect(booking.configured(none)).toBe(false);
    expect(await booking.testConnection(none)).toEqual({
      ok: false,
      reason: 'not_configured',
    });
    // Credentials without the account number that pays: nothing is booked.
    expect(
      booking.configured({
        ...none,
        bookingApiUser: USER,
        bookingApiKey: PASSWORD,
      }),
    ).toBe(false);
  });
});

describe('DHL outbound booking (DHL Express MyDHL API): a parcel the shop sends (exchange, reship)', () => {
  const outbound = { reference: '100042', sender: request.recipient, recipient: request.sender, contents: 'Reship / order 100042' };
  const shipmentPosts = () => fake.seen.filter((s) => s.method === 'POST' && s.path === '/mydhlapi/shipments');

  it('our request uses only the fields of DHL’s example (itself a shipment from a business), has every required one, and ships from the shop (business) to the customer (private)', () => {
    const ours = outboundShipmentBody(outbound, { customerNumber: ACCOUNT }, new Date('2026-12-07T08:15:00Z'));
    const example = new Set([...jsonFieldPaths(JSON.parse(fixture('booking-create-shipment-request.json'))), ...DOCUMENTED_EXTRA]);
    for (const p of jsonFieldPaths(ours)) expect(example, p).toContain(p);
    for (const p of REQUIRED) expect(jsonFieldPaths(ours), p).toContain(p);
    // Finland → Sweden: Express Worldwide; the shop's local time.
    expect(ours).toMatchObject({ productCode: 'P', plannedShippingDateAndTime: '2026-12-07T10:15:00 GMT+02:00', customerReferences: [{ value: '100042', typeCode: 'CU' }] });
    expect(ours.customerDetails.shipperDetails).toMatchObject({ postalAddress: { countryCode: 'FI', postalCode: '01510' }, contactInformation: { phone: SHOP_SUPPORT_PHONE }, typeCode: 'business' });
    expect(ours.customerDetails.receiverDetails).toMatchObject({ postalAddress: { countryCode: 'SE', postalCode: '111 22' }, contactInformation: { fullName: 'Sanna Svensson', phone: '+46701234567' }, typeCode: 'private' });
    expect(outboundShipmentBody({ ...outbound, recipient: { ...outbound.recipient, country: 'FI' } }, {}).productCode).toBe('N');
    expect(() => outboundShipmentBody({ ...outbound, recipient: { ...outbound.recipient, country: 'NO' } }, {})).toThrow('a parcel from FI to NO needs a customs declaration');
  });

  outboundBookingTests({
    db,
    carrier: 'dhl',
    configure,
    unconfigure,
    standIn: () => ({
      bookings: () => shipmentPosts().length,
      lastBooking: () => {
        const sent = JSON.parse(shipmentPosts().at(-1)!.body);
        const party = (details: { contactInformation: { fullName: string }; postalAddress: { postalCode: string } }) => ({ name: details.contactInformation.fullName, postalCode: details.postalAddress.postalCode });
        return { product: sent.productCode, sender: party(sent.customerDetails.shipperDetails), recipient: party(sent.customerDetails.receiverDetails), reference: sent.customerReferences[0].value };
      },
      answer: (outcome) => {
        if (outcome === null) fake.shipmentAnswer = null;
        else if (outcome === 'refused') fake.shipmentAnswer = { status: 400, body: fixture('booking-error-invalid-parameter.json') };
        else fake.shipmentAnswer = { status: 201, body: fixture('booking-create-shipment-response.json').replace('5374534616', outcome.trackingNumber) };
      },
    }),
    // Shop and customer both in Finland: Domestic Express.
    expected: { product: 'N', service: 'N Domestic Express', bookedVia: 'dhl', exampleNumber: '5374534616', pdf: EXAMPLE_LABEL, refusal: '7008: The requested Special Service Code' },
  });
});
