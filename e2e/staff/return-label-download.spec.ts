import { eq } from 'drizzle-orm';
import { carrierLabels, returns, shipments } from '../../db/schema';
import { expect, msg, test } from '../fixtures';
import { approveReturnFromCase } from './return-case';

const fi = (key: string) => msg('fi', key);

test('[STAFF] the return panel names a SPECIMEN label and lets staff reprint it; others get nothing', async ({ page, browser, db }) => {
  const { r, panel } = await approveReturnFromCase(page, db);

  // No carrier credentials in the test run: the label is a SPECIMEN and the panel says so.
  const links = panel.getByTestId('return-label-links');
  await expect(links.getByRole('note')).toHaveText(fi('staffReturns.label.specimen'));
  await expect(panel).toContainText(`SPECIMEN-${r.rma}`);
  const pdfLink = links.getByRole('link', { name: fi('staffReturns.label.downloadPdf') });
  await expect(pdfLink).toHaveAttribute('href', `/staff/returns/${r.rma}/label.pdf`);

  const pdf = await page.request.get(`/staff/returns/${r.rma}/label.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()).toMatchObject({ 'content-type': 'application/pdf', 'cache-control': 'private, no-store' });
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const zpl = await page.request.get(`/staff/returns/${r.rma}/label.zpl`);
  expect(await zpl.text()).toContain('^FR^FDSPECIMEN — NOT VALID FOR SHIPPING^FS');
  expect((await page.request.get('/staff/returns/R-0/label.pdf')).status()).toBe(404);

  // Without a staff session: nothing.
  const stranger = await browser.newContext();
  const denied = await stranger.request.get(`${new URL(page.url()).origin}/staff/returns/${r.rma}/label.pdf`);
  expect([401, 403]).toContain(denied.status());
  await stranger.close();
});

test('[STAFF] a label booked with the carrier names the booking API in words, not its id', async ({ page, db }) => {
  const { r } = await approveReturnFromCase(page, db);
  // What lib/carriers/bring/booking.ts stores for a booked label (e2e has no carrier credentials).
  const [ret] = await db.select({ shipmentId: returns.returnShipmentId }).from(returns).where(eq(returns.rmaNumber, r.rma));
  await db.insert(carrierLabels).values({ shipmentId: ret!.shipmentId!, bookedVia: 'bring', carrierReference: `e2e-${r.rma}`, pdf: Buffer.from('%PDF-1.4\n', 'latin1') });
  await page.reload();
  const links = page.getByTestId('return-panel').getByTestId('return-label-links');
  await expect(links).toContainText(fi('staffReturns.label.booked').replace('{via}', fi('staffAdmin.carriers.booking.via.bring')));
  await expect(links).not.toContainText(/: bring\./); // the id the panel showed before
});

test('[STAFF] a booking whose carrier label has not arrived says so and offers “fetch label again”, which asks the carrier again and books nothing', async ({ page, db, expectNoAxeViolations }) => {
  const { r, panel } = await approveReturnFromCase(page, db);
  // What a Bring booking stores when its label download failed (lib/carriers/bring/booking.ts): the carrier's number,
  // no file, where to fetch the label. e2e has no Bring credentials, so every fetch fails and the label stays missing.
  const [ret] = await db.select({ shipmentId: returns.returnShipmentId }).from(returns).where(eq(returns.rmaNumber, r.rma));
  const trackingNumber = `3704381${String(Date.now()).slice(-11)}`;
  await db.update(shipments).set({ carrier: 'bring', trackingNumber }).where(eq(shipments.id, ret!.shipmentId!));
  await db.insert(carrierLabels).values({ shipmentId: ret!.shipmentId!, bookedVia: 'bring', carrierReference: `e2e-${r.rma}`, labelSource: 'https://api.bring.com/booking/labels/e2e', fetchAttempts: 1 });
  await page.reload();

  const links = panel.getByTestId('return-label-links');
  await expect(links.getByRole('note')).toHaveText(fi('staffReturns.label.pending').replace('{via}', fi('staffAdmin.carriers.booking.via.bring')));
  await expect(panel).toContainText(trackingNumber);
  // No file to download until the carrier's label is there; nothing drawn in its place.
  await expect(links.getByRole('link')).toHaveCount(0);
  await expectNoAxeViolations(page);

  const fetchAgain = links.getByRole('button', { name: fi('staffReturns.label.fetchAgain') });
  await fetchAgain.click();
  await expect(links.getByRole('status').or(links.getByRole('alert'))).toContainText(fi('staffReturns.done.labelStillMissing'));
  const [row] = await db.select().from(carrierLabels).where(eq(carrierLabels.shipmentId, ret!.shipmentId!));
  expect(row).toMatchObject({ pdf: null, fetchAttempts: 2 });
  // Still the one shipment with the carrier's number: fetching again never books.
  expect(await db.select({ id: shipments.id }).from(shipments).where(eq(shipments.trackingNumber, trackingNumber))).toHaveLength(1);
});
