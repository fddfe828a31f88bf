import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { carrierLabels, caseEvents, outbox, returns, shipmentLines, shipments } from '@/db/schema';
import { registry } from '@/lib/carriers/registry';
import { testDb } from '@/test/db';
import { readPdf } from '@/test/pdf-text';
import { createApprovedReturn } from '@/test/return-fixture';
import { code128Widths, qrMatrix } from './barcodes';
import { gs1CheckDigit, s10CheckDigit } from './carrier-formats';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { getReturnLabel, getReturnLabelSummary } from './queries';
import { A6, labelTranslator, renderLabelPdf } from './render-label-pdf';
import { renderLabelZpl } from './render-label-zpl';

const db = testDb();
const actor = { type: 'system' } as const;

describe('issueReturnLabel (C7) without carrier credentials: a SPECIMEN', () => {
  const carriers = ['posti', 'matkahuolto', 'bring', 'budbee', 'postnord', 'dhl'] as const;
  it.each(carriers)('%s: SPECIMEN-<RMA> in no carrier format, no label-free code, no stored carrier label; status and audit row', async (carrier) => {
    const { order, returnId, rma } = await createApprovedReturn(db, { carrier, method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    expect(issued.trackingNumber).toBe(`SPECIMEN-${rma}`);
    expect(issued.specimen).toBe(true);
    // No carrier (nor any detector downstream) takes it for one of its parcel numbers.
    for (const c of Object.values(registry)) expect(c.isTrackingNumber(issued.trackingNumber.toUpperCase().replace(/\s/g, ''))).toBe(false);
    // A label-free code only ever comes from the carrier.
    expect(issued.printerlessCode).toBeNull();

    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, issued.shipmentId));
    expect(shipment).toMatchObject({ orderId: order.id, direction: 'return', carrier, trackingNumber: issued.trackingNumber, service: null });
    expect(await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, issued.shipmentId))).toHaveLength(0);
    expect(await db.select().from(shipmentLines).where(eq(shipmentLines.shipmentId, issued.shipmentId))).toHaveLength(1);
    const [ret] = await db.select().from(returns).where(eq(returns.id, returnId));
    expect(ret).toMatchObject({ status: 'label_issued', returnShipmentId: issued.shipmentId, printerlessCode: null });
    expect(ret!.labelIssuedAt).not.toBeNull();
    const events = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(events.find((e) => e.type === 'return.label_issued')?.data).toMatchObject({ rma, trackingNumber: issued.trackingNumber, specimen: true, bookedVia: null });
    const label = await getReturnLabel(db, rma);
    expect(label).toMatchObject({ specimen: true, carrierLabel: null });

    // A second call (double submit) returns the same label; nothing new is created.
    const again = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    expect(again).toEqual(issued);
    expect(await db.select().from(shipments).where(eq(shipments.orderId, order.id))).toHaveLength(3);
  });

  it('check digits: SSCC (GS1 mod 10) and S10 (mod 11)', () => {
    expect(gs1CheckDigit('37070112000407796')).toBe(2); // (00)370701120004077962, carriers.md §4.3
    expect(s10CheckDigit('47312482')).toBe(9); // RR473124829GB, the UPU S10 worked example
    expect(s10CheckDigit('30216479')).toBe(5); // MH302164795FI, Matkahuolto's example (carriers.md §3.3)
  });

  it('drop-off: no printerless code; a return that is not approved gets no label', async () => {
    const { returnId } = await createApprovedReturn(db, { method: 'drop_off' });
    expect((await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }))).printerlessCode).toBeNull();

    const other = await createApprovedReturn(db);
    await db.update(returns).set({ status: 'requested' }).where(eq(returns.id, other.returnId));
    await expect(db.transaction((tx) => issueReturnLabel(db, tx, { returnId: other.returnId, actor }))).rejects.toMatchObject({ code: 'invalid_state' });
    expect(await db.select().from(shipments).where(eq(shipments.orderId, other.order.id))).toHaveLength(2);
  });
});

