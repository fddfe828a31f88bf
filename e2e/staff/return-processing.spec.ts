import { randomInt } from 'node:crypto';
import type { Browser } from '@playwright/test';
import { and, eq, inArray } from 'drizzle-orm';
import { cases, compensations, csatResponses, outbox, refunds, returns, shipments } from '../../db/schema';
import { generateTotpSecret } from '../../lib/auth/totp';
import type { Db } from '../../db';
import { createStaff } from '../../test/staff-factories';
import { createDeliveryCase, createRequestedReturn } from '../../test/staff2-factories';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { loginAs, type StaffLogin } from './login';

// The demo agent works in Finnish, the demo admin in English (db/seed.ts).
const fi = (key: string) => msg('fi', key);
const en = (key: string) => msg('en', key);
/** An admin of the test's own (with TOTP): parallel tests never compete for the demo admin's one-time codes. */
async function ownAdmin(db: Db): Promise<StaffLogin> {
  const totpSecret = generateTotpSecret();
  const admin = await createStaff(db, { role: 'admin', totpSecret, locale: 'en' });
  return { email: admin.email, password: admin.password, totpSecret };
}
/** A second signed-in person: their own browser context and client address. */
const newPerson = async (browser: Browser) =>
  (await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` } })).newPage();

test.describe('[STAFF] return processing, goodwill and CSAT', () => {
  test('an agent takes a return from request through approval, receipt, inspection and refund; the customer gets every email and rates the service', async ({ page, browser, db, request, expectNoAxeViolations }) => {
    test.setTimeout(120_000);
    // The same rows the customer's return wizard writes (requested, counters reserved, case opened).
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 4900 }] });
    // The customer follows along on the return page, in their own browser, after a lookup.
    const customer = await newPerson(browser);
    const lookup = new LookupPage(customer, 'fi');
    await lookup.goto();
    await lookup.lookUp(r.orderNumber, r.email);
    await expect(customer).toHaveURL(new RegExp(`/fi/orders/${r.orderNumber}$`));
    const customerSees = async (status: string) => {
      await customer.goto(`/fi/returns/${r.rma}`);
      await expect(customer.getByTestId('return-status')).toHaveText(fi(`returnPage.status.${status}`));
    };
    await customerSees('requested');
    await loginAs(page, 'agent');

    await page.goto(`/staff/cases/${r.caseId}`);
    const panel = page.getByTestId('return-panel');
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.requested'));
    await expectNoAxeViolations(page);
    await panel.getByRole('button', { name: fi('staffReturns.approve') }).click();
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.label_issued'));
    await customerSees('label_issued');

    // Receiving desk: a scanner types the return tracking number and presses Enter.
    const [row] = await db.select({ tracking: shipments.trackingNumber }).from(returns).innerJoin(shipments, eq(shipments.id, returns.returnShipmentId)).where(eq(returns.id, r.returnId));
    await page.goto('/staff/receiving');
    await expectNoAxeViolations(page);
    await page.getByLabel(fi('staffReturns.receiving.code')).fill(row!.tracking);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: new RegExp(r.rma) })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: fi('staffReturns.receiving.submit') }).click();
    await expect(page.getByRole('status')).toHaveText(fi('staffReturns.done.received').replace('{rma}', r.rma));
    await expect(page.getByLabel(fi('staffReturns.receiving.code'))).toBeFocused();

    await page.goto(`/staff/cases/${r.caseId}`);
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.received'));
    await customerSees('received');
    await expectNoAxeViolations(page);
    await panel.getByRole('button', { name: fi('staffReturns.inspectSubmit') }).click();
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.inspected'));
    await customerSees('inspected');

    // Bad input first: a localized message and nothing changes.
    await panel.getByLabel(fi('staffReturns.refundAmount')).fill('kolme');
    await panel.getByRole('button', { name: fi('staffReturns.completeSubmit') }).click();
    await expect(panel.getByText(fi('staffReturns.errors.amountFormat'))).toBeVisible();
    await panel.getByLabel(fi('staffReturns.refundAmount')).fill('');
    await panel.getByRole('button', { name: fi('staffReturns.completeSubmit') }).click();
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.completed'));
    await expect(page.getByTestId('case-status')).toContainText(fi('staff.queue.status.resolved'));
    await customerSees('completed');

    // "Refund issued" follows once the worker has paid the refund on the demo rail.
    const kinds = async () => (await db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.orderId, r.orderId))).map((m) => m.kind).sort();
    await expect
      .poll(kinds, { timeout: 30_000 })
      .toEqual(['email.csat_survey', 'email.refund_issued', 'email.return_completed', 'email.return_inspected', 'email.return_label_issued', 'email.return_received']);


    // The customer's survey link: a mail scanner's plain GET records nothing…
    const [survey] = await db.select().from(outbox).where(and(eq(outbox.orderId, r.orderId), eq(outbox.kind, 'email.csat_survey')));
    const link = /https?:\/\/\S+\/en\/csat\/[A-Za-z0-9_-]{43}\?score=4/.exec(survey!.payload.text)![0];
    const path = new URL(link).pathname + new URL(link).search;
    expect((await request.get(path)).status()).toBe(200);
    expect((await db.select().from(csatResponses).where(eq(csatResponses.caseId, r.caseId)))[0]!.score).toBeNull();
    // …the customer's click in a browser does, once.
    await page.context().clearCookies();
    await page.goto(path);
    await expect(page.getByRole('heading', { name: en('csat.page.thanksTitle') })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByLabel(en('csat.page.commentLabel')).fill('Quick refund, thanks!');
    await page.getByRole('button', { name: en('csat.page.commentSubmit') }).click();
    await expect(page.getByText(en('csat.page.commentThanks'))).toBeVisible();
    await page.goto(path.replace('score=4', 'score=1'));
    await expect(page.getByRole('heading', { name: en('csat.page.thanksTitle') })).toBeVisible();
    const [answer] = await db.select().from(csatResponses).where(eq(csatResponses.caseId, r.caseId));
    expect(answer).toMatchObject({ score: 4, comment: 'Quick refund, thanks!' });
  });

  test('goodwill above the agent limit waits for an admin, who approves it in the queue', async ({ browser, db, expectNoAxeViolations }) => {
    test.setTimeout(120_000);
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 20_000 });
    const agent = await newPerson(browser);
    await loginAs(agent, 'agent');
    await agent.goto(`/staff/cases/${caseId}`);
    const panel = agent.getByTestId('goodwill-panel');
    await expectNoAxeViolations(agent);
    await panel.getByLabel(fi('goodwill.kind')).selectOption('store_credit');
    await panel.getByLabel(fi('goodwill.amount')).fill('60');
    await panel.getByLabel(fi('goodwill.reason')).fill('Paketti katosi kuljetuksessa');
    await panel.getByRole('button', { name: fi('goodwill.submit') }).click();
    await expect(panel.getByRole('status')).toHaveText(fi('goodwill.pending'));
    await expect(panel.getByTestId('compensations')).toContainText(fi('goodwill.statuses.pending_approval'));
    // The agent cannot decide it.
    await agent.goto('/staff/approvals');
    await expect(agent.getByRole('main').getByRole('alert')).toHaveText(fi('approvals.adminOnly'));

    const admin = await newPerson(browser);
    await loginAs(admin, await ownAdmin(db));
    await admin.goto('/staff/approvals');
    await expectNoAxeViolations(admin);
    const [pending] = await db.select().from(compensations).where(eq(compensations.orderId, orderId));
    const row = admin.getByTestId('approval-row').filter({ hasText: 'Paketti katosi kuljetuksessa' });
    await row.getByRole('button', { name: new RegExp(`^${en('approvals.approve')}`) }).click();
    await expect(admin.getByRole('alertdialog')).toBeVisible();
    await expectNoAxeViolations(admin);
    await admin.getByRole('button', { name: en('approvals.confirmApprove') }).click();
    await expect(row).toHaveCount(0);
    const [issued] = await db.select().from(compensations).where(eq(compensations.id, pending!.id));
    expect(issued!.status).toBe('issued');
    expect(issued!.code).toMatch(/^SC-/);
    const mails = await db.select().from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, 'email.compensation_issued')));
    expect(mails).toHaveLength(1);
  });

  test('a reship granted on a case awaits the shop: no carrier booking without credentials (the panel says so), the tracking entered by hand fills it', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000 });
    await loginAs(page, await ownAdmin(db));
    await page.goto(`/staff/cases/${caseId}`);
    const panel = page.getByTestId('goodwill-panel');
    await panel.getByLabel(en('goodwill.kind')).selectOption('reship');
    await panel.getByLabel(en('goodwill.reason')).fill('Lost in transit, sending again');
    await panel.getByRole('button', { name: en('goodwill.submit') }).click();
    const reship = panel.getByTestId('reship-parcel');
    await expect(reship).toContainText(en('staffReturns.outbound.reshipAwaiting'));
    // The lost parcel went with Matkahuolto, so does its reship; e2e has no Matkahuolto booking credentials.
    await expect(reship.getByRole('note')).toHaveText(en('staffReturns.outbound.notConnected').replace('{carrier}', 'Matkahuolto'));
    await expect(reship.getByRole('button', { name: en('staffReturns.outbound.book').replace('{carrier}', 'Matkahuolto') })).toHaveCount(0);
    await expectNoAxeViolations(page);

    const trackingNumber = `JJFI${Date.now()}${randomInt(10)}`;
    await reship.getByLabel(en('staffReturns.exchangeParcel.carrier')).selectOption('posti');
    await reship.getByLabel(en('staffReturns.exchangeParcel.trackingNumber')).fill(trackingNumber);
    await reship.getByRole('button', { name: en('staffReturns.exchangeParcel.submit') }).click();
    await expect(reship).toContainText(en('staffReturns.exchangeParcel.sent').replace('{carrier}', 'Posti').replace('{number}', trackingNumber));
    await expect(reship.getByRole('link', { name: en('staffReturns.outbound.downloadLabel') })).toHaveCount(0); // not booked through Paluu
    const [comp] = await db.select({ shipmentId: compensations.shipmentId }).from(compensations).where(and(eq(compensations.orderId, orderId), eq(compensations.kind, 'reship')));
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, comp!.shipmentId!));
    expect(parcel).toMatchObject({ carrier: 'posti', trackingNumber });
  });

  test('a return is rejected from a keyboard-usable dialog with a message to the customer', async ({ page, db }) => {
    const r = await createRequestedReturn(db);
    await loginAs(page, 'agent');
    await page.goto(`/staff/cases/${r.caseId}`);
    await page.getByRole('button', { name: fi('staffReturns.reject'), exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: fi('staffReturns.confirmReject') }).click();
    await expect(dialog.getByText(fi('staffReturns.errors.reasonRequired'))).toBeVisible();
    await dialog.getByLabel(fi('staffReturns.internalReason')).fill('Käytetty tuote');
    await dialog.getByLabel(fi('staffReturns.customerMessage')).fill('Tuotteessa on käytön jälkiä.');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: fi('staffReturns.reject'), exact: true }).click();
    await page.getByLabel(fi('staffReturns.internalReason')).fill('Käytetty tuote');
    await page.getByLabel(fi('staffReturns.customerMessage')).fill('Tuotteessa on käytön jälkiä.');
    await page.getByRole('button', { name: fi('staffReturns.confirmReject') }).click();
    await expect(page.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.rejected'));
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(row!.rejectionReason).toBe('Tuotteessa on käytön jälkiä.');
  });

  test('the CSAT report and an admin rejecting a compensation with a reason', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000 });
    await db.insert(compensations).values({ caseId, orderId, kind: 'partial_refund', status: 'pending_approval', amount: 4_000, currency: 'EUR', reason: `Reject me ${caseId}` });
    await loginAs(page, await ownAdmin(db));
    await page.goto('/staff/reports/csat');
    await expect(page.getByRole('heading', { name: en('csat.staff.reportTitle'), level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto('/staff/approvals');
    const row = page.getByTestId('approval-row').filter({ hasText: `Reject me ${caseId}` });
    await row.getByRole('button', { name: new RegExp(`^${en('approvals.reject')}`) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(en('approvals.rejectReason')).fill('Carrier found the parcel');
    await dialog.getByRole('button', { name: en('approvals.confirmReject') }).click();
    await expect(row).toHaveCount(0);
    const [comp] = await db.select().from(compensations).where(eq(compensations.caseId, caseId));
    expect(comp).toMatchObject({ status: 'rejected', rejectionReason: 'Carrier found the parcel' });
  });

  test('the receiving desk explains an unknown code and refuses more units than requested, changing nothing', async ({ page, db }) => {
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, ordered: 2 }] });
    await db.update(returns).set({ status: 'label_issued' }).where(eq(returns.id, r.returnId));
    await loginAs(page, 'agent');
    await page.goto('/staff/receiving');
    await page.getByLabel(fi('staffReturns.receiving.code')).fill('R-0000000');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(fi('staffReturns.receiving.notFound').replace('{code}', 'R-0000000'));
    // Lower case and spaces as a person might type them.
    await page.getByLabel(fi('staffReturns.receiving.code')).fill(` ${r.rma.toLowerCase()} `);
    await page.keyboard.press('Enter');
    await page.getByLabel(/\(/).first().fill('2');
    await page.getByRole('button', { name: fi('staffReturns.receiving.submit') }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText(fi('staffReturns.reasons.quantity_above_requested'));
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(row!.status).toBe('label_issued');
  });

  test('the receiving desk by keyboard only: scan → grade → restock/write-off → live proposal → Confirm → next scan', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    // A damaged "changed my mind" shirt (the demo policy deducts 30 %) and an intact one; then a second parcel.
    const first = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 8900, reasonCode: 'changed_mind' }, { quantity: 1, unitPrice: 5000 }] });
    const second = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 4990 }] });
    await db.update(returns).set({ status: 'label_issued' }).where(inArray(returns.id, [first.returnId, second.returnId]));
    await loginAs(page, 'agent');
    await page.goto('/staff/receiving');
    const scan = page.getByLabel(fi('staffReturns.receiving.code'));
    await expect(scan).toBeFocused();

    // The scanner types the RMA and presses Enter.
    await page.keyboard.type(first.rma);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: new RegExp(first.rma) })).toBeVisible();
    const desk = page.getByTestId('receiving-desk');
    // The first thing to fill in has the focus: the first item's received units, pre-filled with what was requested.
    await expect(desk.locator('#received-0')).toBeFocused();
    await expect(desk.locator('#received-0')).toHaveValue('1');
    const proposed = desk.getByTestId('desk-proposed-refund');
    await expect(proposed).toHaveText(/139,00/);
    await expectNoAxeViolations(page);

    // Tab order: units → grade → stock, item by item, then Confirm.
    await page.keyboard.press('Tab');
    await expect(desk.locator('#grade-0')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(desk.locator('#grade-0')).toHaveValue('damaged');
    // Damaged is written off, and the proposal drops by the policy's 30 % at once: 89,00 − 26,70 + 50,00.
    await page.keyboard.press('Tab');
    await expect(desk.locator('#stock-0')).toBeFocused();
    await expect(desk.locator('#stock-0')).toHaveValue('false');
    await expect(proposed).toHaveText(/112,30/);
    await expect(desk.getByTestId('desk-deduction')).toHaveCount(1);
    await page.keyboard.press('Tab');
    await expect(desk.locator('#received-1')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(desk.locator('#grade-1')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(desk.locator('#stock-1')).toBeFocused();
    await expect(desk.locator('#stock-1')).toHaveValue('true');
    await page.keyboard.press('Tab');
    const confirm = desk.getByRole('button', { name: fi('staffReturns.receiving.confirm') });
    await expect(confirm).toBeFocused();
    await expectNoAxeViolations(page);
    await page.keyboard.press('Enter');

    // Ready for the next parcel: the status line says what happened, the scan field is empty and focused.
    const done = page.getByTestId('receiving-done');
    await expect(done).toContainText(fi('staffReturns.receiving.done.completed').replace('{rma}', first.rma));
    await expect(done).toContainText(/112,30/);
    await expect(scan).toBeFocused();
    await expect(scan).toHaveValue('');
    const [row] = await db.select().from(returns).where(eq(returns.id, first.returnId));
    expect(row!.status).toBe('completed');
    expect((await db.select().from(refunds).where(eq(refunds.returnId, first.returnId))).map((x) => x.amount)).toEqual([11230]);
    await expectNoAxeViolations(page);

    // The next scan opens the next parcel.
    await page.keyboard.type(second.rma);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: new RegExp(second.rma) })).toBeVisible();
    await expect(desk.locator('#received-0')).toBeFocused();
    await expect(desk.getByTestId('desk-proposed-refund')).toHaveText(/49,90/);

    // Scanning the finished parcel again is harmless: it says so and changes nothing.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(scan).toBeFocused();
    await page.keyboard.type(first.rma);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main').getByRole('status')).toHaveText(fi('staffReturns.receiving.alreadyCompleted').replace('{rma}', first.rma));
    expect(await db.select().from(refunds).where(eq(refunds.returnId, first.returnId))).toHaveLength(1);
  });

  test('the agent re-sends an unanswered survey from the case; the customer gets a new link', async ({ page, db, expectNoAxeViolations }) => {
    const { caseId } = await createDeliveryCase(db);
    await db.update(cases).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(cases.id, caseId));
    await db.insert(csatResponses).values({ caseId, tokenHash: 'f'.repeat(64) });
    await loginAs(page, 'agent');
    await page.goto(`/staff/cases/${caseId}`);
    const tile = page.getByTestId('csat-panel');
    await expect(tile).toContainText(fi('csat.staff.waiting'));
    await expectNoAxeViolations(page);
    await tile.getByRole('button', { name: fi('csat.staff.resend') }).click();
    await expect(tile.getByRole('status')).toHaveText(fi('csat.staff.resent'));
    const mails = await db.select().from(outbox).where(and(eq(outbox.caseId, caseId), eq(outbox.kind, 'email.csat_survey')));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload.html).toMatch(/\/fi\/csat\/[A-Za-z0-9_-]{43}\?score=5/);
    const [row] = await db.select().from(csatResponses).where(eq(csatResponses.caseId, caseId));
    expect(row!.tokenHash).not.toBe('f'.repeat(64));
  });

  test('signed-out visitors are sent to the login from every staff2 page', async ({ page, db }) => {
    const r = await createRequestedReturn(db);
    for (const path of [`/staff/cases/${r.caseId}`, '/staff/receiving?code=R-1', '/staff/approvals', '/staff/reports/csat']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/staff\/login$/);
    }
  });
});
