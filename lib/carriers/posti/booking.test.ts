/**
 * Posti return booking through Pakettikauppa, against a local server that follows Pakettikauppa's public API
 * documentation (Pakettikauppa/api-documentation README, CC0): it checks the signatures the documentation
 * describes and our documents' element paths against the documentation's own examples, and answers with the
 * documentation's example answers (fixtures/carriers/posti/booking-pakettikauppa-*, fixtures/SOURCES.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierLabels, caseEvents, orders, returns, shipments } from '@/db/schema';
import { getReturnLabel } from '@/lib/labels/queries';
import { labelFile } from '@/lib/labels/label-file';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { ingestEvents } from '@/lib/tracking/ingest-events';
import { testDb } from '@/test/db';
import { setShopReturnAddress } from '@/test/shop-return-address';
import { createApprovedReturn } from '@/test/return-fixture';
import { type CarrierConfig, getCarrierConfig } from '../config';
import { registry } from '../registry';
import { createShipmentXml, POSTI_PARCEL, POSTI_RETURN_PRODUCT } from '../aggregators/pakettikauppa';
import { outboundBookingTests } from '@/test/outbound-booking';
import { xmlLeaves } from '@/test/xml-paths';
import { clearCarrierEnv, setCarrierEnv } from '@/test/carrier-env';
import { PAKETTIKAUPPA_ACCOUNT, PAKETTIKAUPPA_EXAMPLE_LABEL, PAKETTIKAUPPA_REFUSAL, PAKETTIKAUPPA_SECRET, type PakettikauppaStandIn, pakettikauppaOutbound, startPakettikauppa, xmlText } from '@/test/pakettikauppa-server';

// A fork may run another test file next: leave its environment as found.
afterAll(() => {
  clearCarrierEnv('posti');
});

const db = testDb();
const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../fixtures/carriers/posti', name), 'utf8');
const ACCOUNT = PAKETTIKAUPPA_ACCOUNT;
const SECRET = PAKETTIKAUPPA_SECRET;

const leaves = xmlLeaves;
const paths = (doc: string) => new Set(leaves(doc).keys());

// Documented in the Create Shipment element table and the "Regular parcel full example", beyond the minimal example.
const DOCUMENTED_EXTRA = [
  'eChannel/Shipment/Shipment.Sender/Sender.Addr2',
  'eChannel/Shipment/Shipment.Sender/Sender.Phone',
  'eChannel/Shipment/Shipment.Recipient/Recipient.Addr2',
  'eChannel/Shipment/Shipment.Consignment/Consignment.AdditionalService/AdditionalService.ServiceCode',
];


let fake: PakettikauppaStandIn;
beforeAll(async () => {
  fake = await startPakettikauppa();
  await setShopReturnAddress(db);
});
afterAll(async () => {
  await fake.http.close();
});

const actor = { type: 'system' } as const;
const configure = (patch: Partial<CarrierConfig> = {}) =>
  setCarrierEnv('posti', { bookingBaseUrl: fake.base, bookingApiUser: ACCOUNT, bookingApiKey: SECRET, requestTimeoutMs: 2000, ...patch });

describe('Posti return booking through Pakettikauppa (documented Prinetti API)', () => {
  it('our create-shipment document uses only the documented element paths, has the minimal example’s, and is a return (2108, customer → shop, label code)', () => {
    const ours = createShipmentXml(
      {
        reference: 'R-10042',
        sender: { name: 'Aino Asiakas', line1: 'Kotikatu 1 <B>', postalCode: '00100', city: 'Helsinki', country: 'FI', phone: '+358401234567' },
        recipient: { name: 'Kuusi & Koivu', line1: 'Åkerikatu 7', postalCode: '01510', city: 'Vantaa', country: 'FI', email: 'tuki@example.fi' },
        printerless: true,
        contents: 'Return R-10042',
      },
      { baseUrl: fake.base, account: ACCOUNT, secret: SECRET, timeoutMs: 1000 },
      POSTI_RETURN_PRODUCT,
    );
    const documented = new Set([...paths(fixture('booking-pakettikauppa-create-shipment-request.xml')), ...DOCUMENTED_EXTRA]);
    for (const p of paths(ours)) expect(documented, p).toContain(p);
    // Everything of the minimal example but the sender's VAT code (a consumer has none), the volume and the shop's phone.
    const optional = ['Sender.Vatcode', 'Parcel.Volume', 'Recipient.Phone'];
    for (const p of paths(fixture('booking-pakettikauppa-create-shipment-request.xml'))) if (!optional.some((o) => p.endsWith(o))) expect(paths(ours), p).toContain(p);
    const l = leaves(ours);
    expect(l.get('eChannel/Shipment/Shipment.Consignment/Consignment.Product')).toBe('2108');
    expect(l.get('eChannel/Shipment/Shipment.Consignment/Consignment.Reference')).toBe('10042'); // numeric, as documented
    expect(l.get('eChannel/Shipment/Shipment.Consignment/Consignment.AdditionalService/AdditionalService.ServiceCode')).toBe('9902');
    expect(l.get('eChannel/Shipment/Shipment.Sender/Sender.Name1')).toBe('Aino Asiakas');
    expect(l.get('eChannel/Shipment/Shipment.Sender/Sender.Addr1')).toBe('Kotikatu 1 &lt;B&gt;'); // escaped
    expect(l.get('eChannel/Shipment/Shipment.Recipient/Recipient.Name1')).toBe('Kuusi &amp; Koivu');
    expect(l.get('eChannel/ROUTING/Routing.Time')).toMatch(/^\d{14}$/);
  });

  it('without credentials nothing is booked (SPECIMEN); with them the return gets Pakettikauppa’s number, label code and PDF, and the first scan moves it to in_transit', async () => {
    setCarrierEnv('posti', { bookingApiUser: undefined, bookingApiKey: undefined });
    const demo = await createApprovedReturn(db, { carrier: 'posti', method: 'printerless' });
    expect((await db.transaction((tx) => issueReturnLabel(db, tx, { returnId: demo.returnId, actor }))).specimen).toBe(true);
    expect(fake.requests).toHaveLength(0);

    await configure();
    const { order, returnId, rma } = await createApprovedReturn(db, { carrier: 'posti', method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    // Values read off the documentation's example answer.
    expect(issued).toMatchObject({ trackingNumber: 'JJFI64574900000202361', printerlessCode: '12345', specimen: false });
    expect(fake.requests.map((r) => r.path)).toEqual(['/prinetti/create-shipment', '/prinetti/get-shipping-label']);
    expect(fake.requests[0]!.contentType).toMatch(/^text\/xml/);
    const sent = leaves(fake.requests[0]!.body);
    const [orderRow] = await db.select().from(orders).where(eq(orders.id, order.id));
    // The customer sends the parcel from the order's address to the shop's return address.
    expect(sent.get('eChannel/Shipment/Shipment.Sender/Sender.Name1')).toBe(orderRow!.shippingName);
    expect(sent.get('eChannel/Shipment/Shipment.Sender/Sender.Postcode')).toBe(orderRow!.shippingPostalCode);
    expect(sent.get('eChannel/Shipment/Shipment.Recipient/Recipient.Addr1')).toBe('Åkerikatu 7');
    // The label request names the shipment and parcel of the create answer, in the documented paths.
    const labelPaths = paths(fixture('booking-pakettikauppa-get-label-request.xml'));
    for (const p of paths(fake.requests[1]!.body)) expect(labelPaths, p).toContain(p);
    expect(leaves(fake.requests[1]!.body).get('eChannel/PrintLabel/Reference')).toBe('1479034267');
    expect(leaves(fake.requests[1]!.body).get('eChannel/PrintLabel/TrackingCode')).toBe('JJFI64574900000202361');

    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, issued.shipmentId));
    expect(shipment).toMatchObject({ direction: 'return', carrier: 'posti', trackingNumber: 'JJFI64574900000202361', service: '2108 Palautus' });
    const [stored] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId));
    expect(stored).toMatchObject({ bookedVia: 'pakettikauppa', carrierReference: '00000000-0000-0000-0000-000000000000', zpl: null });
    expect(Buffer.from(stored!.pdf!).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const events = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(events.find((e) => e.type === 'return.label_issued')?.data).toMatchObject({ rma, trackingNumber: 'JJFI64574900000202361', specimen: false, bookedVia: 'pakettikauppa' });

    // Downloads serve the carrier's own label, not one drawn here; Pakettikauppa offers no ZPL.
    const label = (await getReturnLabel(db, rma))!;
    expect(label).toMatchObject({ specimen: false, carrierLabel: { bookedVia: 'pakettikauppa', pdf: true, zpl: false }, printerlessCode: '12345' });
    const pdf = await labelFile(db, label, 'pdf');
    expect(Buffer.from(pdf!.body).equals(Buffer.from(stored!.pdf!))).toBe(true);
    expect(await labelFile(db, label, 'zpl')).toBeNull();

    // The carrier's first scan of the booked number hands the return over (the existing tracking pipeline).
    await ingestEvents(
      db,
      [{ carrier: 'posti', trackingNumber: 'JJFI64574900000202361', carrierCode: '13', status: 'in_transit', description: 'Lähetys on noudettu lähettäjältä', occurredAt: new Date() }],
      'webhook',
    );
    expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('in_transit');
  });

  it('a refused booking (documented status 240 "System failure") stores nothing and leaves the return approved', async () => {
    await configure();
    fake.createAnswer = PAKETTIKAUPPA_REFUSAL;
    try {
      const { order, returnId } = await createApprovedReturn(db, { carrier: 'posti', method: 'drop_off' });
      const before = (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length;
      await expect(db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }))).rejects.toMatchObject({ name: 'CarrierBookingError', message: expect.stringContaining('240 System failure') });
      expect(await db.select().from(shipments).where(eq(shipments.orderId, order.id))).toHaveLength(before);
      expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, returnId)))[0]!.status).toBe('approved');
    } finally {
      fake.createAnswer = null;
    }
  });

  it('test connection: accepted credentials, a wrong secret, an unreachable host, nothing configured', async () => {
    const booking = registry.posti.booking!;
    await configure();
    expect(await booking.testConnection(await getCarrierConfig(db, 'posti'))).toEqual({ ok: true });
    await configure({ bookingApiKey: 'not-the-secret' });
    expect(await booking.testConnection(await getCarrierConfig(db, 'posti'))).toEqual({ ok: false, reason: 'unauthorized', status: 401 });
    await configure({ bookingBaseUrl: 'http://127.0.0.1:9' });
    expect(await booking.testConnection(await getCarrierConfig(db, 'posti'))).toEqual({ ok: false, reason: 'unreachable' });
    setCarrierEnv('posti', { bookingApiUser: undefined, bookingApiKey: undefined });
    expect(await booking.testConnection(await getCarrierConfig(db, 'posti', {} as NodeJS.ProcessEnv))).toEqual({ ok: false, reason: 'not_configured' });
  });
});

describe('Posti outbound booking through Pakettikauppa: a parcel the shop sends (exchange, reship)', () => {
  it('the create-shipment document has the element paths of the documentation’s minimal example (itself a 2103 Postipaketti from a shop) and is shop → customer', () => {
    const ours = createShipmentXml(
      {
        reference: '100042',
        sender: { name: 'Kuusi & Koivu', line1: 'Åkerikatu 7', postalCode: '01510', city: 'Vantaa', country: 'FI', email: 'tuki@example.fi', phone: '+358942424242' },
        recipient: { name: 'Aino Asiakas', line1: 'Kotikatu 1', postalCode: '00100', city: 'Helsinki', country: 'FI', email: 'aino@example.fi', phone: '+358401234567' },
        contents: 'Reship / order 100042',
      },
      { baseUrl: fake.base, account: ACCOUNT, secret: SECRET, timeoutMs: 1000 },
      POSTI_PARCEL.code,
    );
    const documented = new Set([...paths(fixture('booking-pakettikauppa-create-shipment-request.xml')), ...DOCUMENTED_EXTRA]);
    for (const p of paths(ours)) expect(documented, p).toContain(p);
    const l = leaves(ours);
    expect(l.get('eChannel/Shipment/Shipment.Consignment/Consignment.Product')).toBe('2103');
    expect(xmlText(l.get('eChannel/Shipment/Shipment.Sender/Sender.Name1')!)).toBe('Kuusi & Koivu');
    expect(l.get('eChannel/Shipment/Shipment.Recipient/Recipient.Email')).toBe('aino@example.fi');
    // The shop prints the label: no label code asked for.
    expect(l.has('eChannel/Shipment/Shipment.Consignment/Consignment.AdditionalService/AdditionalService.ServiceCode')).toBe(false);
  });

  outboundBookingTests({
    db,
    carrier: 'posti',
    configure,
    unconfigure: () => setCarrierEnv('posti', { bookingBaseUrl: undefined, bookingApiUser: undefined, bookingApiKey: undefined }),
    standIn: () => pakettikauppaOutbound(fake),
    expected: {
      product: '2103',
      service: '2103 Postipaketti',
      bookedVia: 'pakettikauppa',
      exampleNumber: 'JJFI64574900000202361',
      pdf: PAKETTIKAUPPA_EXAMPLE_LABEL,
      refusal: 'status 240 System failure',
      reference: (orderNumber) => orderNumber.replace(/\D/g, '') || '0',
    },
  });
});
