import { eq } from 'drizzle-orm';
import { carrierLabels, returns } from '../../db/schema';
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
  await db.insert(carrierLabels).values({ shipmentId: ret!.shipmentId!, bookedVia: 'bring', carrierReference: `e2e-${r.rma}` });
  await page.reload();
  const links = page.getByTestId('return-panel').getByTestId('return-label-links');
  await expect(links).toContainText(fi('staffReturns.label.booked').replace('{via}', fi('staffAdmin.carriers.booking.via.bring')));
  await expect(links).not.toContainText(/: bring\./); // the id the panel showed before
});
