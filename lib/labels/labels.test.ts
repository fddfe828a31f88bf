import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, returns, shipmentLines, shipments } from '@/db/schema';
import { testDb } from '@/test/db';
import { readPdf } from '@/test/pdf-text';
import { createApprovedReturn } from '@/test/return-fixture';
import { code128Widths, qrMatrix } from './barcodes';
import { gs1CheckDigit, s10CheckDigit } from './carrier-formats';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { getReturnLabel } from './queries';
import { A6, labelTranslator, renderLabelPdf } from './render-label-pdf';
import { renderLabelZpl } from './render-label-zpl';

const db = testDb();
const actor = { type: 'system' } as const;

describe('issueReturnLabel (C7)', () => {
  const formats = [
    ['posti', /^JJFI\d{17}$/, /^[0-9A-F]{6}$/],
    ['matkahuolto', /^MH\d{9}FI$/, /^\d{7}$/],
    ['bring', /^\d{18}$/, /^BRING-\d{4}-\d{4}$/],
    ['budbee', /^BB[0-9A-Z]{14}$/, /^\d{6}$/],
    ['postnord', /^\d{18}$/, /^[0-9A-Z]{10}$/],
    ['dhl', /^JVGL\d{16}$/, /^[0-9A-Z]{10}$/],
  ] as const;
  it.each(formats)('%s: return shipment in the carrier format, printerless code, status, audit row', async (carrier, trackingFormat, codeFormat) => {
    const { order, returnId, rma } = await createApprovedReturn(db, { carrier, method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(tx, { returnId, actor }));
    expect(issued.trackingNumber).toMatch(trackingFormat);
    expect(issued.printerlessCode).toMatch(codeFormat);

    const [shipment] = await db.select().from(shipments).where(eq(shipments.id, issued.shipmentId));
    expect(shipment).toMatchObject({ orderId: order.id, direction: 'return', carrier, trackingNumber: issued.trackingNumber });
    expect(await db.select().from(shipmentLines).where(eq(shipmentLines.shipmentId, issued.shipmentId))).toHaveLength(1);
    const [ret] = await db.select().from(returns).where(eq(returns.id, returnId));
    expect(ret).toMatchObject({ status: 'label_issued', returnShipmentId: issued.shipmentId, printerlessCode: issued.printerlessCode });
    expect(ret!.labelIssuedAt).not.toBeNull();
    const events = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(events.find((e) => e.type === 'return.label_issued')?.data).toMatchObject({ rma, trackingNumber: issued.trackingNumber });

    // A second call (double submit) returns the same label; nothing new is created.
    const again = await db.transaction((tx) => issueReturnLabel(tx, { returnId, actor }));
    expect(again).toEqual(issued);
    expect(await db.select().from(shipments).where(eq(shipments.orderId, order.id))).toHaveLength(3);
  });

  it('check digits: SSCC (GS1 mod 10) and S10 (mod 11)', async () => {
    expect(gs1CheckDigit('37070112000407796')).toBe(2); // (00)370701120004077962, carriers.md §4.3
    expect(s10CheckDigit('47312482')).toBe(9); // RR473124829GB, the UPU S10 worked example
    expect(s10CheckDigit('30216479')).toBe(5); // MH302164795FI, Matkahuolto's example (carriers.md §3.3)
    const { returnId } = await createApprovedReturn(db, { carrier: 'postnord' });
    const { trackingNumber } = await db.transaction((tx) => issueReturnLabel(tx, { returnId, actor }));
    expect(gs1CheckDigit(trackingNumber.slice(0, 17))).toBe(Number(trackingNumber[17]));
  });

  it('drop-off: no printerless code; a return that is not approved gets no label', async () => {
    const { returnId } = await createApprovedReturn(db, { method: 'drop_off' });
    expect((await db.transaction((tx) => issueReturnLabel(tx, { returnId, actor }))).printerlessCode).toBeNull();

    const other = await createApprovedReturn(db);
    await db.update(returns).set({ status: 'requested' }).where(eq(returns.id, other.returnId));
    await expect(db.transaction((tx) => issueReturnLabel(tx, { returnId: other.returnId, actor }))).rejects.toMatchObject({ code: 'invalid_state' });
    expect(await db.select().from(shipments).where(eq(shipments.orderId, other.order.id))).toHaveLength(2);
  });
});

describe('label documents', () => {
  it('the PDF is A6 with the RMA, the tracking number, the addresses and a packing slip in the customer’s language', async () => {
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'fi', carrier: 'posti', method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(tx, { returnId, actor }));
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
    expect(pages[0]!.text).toContain(issued.printerlessCode!);
    expect(pages[0]!.text).toContain('Åkerikatu 7 Ä');
    expect(pages[0]!.text).toContain('Öljy Åsa Ærø');
    expect(pages[0]!.text).toContain('2108 Palautus');
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

  it('ZPL has ^BC with the tracking number and ^BQ with the QR payload', async () => {
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'sv', carrier: 'matkahuolto', method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(tx, { returnId, actor }));
    const label = await getReturnLabel(db, rma);
    label!.sender.name = 'Evil ^XZ~JA';
    const zpl = renderLabelZpl(label!, await labelTranslator('sv'));
    expect(zpl.startsWith('^XA')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl).toContain(`^BCN,180,Y,N,N^FD${issued.trackingNumber}^FS`);
    expect(zpl).toContain(`^BQN,2,6^FDQA,${issued.printerlessCode}^FS`);
    expect(zpl).toContain(`RMA: ${rma}`);
    expect(zpl).toContain('^CI28');
    expect(zpl).not.toContain('^XZ~JA');
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
  });
});

describe('label email block (for C8)', () => {
  it('states the printerless code as text, the carrier instructions, the QR and the label link', async () => {
    const { renderLabelEmailBlock } = await import('./label-email');
    const { returnId, rma } = await createApprovedReturn(db, { locale: 'fi', carrier: 'matkahuolto', method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(tx, { returnId, actor }));
    const block = await renderLabelEmailBlock((await getReturnLabel(db, rma))!, 'https://returns.example');
    expect(block.text).toContain(`Kirjoita aktivointikoodi ${issued.printerlessCode} selvästi pakettiin`);
    expect(block.text).toContain(`https://returns.example/fi/returns/${rma}/label`);
    expect(block.html).toContain('data:image/png;base64,');
    expect(block.html).toContain(`alt="QR-koodi palautuskoodille ${issued.printerlessCode}"`);
  });
});
