import { eq } from 'drizzle-orm';
import { carrierLabels, caseEvents, returns, shipments } from '../../db/schema';
import { issueReturnLabel } from '../../lib/returns/issue-return-label';
import { createApprovedReturn } from '../../test/return-fixture';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

for (const [locale, carrier] of [
  ['fi', 'posti'],
  ['sv', 'matkahuolto'],
  ['en', 'budbee'],
] as const) {
  test(`[LABEL] ${locale}: without ${carrier} credentials the printerless return is a SPECIMEN: the page says so, no code or QR; downloads only read`, async ({
    page,
    db,
    expectNoAxeViolations,
    browser,
  }) => {
    const { order, returnId, rma } = await createApprovedReturn(db, { locale, carrier, method: 'printerless' });
    const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }));
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);

    await page.goto(`/${locale}/returns/${rma}/label`);
    const section = page.getByTestId('return-label-section');
    expect(issued).toMatchObject({ specimen: true, printerlessCode: null, trackingNumber: `SPECIMEN-${rma}` });
    const note = section.getByTestId('return-label-specimen');
    await expect(note.getByRole('heading', { name: msg(locale, 'labels.section.specimen.title') })).toBeVisible();
    await expect(note).toContainText(msg(locale, 'labels.section.specimen.body'));
    // Nothing that could pass for a carrier's code or label-free instructions.
    await expect(section.getByTestId('printerless-code')).toHaveCount(0);
    await expect(section.getByRole('img')).toHaveCount(0);
    // The PDF to print; no ZPL (a thermal-printer format) offered to a customer.
    await expect(section.getByRole('link', { name: msg(locale, 'labels.section.downloadPdf') })).toBeVisible();
    await expect(section.getByRole('link', { name: /ZPL/ })).toHaveCount(0);
    await expect(section).not.toContainText(msg(locale, `labels.section.instructions.${carrier}`).split('{code}')[0]!.trim());
    await expectNoAxeViolations(page);

    const before = { shipments: (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length, events: (await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id))).length };
    const pdf = await page.request.get(`/api/returns/${rma}/label.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()).toMatchObject({ 'content-type': 'application/pdf', 'cache-control': 'private, no-store' });
    expect(pdf.headers()['content-disposition']).toBe(`attachment; filename="return-label-${rma}.pdf"`);
    const zpl = await page.request.get(`/api/returns/${rma}/label.zpl`);
    const zplText = await zpl.text();
    expect(zplText).toContain(`^BCN,180,Y,N,N^FD${issued.trackingNumber}^FS`);
    expect(zplText).toContain('^FR^FDSPECIMEN — NOT VALID FOR SHIPPING^FS');
    // Downloads only read: no new shipment, no audit row.
    expect({ shipments: (await db.select().from(shipments).where(eq(shipments.orderId, order.id))).length, events: (await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id))).length }).toEqual(before);
    // Odd input is a 404 with the API error shape, never a 500.
    for (const path of [`/api/returns/${'R'.repeat(300)}/label.pdf`, '/api/returns/%E2%80%AE%00/label.zpl', '/api/withdrawals/W-NOPE/receipt.pdf']) {
      const res = await page.request.get(path);
      expect(res.status()).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }

    // Another browser without the order open learns nothing.
    const stranger = await browser.newContext();
    const denied = await stranger.request.get(`${new URL(page.url()).origin}/api/returns/${rma}/label.pdf`);
    expect(denied.status()).toBe(404);
    await stranger.close();
  });
}

test('[LABEL] fi: a booked label-free code opens full screen on tap, large enough to scan, and closes with Escape; no ZPL for customers @phone', async ({ page, db, expectNoAxeViolations }) => {
  test.slow();
  const { order, returnId, rma } = await createApprovedReturn(db, { locale: 'fi', carrier: 'posti', method: 'printerless' });
  const issued = await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }));
  // What a Posti booking through Pakettikauppa stores (lib/carriers/posti/booking.ts): the booking row and the
  // return's code. Set here directly: e2e has no carrier credentials, and the page is what this test is about.
  const [ret] = await db.select({ shipmentId: returns.returnShipmentId }).from(returns).where(eq(returns.id, returnId));
  await db.insert(carrierLabels).values({ shipmentId: ret!.shipmentId!, bookedVia: 'pakettikauppa', carrierReference: `e2e-${rma}`, pdf: Buffer.from('%PDF-1.4\n', 'latin1') });
  await db.update(returns).set({ printerlessCode: '7C4A1F' }).where(eq(returns.id, returnId));
  expect(issued.specimen).toBe(true);

  const lookup = new LookupPage(page, 'fi');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  await page.goto(`/fi/returns/${rma}/label`);
  const section = page.getByTestId('return-label-section');
  await expect(section.getByTestId('printerless-code')).toHaveText('7C4A1F');
  await expect(section.getByRole('link', { name: /ZPL/ })).toHaveCount(0);

  const open = section.getByRole('button', { name: msg('fi', 'labels.section.fullscreen.open') });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: msg('fi', 'labels.section.printerlessTitle') });
  await expect(dialog).toBeVisible();
  const viewport = page.viewportSize()!;
  const box = (await dialog.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(viewport.width - 1);
  expect(box.height).toBeGreaterThanOrEqual(viewport.height - 1);
  // The code in letters at least 48 px high and the QR at least 80 % of the screen's width.
  const fontSize = await dialog.getByText('7C4A1F', { exact: true }).evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(48);
  const qr = (await dialog.getByRole('img', { name: msg('fi', 'labels.section.qrAlt').replace('{code}', '7C4A1F') }).boundingBox())!;
  expect(qr.width).toBeGreaterThanOrEqual(Math.min(0.8 * viewport.width, 0.5 * viewport.height));
  await expect(dialog.getByRole('button', { name: msg('fi', 'labels.section.fullscreen.close') })).toBeFocused();
  await expectNoAxeViolations(page);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
});

test('[LABEL] sv: booked with the carrier but its label not fetched yet: the page shows the carrier’s number and says the label is on its way; no SPECIMEN, no label drawn', async ({ page, db, expectNoAxeViolations }) => {
  const { order, returnId, rma } = await createApprovedReturn(db, { locale: 'sv', carrier: 'postnord', method: 'drop_off' });
  await db.transaction((tx) => issueReturnLabel(db, tx, { returnId, actor: { type: 'system' } }));
  // What a PostNord booking stores when its answer held no label (lib/carriers/postnord/booking.ts): the carrier's
  // number, no file, the item id to fetch the label with. e2e has no PostNord credentials: fetches on opening fail.
  const [ret] = await db.select({ shipmentId: returns.returnShipmentId }).from(returns).where(eq(returns.id, returnId));
  const trackingNumber = `0037350045${String(Date.now()).slice(-10)}`;
  await db.update(shipments).set({ trackingNumber }).where(eq(shipments.id, ret!.shipmentId!));
  await db.insert(carrierLabels).values({ shipmentId: ret!.shipmentId!, bookedVia: 'postnord', carrierReference: `e2e-${rma}`, labelSource: trackingNumber, fetchAttempts: 1 });

  const lookup = new LookupPage(page, 'sv');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  await page.goto(`/sv/returns/${rma}/label`);
  const section = page.getByTestId('return-label-section');
  await expect(section.getByTestId('return-tracking-number')).toHaveText(msg('sv', 'labels.section.trackingNumber').replace('{number}', trackingNumber));
  const pending = section.getByTestId('return-label-pending');
  await expect(pending.getByRole('heading', { name: msg('sv', 'labels.section.pending.title') })).toBeVisible();
  await expect(pending).toContainText(msg('sv', 'labels.section.pending.body').replace('{carrier}', 'PostNord'));
  await expect(section.getByTestId('return-label-specimen')).toHaveCount(0);
  // No label to print yet, and no QR or drop-off instructions that would pass for one.
  await expect(section.getByRole('link', { name: msg('sv', 'labels.section.downloadPdf') })).toHaveCount(0);
  await expect(section.getByRole('img')).toHaveCount(0);
  await expectNoAxeViolations(page);
  const pdf = await page.request.get(`/api/returns/${rma}/label.pdf`);
  expect(pdf.status()).toBe(404);
  // Opening the page asked PostNord again (and failed: no credentials here); it booked nothing.
  const [row] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, ret!.shipmentId!));
  expect(row!.fetchAttempts).toBeGreaterThan(1);
  expect(row!.pdf).toBeNull();
});
