import { and, eq } from 'drizzle-orm';
import { cases, refunds, returnItems, returns, shipments } from '../../db/schema';
import { createCase } from '../../test/staff-factories';
import { createRequestedReturn } from '../../test/staff2-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

// The demo agent works in Finnish (db/seed.ts).
const fi = (key: string) => msg('fi', key);
const fill = (key: string, values: Record<string, string>) => Object.entries(values).reduce((text, [k, v]) => text.replace(`{${k}}`, v), fi(key));

test.describe('[STAFF] money and case fixes', () => {
  test('a partial refund needs a reason and a confirmation; only the current error shows', async ({ page, db }) => {
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 4900 }] });
    // Received and inspected (damaged), ready to complete: 49,00 € due.
    await db.update(returnItems).set({ receivedQuantity: 1, inspectionGrade: 'damaged', restock: false }).where(eq(returnItems.returnId, r.returnId));
    await db.update(returns).set({ status: 'inspected', receivedAt: new Date(), inspectedAt: new Date() }).where(eq(returns.id, r.returnId));
    await loginAs(page, 'agent');
    await page.goto(`/staff/cases/${r.caseId}`);
    const panel = page.getByTestId('return-panel');

    await panel.getByLabel(fi('staffReturns.refundAmount')).fill('999');
    await panel.getByRole('button', { name: fi('staffReturns.completeSubmit') }).click();
    await expect(panel.getByRole('alert').filter({ hasText: fi('staffReturns.reasons.amount_above_entitlement') })).toBeVisible();

    // Fixed the amount, but a partial refund without a reason: the old error goes, the new one shows.
    await panel.getByLabel(fi('staffReturns.refundAmount')).fill('10');
    await panel.getByRole('button', { name: fi('staffReturns.completeSubmit') }).click();
    await expect(panel.getByText(fi('staffReturns.errors.shortRefundReason'))).toBeVisible();
    await expect(panel.getByText(fi('staffReturns.reasons.amount_above_entitlement'))).toHaveCount(0);
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.inspected'));

    await panel.getByLabel(fi('staffReturns.note')).fill('Asiakas palautti tuotteen rikki');
    await panel.getByRole('button', { name: fi('staffReturns.completeSubmit') }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByRole('heading', { name: fi('staffReturns.shortRefund.title') })).toBeVisible();
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: fi('staffReturns.cancel') }).click();
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.inspected'));
    expect(await db.select().from(refunds).where(eq(refunds.returnId, r.returnId))).toHaveLength(0);

    await panel.getByRole('button', { name: fi('staffReturns.completeSubmit') }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: /10/ }).click();
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.completed'));
    const rows = await db.select().from(refunds).where(eq(refunds.returnId, r.returnId));
    expect(rows.map((x) => x.amount)).toEqual([1000]);
  });

  test('a damaged item returned as “changed my mind” is proposed at the policy’s 30 % less, and taking the proposal needs no reason', async ({ page, db }) => {
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 8900, reasonCode: 'changed_mind' }] });
    await db.update(returnItems).set({ receivedQuantity: 1, inspectionGrade: 'damaged', restock: false }).where(eq(returnItems.returnId, r.returnId));
    await db.update(returns).set({ status: 'inspected', receivedAt: new Date(), inspectedAt: new Date() }).where(eq(returns.id, r.returnId));
    await loginAs(page, 'agent');
    await page.goto(`/staff/cases/${r.caseId}`);
    const panel = page.getByTestId('return-panel');
    // 89,00 € − 30 % = 62,30 € due, and the form says why.
    await expect(panel.getByText(fi('staffReturns.refundDue').replace('{amount}', ''))).toContainText('62,30');
    const why = panel.getByTestId('refund-deduction');
    await expect(why).toContainText('−30 %');
    await expect(why).toContainText('Muutin mieleni');
    await expect(why).toContainText('26,70');

    await panel.getByRole('button', { name: fi('staffReturns.completeSubmit') }).click();
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.completed'));
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    const rows = await db.select().from(refunds).where(eq(refunds.returnId, r.returnId));
    expect(rows.map((x) => x.amount)).toEqual([6230]);
  });

  test('after an edit conflict the notice names the other agent’s tags and saving again keeps them', async ({ browser, db }) => {
    const c = await createCase(db, { subject: 'Tag conflict' });
    const a = await browser.newPage();
    const b = await browser.newPage();
    await loginAs(a, 'agent');
    await loginAs(b, 'agent');
    await a.goto(`/staff/cases/${c.id}`);
    await b.goto(`/staff/cases/${c.id}`);

    // B is mid-edit when A saves. (A form nobody has touched adopts the newer version when the page refreshes live,
    // and then there is no conflict: B starting to type only after that refresh made this test fail now and then.)
    await b.getByLabel(fi('staff.case.tags')).fill('damaged');
    await a.getByLabel(fi('staff.case.tags')).fill('vip');
    await a.getByRole('button', { name: fi('staff.case.save'), exact: true }).click();
    await expect(a.getByRole('status').filter({ hasText: fi('staff.case.saved') })).toBeVisible();

    await b.getByLabel(fi('staff.case.status')).selectOption('waiting_carrier');
    await b.getByRole('button', { name: fi('staff.case.save'), exact: true }).click();
    const alert = b.getByRole('alert').filter({ hasText: fi('staff.case.conflictTitle') });
    await expect(alert).toContainText(fill('staff.case.conflictField', { field: fi('staff.case.tags'), value: 'vip' }));
    await expect(alert).not.toContainText(fi('staff.case.other'));
    await expect(b.getByLabel(fi('staff.case.tags'))).toHaveValue('damaged, vip');
    await b.getByRole('button', { name: fi('staff.case.saveAgain') }).click();
    await expect(b.getByRole('status').filter({ hasText: fi('staff.case.saved') })).toBeVisible();
    await expect.poll(async () => (await db.select({ tags: cases.tags, status: cases.status }).from(cases).where(eq(cases.id, c.id)))[0]).toEqual({ tags: ['damaged', 'vip'], status: 'waiting_carrier' });
  });

  test('the parcel macro uses the case’s parcel, or asks which parcel on a multi-parcel order', async ({ page, db, makeOrder }) => {
    const order = await makeOrder('fi');
    const parcels = await db.select().from(shipments).where(eq(shipments.orderId, order.id));
    const posti = parcels.find((p) => p.carrier === 'posti')!;
    const mh = parcels.find((p) => p.carrier === 'matkahuolto')!;
    const about = await createCase(db, { orderId: order.id, customerEmail: order.email, locale: 'fi', subject: 'Paketti jumissa' });
    await db.update(cases).set({ type: 'delivery_issue', shipmentId: mh.id }).where(and(eq(cases.id, about.id)));
    const general = await createCase(db, { orderId: order.id, customerEmail: order.email, locale: 'fi', subject: 'Missä paketit?' });
    await loginAs(page, 'agent');

    const body = page.getByRole('textbox', { name: fi('staff.case.replyLabel'), exact: true });
    await page.goto(`/staff/cases/${about.id}`);
    await page.getByLabel(fi('staff.case.macro')).selectOption({ label: 'Missä pakettini on' });
    await expect(body).toHaveValue(new RegExp(`Matkahuolto-pakettia ${mh.trackingNumber}`));
    await expect(body).not.toHaveValue(new RegExp(posti.trackingNumber));

    await page.goto(`/staff/cases/${general.id}`);
    await page.getByLabel(fi('staff.case.macro')).selectOption({ label: 'Missä pakettini on' });
    const ask = page.getByRole('group', { name: fi('staff.macroParcel.which') });
    await expect(ask).toBeVisible();
    await expect(body).toHaveValue('');
    await ask.getByRole('button', { name: new RegExp(mh.trackingNumber) }).click();
    await expect(body).toHaveValue(new RegExp(`Matkahuolto-pakettia ${mh.trackingNumber}`));
    await expect(ask).toHaveCount(0);
  });
});
