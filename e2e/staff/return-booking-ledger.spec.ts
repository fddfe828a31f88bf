import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { createApiKey } from '../../lib/api-keys/create-api-key';
import { carrierBookings, compensations, orderLines, orders, returns, shipmentLines, shipments } from '../../db/schema';
import { generateTotpSecret } from '../../lib/auth/totp';
import { createStaff } from '../../test/staff-factories';
import { createDeliveryCase, createRequestedReturn } from '../../test/staff2-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

const fill = (text: string, values: Record<string, string>) => Object.entries(values).reduce((out, [name, value]) => out.replaceAll(`{${name}}`, value), text);
const fi = (key: string, values: Record<string, string> = {}) => fill(msg('fi', key), values);
const en = (key: string, values: Record<string, string> = {}) => fill(msg('en', key), values);

/** An approved Posti return whose label is not issued yet, its case page open in the return panel. */
async function approvedReturnOnCase(page: Parameters<typeof loginAs>[0], db: Parameters<typeof createRequestedReturn>[0]) {
  const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 4900 }] });
  await db.update(returns).set({ status: 'approved', approvedAt: new Date() }).where(eq(returns.id, r.returnId));
  await loginAs(page, 'agent');
  return { r, open: () => page.goto(`/staff/cases/${r.caseId}`), panel: page.getByTestId('return-panel') };
}

/** A reship granted on a delivery case by an English-speaking admin, its parcel awaiting the shop with Matkahuolto (not connected in e2e). */
async function reshipOnCase(page: Parameters<typeof loginAs>[0], db: Parameters<typeof createDeliveryCase>[0]) {
  const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000 });
  const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret(), locale: 'en' });
  await loginAs(page, admin);
  await page.goto(`/staff/cases/${caseId}`);
  const panel = page.getByTestId('goodwill-panel');
  await panel.getByLabel(en('goodwill.kind')).selectOption('reship');
  await panel.getByLabel(en('goodwill.reason')).fill('Lost in transit, sending again');
  await panel.getByRole('button', { name: en('goodwill.submit') }).click();
  const reship = panel.getByTestId('reship-parcel');
  await expect(reship).toContainText(en('staffReturns.outbound.reshipAwaiting'));
  const [comp] = await db.select({ shipmentId: compensations.shipmentId }).from(compensations).where(and(eq(compensations.orderId, orderId), eq(compensations.kind, 'reship')));
  const shipmentId = comp!.shipmentId!;
  const [order] = await db.select({ orderNumber: orders.orderNumber }).from(orders).where(eq(orders.id, orderId));
  const [line] = await db.select({ sku: orderLines.sku }).from(shipmentLines).innerJoin(orderLines, eq(orderLines.id, shipmentLines.orderLineId)).where(eq(shipmentLines.shipmentId, shipmentId));
  return { reship, shipmentId, orderId, orderNumber: order!.orderNumber, sku: line!.sku };
}

const matkahuoltoNumber = () => `MH${String(randomInt(1_000_000_000)).padStart(9, '0')}FI`;

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