describe('label documents', () => {
  it('the SPECIMEN PDF is A6 with the SPECIMEN band, the RMA, its SPECIMEN id, the addresses and a packing slip in the customer’s language', async () => {
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'fi', carrier: 'posti', method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    expect(await getReturnLabel(db, 'R-0')).toBeNull();
    expect(await getReturnLabel(db, 'R-1\u0000')).toBeNull();
    const label = await getReturnLabel(db, rma);
    // Nordic letters must survive WinAnsi.
    label!.returnAddress = { name: 'Kuusi & Koivu / Palautukset', line1: 'Åkerikatu 7 Ä', postalCode: '01510', city: 'Vantaa', country: 'FI' };
    label!.sender.name = 'Öljy Åsa Ærø';
    const pages = await readPdf(await renderLabelPdf(label!));
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(page.width).toBeCloseTo((105 / 25.4) * 72, 1);
      expect(page.height).toBeCloseTo((148 / 25.4) * 72, 1);
    }
    expect(A6.width).toBeCloseTo(297.64, 1);
    expect(pages[0]!.text).toContain(rma);
    expect(pages[0]!.text).toContain(issued.trackingNumber);
    expect(pages[0]!.text).toContain('SPECIMEN — NOT VALID FOR SHIPPING');
    expect(pages[0]!.text).toContain('Esimerkkitarra – kauppa lähettää oikean palautustarran.');
    expect(pages[0]!.text).toContain('Åkerikatu 7 Ä');
    expect(pages[0]!.text).toContain('Öljy Åsa Ærø');
    // No carrier product is claimed and no number in a carrier's format appears.
    expect(pages[0]!.text).not.toContain('2108');
    expect(pages[0]!.text).not.toMatch(/JJFI\d|MH\d{9}FI|\b\d{18}\b/);
    expect(pages[1]!.text).toContain('Lähetyslista');
    expect(pages[1]!.text).toContain('Merino Sweater');
    expect(pages[1]!.text).toContain('Syy');
  });

  it('the Code 128 encodes the tracking number (start code B/C … stop) and the QR is a real symbol', () => {
    const widths = code128Widths('JJFI64123456789012345');
    expect(widths.length % 6).toBe(1); // 6 elements per symbol, 7 for the stop pattern
    expect(widths.slice(-7)).toEqual([2, 3, 3, 1, 1, 1, 2]);
    const qr = qrMatrix('BRING-1234-5678');
    expect(qr.size).toBeGreaterThanOrEqual(21);
    expect(qr.dark(0, 0)).toBe(true); // finder pattern corner
  });

  it('the SPECIMEN ZPL has the band reversed out of a black box, ^BC and ^BQ of the SPECIMEN id', async () => {
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'sv', carrier: 'matkahuolto', method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    const label = await getReturnLabel(db, rma);
    label!.sender.name = 'Evil ^XZ~JA';
    const zpl = renderLabelZpl(label!, await labelTranslator('sv'));
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl).toContain(`^BCN,180,Y,N,N^FD${issued.trackingNumber}^FS`);
    expect(zpl).toContain(`^BQN,2,6^FDQA,SPECIMEN-${rma}^FS`);
    expect(zpl).toContain('^FO0,520^GB832,230,230^FS');
    expect(zpl).toContain('^FR^FDSPECIMEN — NOT VALID FOR SHIPPING^FS');
    expect(zpl).toContain('^FR^FDExempeletikett – butiken skickar den riktiga returetiketten.^FS');
    expect(zpl).toContain(`RMA: ${rma}`);
    expect(zpl).toContain('^CI28');
    expect(zpl).not.toContain('^XZ~JA');
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
  });
});

