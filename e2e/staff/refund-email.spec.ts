import { and, eq } from 'drizzle-orm';
import { outbox, returns, shipments } from '../../db/schema';
import { expect, msg, test } from '../fixtures';
import { approveReturnFromCase } from './return-case';

// The demo agent works in Finnish (db/seed.ts); the customer's order is in English.
const fi = (key: string) => msg('fi', key);
const en = (key: string) => msg('en', key);

test.describe('[STAFF] refund-issued email', () => {
  test('after a staff refund the refund-issued email is in the mail preview, on the one layout, with the amount and where the money goes', async ({ page, db }) => {
    test.setTimeout(120_000);
    const { r, panel } = await approveReturnFromCase(page, db);

    const [row] = await db.select({ tracking: shipments.trackingNumber }).from(returns).innerJoin(shipments, eq(shipments.id, returns.returnShipmentId)).where(eq(returns.id, r.returnId));
    await page.goto('/staff/receiving');
    await page.getByLabel(fi('staffReturns.receiving.code')).fill(row!.tracking);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: new RegExp(r.rma) })).toBeVisible();
    await page.getByRole('button', { name: fi('staffReturns.receiving.submit') }).click();
    await expect(page.getByRole('status')).toHaveText(fi('staffReturns.done.received').replace('{rma}', r.rma));

    await page.goto(`/staff/cases/${r.caseId}`);
    await panel.getByRole('button', { name: fi('staffReturns.inspectSubmit') }).click();
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.inspected'));
    await panel.getByRole('button', { name: fi('staffReturns.completeSubmit') }).click();
    await expect(panel.getByTestId('return-status')).toHaveText(fi('staffReturns.statuses.completed'));

    // The refund is only requested at completion; the worker pays it on the demo rail, then queues the email.
    const refundMails = () => db.select().from(outbox).where(and(eq(outbox.orderId, r.orderId), eq(outbox.kind, 'email.refund_issued')));
    await expect.poll(async () => (await refundMails()).length, { timeout: 30_000 }).toBe(1);
    const mails = await refundMails();
    expect(mails).toHaveLength(1);
    await page.goto(`/staff/outbox/${mails[0]!.id}`);
    await expect(page.getByRole('heading', { level: 1, name: mails[0]!.subject })).toBeVisible();
    const preview = page.frameLocator('iframe');
    await expect(preview.getByRole('heading', { level: 1, name: en('refundEmail.heading').replace('{amount}', '€49.00') })).toBeVisible();
    await expect(preview.getByText(en('refundEmail.toCard'))).toBeVisible();
    await expect(preview.locator('html')).toHaveAttribute('lang', 'en-GB');
  });
});