test('[STAFF] a reship’s booking not on its parcel: an unanswered call says to check the carrier’s portal; a booked one shows its number and why, and booking again uses it', async ({ page, db, expectNoAxeViolations }) => {
  test.setTimeout(90_000);
  const { reship, shipmentId, orderId, orderNumber: reference } = await reshipOnCase(page, db);

  // What bookPendingParcel leaves when the call to Matkahuolto got no answer (lib/shipments/book-pending-parcel.ts).
  const [uncertain] = await db.insert(carrierBookings).values({ purpose: 'outbound', shipmentId, orderId, reference, carrier: 'matkahuolto', state: 'uncertain' }).returning({ id: carrierBookings.id });
  await page.reload();
  const note = reship.getByTestId('parcel-open-booking');
  await expect(note).toContainText(en('staffReturns.booking.uncertain', { carrier: 'Matkahuolto', rma: reference }));
  // Booking again is a decision: no ordinary "Book with" beside it (and e2e has no Matkahuolto credentials to book with).
  await expect(reship.getByRole('button', { name: en('staffReturns.outbound.book', { carrier: 'Matkahuolto' }) })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Staff set it aside; a later booking was answered, but its number could not be put on the parcel.
  await db.update(carrierBookings).set({ state: 'abandoned' }).where(eq(carrierBookings.id, uncertain!.id));
  const trackingNumber = `JJFI6457490000${String(randomInt(10_000_000)).padStart(7, '0')}`;
  await db.insert(carrierBookings).values({
    purpose: 'outbound',
    shipmentId,
    orderId,
    reference,
    carrier: 'matkahuolto',
    state: 'booked',
    bookedVia: 'pakettikauppa',
    trackingNumber,
    pdf: Buffer.from('%PDF-1.4\n', 'latin1'),
    applyError: 'The connection was lost.',
  });
  await page.reload();
  await expect(note).toContainText(en('staffReturns.booking.parcelNotApplied', { carrier: 'Matkahuolto', number: trackingNumber, reason: 'The connection was lost.' }));
  await expect(note).toContainText(en('staffReturns.booking.parcelNotAppliedHint', { carrier: 'Matkahuolto', number: trackingNumber }));
  await expectNoAxeViolations(page);

  // The recorded booking is applied without asking the carrier (none is connected here).
  await reship.getByRole('button', { name: en('staffReturns.outbound.book', { carrier: 'Matkahuolto' }) }).click();
  await expect(reship).toContainText(en('staffReturns.exchangeParcel.sent', { carrier: 'Matkahuolto', number: trackingNumber }));
  await expect(reship.getByTestId('parcel-open-booking')).toHaveCount(0);
  await expect(reship.getByRole('link', { name: en('staffReturns.outbound.downloadLabel') })).toBeVisible();
  expect((await db.select({ trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, shipmentId)))[0]!.trackingNumber).toBe(trackingNumber);
  expect((await db.select({ state: carrierBookings.state }).from(carrierBookings).where(eq(carrierBookings.shipmentId, shipmentId))).map((b) => b.state).sort()).toEqual(['abandoned', 'applied']);
});

test('[STAFF] an unanswered booking while the carrier is not connected: the note says why booking again is not offered; a number typed by hand is refused naming it until staff mark it abandoned', async ({ page, db, expectNoAxeViolations }) => {
  test.setTimeout(90_000);
  const { reship, shipmentId, orderId, orderNumber } = await reshipOnCase(page, db);
  await db.insert(carrierBookings).values({ purpose: 'outbound', shipmentId, orderId, reference: orderNumber, carrier: 'matkahuolto', state: 'uncertain' });
  await page.reload();
  const note = reship.getByTestId('parcel-open-booking');
  await expect(note).toContainText(en('staffReturns.booking.uncertain', { carrier: 'Matkahuolto', rma: orderNumber }));
  await expect(note).toContainText(en('staffReturns.booking.parcelRebookNotConnected', { carrier: 'Matkahuolto', rma: orderNumber }));
  await expect(note.getByRole('button', { name: en('staffReturns.booking.bookAgain') })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The number of a parcel sent another way: refused while the booking is open, naming it.
  const form = reship.getByTestId('ship-pending-parcel');
  const number = matkahuoltoNumber();
  await form.getByLabel(en('staffReturns.exchangeParcel.trackingNumber')).fill(number);
  await form.getByRole('button', { name: en('staffReturns.exchangeParcel.submit') }).click();
  await expect(form.getByRole('alert')).toHaveText(en('staffReturns.reasons.parcel_booking_open_uncertain', { carrier: 'Matkahuolto', reference: orderNumber }));
  expect((await db.select({ trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.id, shipmentId)))[0]!.trackingNumber).toMatch(/^PENDING-/);

  // Checked in Matkahuolto's portal: marked abandoned (confirmed), then the number goes through.
  await note.getByRole('button', { name: en('staffReturns.booking.dismiss') }).click();
  const dialog = page.getByRole('alertdialog', { name: en('staffReturns.booking.dismissTitle') });
  await expect(dialog).toContainText(en('staffReturns.booking.dismissBody', { carrier: 'Matkahuolto', rma: orderNumber }));
  await dialog.getByRole('button', { name: en('staffReturns.booking.dismiss') }).click();
  await expect(reship.getByTestId('parcel-open-booking')).toHaveCount(0);
  await form.getByLabel(en('staffReturns.exchangeParcel.trackingNumber')).fill(number);
  await form.getByRole('button', { name: en('staffReturns.exchangeParcel.submit') }).click();
  await expect(reship).toContainText(en('staffReturns.exchangeParcel.sent', { carrier: 'Matkahuolto', number }));
  expect((await db.select({ state: carrierBookings.state }).from(carrierBookings).where(eq(carrierBookings.shipmentId, shipmentId))).map((b) => b.state)).toEqual(['abandoned']);
});

test('[STAFF] the shop sends its own number over the API while our booking is open: its number wins, and the parcel tells staff to cancel our booking in the carrier’s portal', async ({ page, db, request, expectNoAxeViolations }) => {
  test.setTimeout(90_000);
  const { reship, shipmentId, orderId, orderNumber, sku } = await reshipOnCase(page, db);
  const booked = matkahuoltoNumber();
  await db.insert(carrierBookings).values({ purpose: 'outbound', shipmentId, orderId, reference: orderNumber, carrier: 'matkahuolto', state: 'booked', bookedVia: 'pakettikauppa', trackingNumber: booked, applyError: 'The connection was lost.' });
  const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: `e2e-superseded-${Date.now()}` });
  const sent = matkahuoltoNumber();
  const res = await request.post(`/api/v1/orders/${encodeURIComponent(orderNumber)}/shipments`, { headers: { authorization: `Bearer ${key}` }, data: { carrier: 'matkahuolto', trackingNumber: sent, lines: [{ sku, quantity: 1 }] } });
  expect(res.status()).toBe(201);
  expect(((await res.json()) as { id: string }).id).toBe(shipmentId);

  await page.reload();
  await expect(reship).toContainText(en('staffReturns.exchangeParcel.sent', { carrier: 'Matkahuolto', number: sent }));
  await expect(reship.getByTestId('parcel-superseded-booking')).toHaveText(en('staffReturns.outbound.supersededBooked', { carrier: 'Matkahuolto', number: booked, sent }));
  await expect(reship.getByTestId('parcel-open-booking')).toHaveCount(0);
  await expectNoAxeViolations(page);
});
