import { eq } from 'drizzle-orm';
import { carrierBookings, returns } from '../../db/schema';
import { createRequestedReturn } from '../../test/staff2-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

const fi = (key: string, values: Record<string, string> = {}) => Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{${name}}`, value), msg('fi', key));

/** An approved Posti return whose label is not issued yet, its case page open in the return panel. */
async function approvedReturnOnCase(page: Parameters<typeof loginAs>[0], db: Parameters<typeof createRequestedReturn>[0]) {
  const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 4900 }] });
  await db.update(returns).set({ status: 'approved', approvedAt: new Date() }).where(eq(returns.id, r.returnId));
  await loginAs(page, 'agent');
  return { r, open: () => page.goto(`/staff/cases/${r.caseId}`), panel: page.getByTestId('return-panel') };
}

test('[STAFF] a call to the carrier left unanswered: the panel says to check the carrier’s portal, and “book again” asks for confirmation, then books', async ({ page, db, expectNoAxeViolations }) => {
  const { r, open, panel } = await approvedReturnOnCase(page, db);
  // What issueReturnLabel leaves when the process stopped while Posti was being asked (lib/carriers/booking-ledger.ts).
  await db.insert(carrierBookings).values({ returnId: r.returnId, orderId: r.orderId, reference: r.rma, carrier: 'posti', state: 'uncertain', createdAt: new Date(Date.now() - 600_000) });
  await open();

  const note = panel.getByTestId('return-open-booking');
  await expect(note).toContainText(fi('staffReturns.booking.uncertain', { carrier: 'Posti', rma: r.rma }));
  // The ordinary "issue the label" is not offered beside it: booking again is a decision.
  await expect(panel.getByRole('button', { name: msg('fi', 'staffReturns.retryLabel') })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await note.getByRole('button', { name: msg('fi', 'staffReturns.booking.bookAgain') }).click();
  const dialog = page.getByRole('alertdialog', { name: msg('fi', 'staffReturns.booking.confirmTitle') });
  await expect(dialog).toContainText(fi('staffReturns.booking.confirmBody', { carrier: 'Posti', rma: r.rma }));
  await dialog.getByRole('button', { name: msg('fi', 'staffReturns.booking.bookAgain') }).click();

  // e2e has no carrier credentials: booking again issues the SPECIMEN; the unanswered call is set aside, not deleted.
  await expect(panel.getByTestId('return-status')).toHaveText(msg('fi', 'staffReturns.statuses.label_issued'));
  await expect(panel.getByTestId('return-open-booking')).toHaveCount(0);
  expect((await db.select({ state: carrierBookings.state }).from(carrierBookings).where(eq(carrierBookings.returnId, r.returnId))).map((b) => b.state)).toEqual(['abandoned']);
});

test('[STAFF] a booking the return could not take shows the carrier’s number and why; issuing the label again uses it', async ({ page, db }) => {
  const { r, open, panel } = await approvedReturnOnCase(page, db);
  const trackingNumber = `JJFI6457490000${String(Date.now()).slice(-7)}`;
  // A Posti booking recorded, but its approval rolled back (lib/returns/issue-return-label.ts).
  await db.insert(carrierBookings).values({
    returnId: r.returnId,
    orderId: r.orderId,
    reference: r.rma,
    carrier: 'posti',
    state: 'booked',
    bookedVia: 'pakettikauppa',
    trackingNumber,
    service: '2108 Palautus',
    pdf: Buffer.from('%PDF-1.4\n', 'latin1'),
    applyError: 'The connection was lost.',
  });
  await open();

  const note = panel.getByTestId('return-open-booking');
  await expect(note).toContainText(fi('staffReturns.booking.notApplied', { carrier: 'Posti', number: trackingNumber, reason: 'The connection was lost.' }));
  await expect(note).toContainText(fi('staffReturns.booking.notAppliedHint', { carrier: 'Posti' }));

  await panel.getByRole('button', { name: msg('fi', 'staffReturns.retryLabel') }).click();
  await expect(panel.getByTestId('return-status')).toHaveText(msg('fi', 'staffReturns.statuses.label_issued'));
  await expect(panel).toContainText(trackingNumber);
  await expect(panel.getByTestId('return-open-booking')).toHaveCount(0);
  expect((await db.select({ state: carrierBookings.state }).from(carrierBookings).where(eq(carrierBookings.returnId, r.returnId)))[0]!.state).toBe('applied');
});
