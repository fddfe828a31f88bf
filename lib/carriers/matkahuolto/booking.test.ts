/**
 * Matkahuolto return booking through Pakettikauppa, against a local server that follows Pakettikauppa's public API
 * documentation (Pakettikauppa/api-documentation README, CC0): it checks the signatures the documentation describes,
 * our create-shipment document against the documentation's Matkahuolto example
 * (fixtures/carriers/matkahuolto/booking-pakettikauppa-create-shipment-request.xml), and answers with the
 * documentation's example answers, the same documents Posti's booking test uses (fixtures/carriers/posti/booking-pakettikauppa-*).
 *
 * The credentials come from this test process's environment (PALUU_CARRIER_MATKAHUOLTO_BOOKING_*), not the shared
 * settings row: lib/labels/labels.test.ts issues Matkahuolto labels in the same database at the same time and
 * expects SPECIMENs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { carrierLabels, caseEvents, orders, returns, shipments } from '@/db/schema';
import { getReturnLabel } from '@/lib/labels/queries';
import { labelFile } from '@/lib/labels/label-file';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { testDb } from '@/test/db';
import { SHOP_RETURN_ADDRESS, setShopReturnAddress } from '@/test/shop-return-address';
import { createApprovedReturn } from '@/test/return-fixture';
import { xmlElementPaths, xmlLeaves } from '@/test/xml-paths';
import { createShipmentXml } from '../aggregators/pakettikauppa';
import { getCarrierConfig } from '../config';
import { registry } from '../registry';
import { MATKAHUOLTO_PARCEL, MATKAHUOLTO_RETURN_PRODUCT } from './booking';
import { PAKETTIKAUPPA_ACCOUNT, PAKETTIKAUPPA_EXAMPLE_LABEL, PAKETTIKAUPPA_REFUSAL, PAKETTIKAUPPA_SECRET, type PakettikauppaStandIn, pakettikauppaOutbound, startPakettikauppa, xmlText } from '@/test/pakettikauppa-server';
import { outboundBookingTests } from '@/test/outbound-booking';

const db = testDb();
const fixtures = path.resolve(__dirname, '../../../fixtures/carriers');
const fixture = (carrier: 'matkahuolto' | 'posti', name: string) => readFileSync(path.join(fixtures, carrier, name), 'utf8');
const ACCOUNT = PAKETTIKAUPPA_ACCOUNT;
const SECRET = PAKETTIKAUPPA_SECRET;
const CONSIGNMENT = 'eChannel/Shipment/Shipment.Consignment';


let fake: PakettikauppaStandIn;
beforeAll(async () => {
  fake = await startPakettikauppa();
  await setShopReturnAddress(db);
});
afterAll(async () => {
  await fake.http.close();
});

const ENV_PREFIX = 'PALUU_CARRIER_MATKAHUOLTO_';
const credentialsEnv = (patch: Record<string, string> = {}): Record<string, string> => ({
  [`${ENV_PREFIX}BOOKING_BASE_URL`]: fake.http.url,
  [`${ENV_PREFIX}BOOKING_API_USER`]: ACCOUNT,
  [`${ENV_PREFIX}BOOKING_API_KEY`]: SECRET,
  [`${ENV_PREFIX}REQUEST_TIMEOUT_MS`]: '2000',
  ...patch,
});
function connect(patch: Record<string, string> = {}): void {
  Object.assign(process.env, credentialsEnv(patch));
}
afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith(ENV_PREFIX)) delete process.env[key];
  fake.requests.length = 0;
});

const actor = { type: 'system' } as const;
const createRequests = () => fake.requests.filter((r) => r.path === '/prinetti/create-shipment');

describe('Matkahuolto return booking through Pakettikauppa (documented Prinetti API)', () => {
  const request = {
    reference: 'R-10042',
    sender: { name: 'Aino Asiakas', line1: 'Kotikatu 1', line2: 'B 12', postalCode: '00100', city: 'Helsinki', country: 'FI', phone: '+358401234567' },
    recipient: { name: 'Kuusi & Koivu', line1: 'Åkerikatu 7', postalCode: '01510', city: 'Vantaa', country: 'FI', email: 'tuki@example.fi' },
    printerless: true,
    contents: 'Return R-10042',
  };
  const creds = { baseUrl: 'http://127.0.0.1:9', account: ACCOUNT, secret: SECRET, timeoutMs: 1000 };

  it('our create-shipment document uses only element paths of the documentation’s Matkahuolto example, has the minimal example’s, and books the return product with the activation code', () => {
    const ours = createShipmentXml(request, creds, MATKAHUOLTO_RETURN_PRODUCT);
    const documented = xmlElementPaths(fixture('matkahuolto', 'booking-pakettikauppa-create-shipment-request.xml'));
    for (const p of xmlElementPaths(ours)) expect(documented, p).toContain(p);
    // Everything of the minimal example but the sender's VAT code (a consumer has none), the volume and the shop's phone.
    const optional = ['Sender.Vatcode', 'Parcel.Volume', 'Recipient.Phone'];
    for (const p of xmlElementPaths(fixture('posti', 'booking-pakettikauppa-create-shipment-request.xml'))) if (!optional.some((o) => p.endsWith(o))) expect(xmlElementPaths(ours), p).toContain(p);
    const l = xmlLeaves(ours);
    expect(l.get(`${CONSIGNMENT}/Consignment.Product`)).toBe('90280');
    // 9902 "Label code": "Posti Easy Sending Code / Matkahuolto activation code".
    expect(l.get(`${CONSIGNMENT}/Consignment.AdditionalService/AdditionalService.ServiceCode`)).toBe('9902');
    expect(l.get(`${CONSIGNMENT}/Consignment.Reference`)).toBe('10042');
    expect(l.get('eChannel/Shipment/Shipment.Sender/Sender.Addr2')).toBe('B 12');
    expect(l.get('eChannel/Shipment/Shipment.Recipient/Recipient.Name1')).toBe('Kuusi &amp; Koivu');
    // Drop-off returns ask for no code.
    expect(xmlLeaves(createShipmentXml({ ...request, printerless: false }, creds, MATKAHUOLTO_RETURN_PRODUCT)).has(`${CONSIGNMENT}/Consignment.AdditionalService/AdditionalService.ServiceCode`)).toBe(false);
  });

  it('without credentials nothing is booked (SPECIMEN); with them the return gets the number, activation code and PDF of Pakettikauppa’s answers', async () => {
    const demo = await createApprovedReturn(db, { carrier: 'matkahuolto', method: 'printerless' });
    expect((await db.transaction((tx) => issueReturnLabel(db, tx, { returnId: demo.returnId, actor }))).specimen).toBe(true);
    expect(fake.requests).toHaveLength(0);

    connect();
    const { order, returnId, rma } = await createApprovedReturn(db, { carrier: 'matkahuolto', method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    // Values read off the documentation's example answers.
    expect(issued).toMatchObject({ trackingNumber: 'JJFI64574900000202361', printerlessCode: '12345', specimen: false });
    expect(fake.requests.map((r) => r.path)).toEqual(['/prinetti/create-shipment', '/prinetti/get-shipping-label']);
    const sent = xmlLeaves(fake.requests[0]!.body);
    expect(sent.get(`${CONSIGNMENT}/Consignment.Product`)).toBe('90280');
    expect(sent.get(`${CONSIGNMENT}/Consignment.AdditionalService/AdditionalService.ServiceCode`)).toBe('9902');
    expect(sent.get(`${CONSIGNMENT}/Consignment.Reference`)).toBe(rma.replace(/\D/g, ''));
    // The customer hands the parcel in at the order's address; it goes to the shop's return address.
    const [orderRow] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(sent.get('eChannel/Shipment/Shipment.Sender/Sender.Name1')).toBe(orderRow!.shippingName);
    expect(sent.get('eChannel/Shipment/Shipment.Sender/Sender.Postcode')).toBe(orderRow!.shippingPostalCode);
    expect(sent.get('eChannel/Shipment/Shipment.Recipient/Recipient.Addr1')).toBe(SHOP_RETURN_ADDRESS.line1);
    expect(sent.get('eChannel/Shipment/Shipment.Recipient/Recipient.Postcode')).toBe(SHOP_RETURN_ADDRESS.postalCode);
    // The label request names the shipment and parcel of the create answer.
    expect(xmlLeaves(fake.requests[1]!.body).get('eChannel/PrintLabel/Reference')).toBe('1479034267');
    expect(xmlLeaves(fake.requests[1]!.body).get('eChannel/PrintLabel/TrackingCode')).toBe('JJFI64574900000202361');

    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, issued.shipmentId));
    expect(shipment).toMatchObject({ direction: 'return', carrier: 'matkahuolto', trackingNumber: 'JJFI64574900000202361', service: '90280' });
    const [stored] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    expect(stored).toMatchObject({ bookedVia: 'pakettikauppa', carrierReference: '00000000-0000-0000-0000-000000000000', zpl: null });
    expect(Buffer.from(stored!.pdf!).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const events = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(events.find((e) => e.type === 'return.label_issued')?.data).toMatchObject({ rma, carrier: 'matkahuolto', trackingNumber: 'JJFI64574900000202361', specimen: false, bookedVia: 'pakettikauppa' });

    // The label page and downloads serve the carrier's file, not a SPECIMEN drawn here; Pakettikauppa offers no ZPL.
    const label = (await getReturnLabel(db, rma))!;
    expect(label).toMatchObject({ specimen: false, trackingNumber: 'JJFI64574900000202361', carrierLabel: { bookedVia: 'pakettikauppa', pdf: true, zpl: false }, printerlessCode: '12345' });
    const pdf = await labelFile(db, label, 'pdf');
    expect(Buffer.from(pdf!.body).equals(Buffer.from(stored!.pdf!))).toBe(true);
    expect(await labelFile(db, label, 'zpl')).toBeNull();
  });

  it('a refused booking (documented status 240 "System failure") or a wrong secret stores nothing and leaves the return approved', async () => {
    connect();
    fake.createAnswer = PAKETTIKAUPPA_REFUSAL;
    try {
      const { order, returnId } = await createApprovedReturn(db, { carrier: 'matkahuolto', method: 'drop_off' });
      const before = (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length;
      await expect(db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }))).rejects.toMatchObject({ name: 'CarrierBookingError', message: expect.stringContaining('240 System failure') });
      expect(await db.select().from(shipments).where(eq(shipments.orderId, order.id))).toHaveLength(before);
      expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('approved');
    } finally {
      fake.createAnswer = null;
    }

    connect({ [`${ENV_PREFIX}BOOKING_API_KEY`]: 'not-the-secret' });
    const { returnId } = await createApprovedReturn(db, { carrier: 'matkahuolto', method: 'printerless' });
    await expect(db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }))).rejects.toMatchObject({ name: 'CarrierBookingError', status: 401 });
    expect(createRequests()).toHaveLength(2);
    expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('approved');
  });

  it('test connection asks about the return product: accepted credentials, a contract’s own product, a wrong secret, nothing configured', async () => {
    const booking = registry.matkahuolto.booking!;
    const config = (patch: Record<string, string> = {}) => getCarrierConfig(db, 'matkahuolto', credentialsEnv(patch) as NodeJS.ProcessEnv);
    const asked = () => new URLSearchParams(fake.requests.at(-1)!.body).get('shipping_method_code');

    expect(await booking.testConnection(await config())).toEqual({ ok: true });
    expect(asked()).toBe('90280');
    expect(await booking.testConnection(await config({ [`${ENV_PREFIX}BOOKING_PRODUCT`]: '90010' }))).toEqual({ ok: true });
    expect(asked()).toBe('90010');
    expect(await booking.testConnection(await config({ [`${ENV_PREFIX}BOOKING_API_KEY`]: 'not-the-secret' }))).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
    const none = await getCarrierConfig(db, 'matkahuolto', {} as NodeJS.ProcessEnv);
    expect(booking.configured(none)).toBe(false);
    expect(await booking.testConnection(none)).toEqual({ ok: false, reason: 'not_configured' });
  });
});

describe('Matkahuolto outbound booking through Pakettikauppa: a parcel the shop sends (exchange, reship)', () => {
  it('the create-shipment document has only the element paths of the documentation’s Matkahuolto example (90010 Bussipaketti from a shop) and is shop → customer', () => {
    const ours = createShipmentXml(
      {
        reference: '100042',
        sender: { ...SHOP_RETURN_ADDRESS, email: 'tuki@example.fi', phone: '+358942424242' },
        recipient: { name: 'Aino Asiakas', line1: 'Kotikatu 1', postalCode: '00100', city: 'Helsinki', country: 'FI', email: 'aino@example.fi', phone: '+358401234567' },
        contents: 'Reship / order 100042',
      },
      { baseUrl: fake.http.url, account: ACCOUNT, secret: SECRET, timeoutMs: 1000 },
      MATKAHUOLTO_PARCEL.code,
    );
    const documented = xmlElementPaths(fixture('matkahuolto', 'booking-pakettikauppa-create-shipment-request.xml'));
    for (const p of xmlElementPaths(ours)) expect(documented, p).toContain(p);
    const l = xmlLeaves(ours);
    expect(l.get(`${CONSIGNMENT}/Consignment.Product`)).toBe('90010');
    expect(xmlText(l.get('eChannel/Shipment/Shipment.Sender/Sender.Name1')!)).toBe(SHOP_RETURN_ADDRESS.name);
    expect(l.get('eChannel/Shipment/Shipment.Recipient/Recipient.Name1')).toBe('Aino Asiakas');
  });

  outboundBookingTests({
    db,
    carrier: 'matkahuolto',
    configure: connect,
    unconfigure: () => {
      for (const key of Object.keys(process.env)) if (key.startsWith(ENV_PREFIX)) delete process.env[key];
    },
    standIn: () => pakettikauppaOutbound(fake),
    expected: {
      product: '90010',
      service: '90010 Bussipaketti',
      bookedVia: 'pakettikauppa',
      exampleNumber: 'JJFI64574900000202361',
      pdf: PAKETTIKAUPPA_EXAMPLE_LABEL,
      refusal: 'status 240 System failure',
      reference: (orderNumber) => orderNumber.replace(/\D/g, '') || '0',
    },
  });
});