describe('a label without a carrier booking is a SPECIMEN whatever its shipment row holds', () => {
  it('a return parcel with a carrier-format number and code but no carrier label (the demo seed) prints SPECIMEN-<RMA>, no code', async () => {
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'en', carrier: 'posti', method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    // As db/seed.ts writes its simulated return parcels: Posti's number format and a Helposti-like code.
    await db.update(shipments).set({ trackingNumber: 'JJFI64123456789012345' }).where(eq(shipments.id, issued.shipmentId));
    await db.update(returns).set({ printerlessCode: 'A1B2C3' }).where(eq(returns.id, returnId));
    const label = (await getReturnLabel(db, rma))!;
    expect(label).toMatchObject({ specimen: true, trackingNumber: `SPECIMEN-${rma}`, printerlessCode: null });
    const text = (await readPdf(await renderLabelPdf(label)))[0]!.text;
    expect(text).toContain('SPECIMEN — NOT VALID FOR SHIPPING');
    expect(text).not.toContain('JJFI64123456789012345');
    expect(text).not.toContain('A1B2C3');
    const zpl = renderLabelZpl(label, await labelTranslator('en'));
    expect(zpl).not.toContain('JJFI');
    expect(zpl).not.toContain('A1B2C3');
  });
});

describe('the "label issued" email of a SPECIMEN', () => {
  it('says it is a demo label and the shop will send the real one (customer’s language), not "use the label"', async () => {
    const { order, returnId } = await createApprovedReturn(db, { locale: 'sv', carrier: 'postnord', method: 'drop_off' });
    await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    const [mail] = await db.select().from(outbox).where(and(eq(outbox.orderId, order.id), eq(outbox.kind, 'email.return_label_issued')));
    expect(mail!.payload.text).toContain('Det här är en exempeletikett som inte kan användas för att skicka paketet. Butiken skickar den riktiga returetiketten till dig separat.');
    expect(mail!.payload.html).toContain('Det här är en exempeletikett');
  });
});

describe('label email block (for C8)', () => {
  it('a SPECIMEN says it is a demo label and that the shop sends the real one; no code, QR or carrier instructions', async () => {
    const { renderLabelEmailBlock } = await import('./label-email');
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'fi', carrier: 'matkahuolto', method: 'printerless' });
    await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    const block = await renderLabelEmailBlock((await getReturnLabel(db, rma))!, 'https://returns.example');
    expect(block.text).toContain('Tämä on esimerkkitarra, jolla ei voi lähettää pakettia. Kauppa lähettää sinulle oikean palautustarran erikseen.');
    expect(block.text).toContain(`https://returns.example/fi/returns/${rma}/label`);
    expect(block.text).not.toContain('aktivointikoodi');
    expect(block.html).not.toContain('data:image/png;base64,');
  });
});

describe("the return page's label summary (one prepared statement)", () => {
  const shown = ['returnId', 'shipmentId', 'orderId', 'rma', 'orderNumber', 'method', 'carrier', 'carrierName', 'service', 'trackingNumber', 'specimen', 'carrierLabel', 'printerlessCode', 'dropOffPoint'] as const;
  const pick = (label: object) => Object.fromEntries(shown.map((key) => [key, (label as Record<string, unknown>)[key]]));

  it('says what the whole label says: a SPECIMEN (whatever its parcel row holds), then the carrier label booked for it', async () => {
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'en', carrier: 'posti', method: 'printerless' });
    expect(await getReturnLabelSummary(db, rma)).toBeNull(); // approved, no label yet
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor }));
    await db.update(shipments).set({ trackingNumber: 'JJFI64123456789012346' }).where(eq(shipments.id, issued.shipmentId));
    await db.update(returns).set({ printerlessCode: 'A1B2C4' }).where(eq(returns.id, returnId));
    const specimen = await getReturnLabelSummary(db, rma.toLowerCase());
    expect(specimen).toMatchObject({ rma, specimen: true, trackingNumber: `SPECIMEN-${rma}`, printerlessCode: null, carrierLabel: null, carrierName: 'Posti' });
    expect(specimen).toEqual(pick((await getReturnLabel(db, rma))!));

    await db.insert(carrierLabels).values({ shipmentId: issued.shipmentId, bookedVia: 'posti' });
    const pending = await getReturnLabelSummary(db, rma);
    expect(pending).toMatchObject({ specimen: false, trackingNumber: 'JJFI64123456789012346', printerlessCode: 'A1B2C4', carrierLabel: { bookedVia: 'posti', pdf: false, zpl: false, pending: true } });
    expect(pending).toEqual(pick((await getReturnLabel(db, rma))!));
    expect(await getReturnLabelSummary(db, 'R-1\u0000')).toBeNull();
  });
});
