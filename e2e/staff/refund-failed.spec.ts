import { eq } from 'drizzle-orm';
import { refunds } from '../../db/schema';
import { createDeliveryCase } from '../../test/staff2-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

// The demo agent works in Finnish (db/seed.ts).
const fi = (key: string) => msg('fi', key);

test.describe('[STAFF] refund failed — action needed', () => {
  test('a failed refund shows on the case with the provider message and in the queue; "Retry refund" sends it again and the worker pays it', async ({ page, db }) => {
    test.setTimeout(120_000);
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000 });
    // A refund the rail refused (written the way the executor leaves it: requested → failed, amount freed).
    const [row] = await db.insert(refunds).values({ orderId, caseId, amount: 2500, currency: 'EUR', reason: 'Parcel lost' }).returning();
    await db
      .update(refunds)
      .set({ status: 'failed', rail: 'demo', attempts: 1, nextAttemptAt: null, failureMessage: 'The customer’s card was canceled; the refund cannot be sent to it.', failureCode: 'expired_or_canceled_card' })
      .where(eq(refunds.id, row!.id));

    await loginAs(page, 'agent');
    await page.goto(`/staff/cases/${caseId}`);
    const panel = page.getByTestId('refunds-panel');
    await expect(panel.getByRole('alert')).toHaveText(fi('refunds.desk.failed'));
    await expect(panel.getByTestId('refund-provider-message')).toContainText('card was canceled');
    await expect(panel.getByTestId('refund-rail')).toHaveText(fi('refunds.desk.rail.demo'));

    await panel.getByRole('button', { name: fi('refunds.desk.retry') }).click();
    await expect(panel.getByRole('status')).toHaveText(fi('refunds.desk.retried'));
    // The worker carries it out on the demo rail.
    await expect.poll(async () => (await db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, row!.id)))[0]!.status, { timeout: 30_000 }).toBe('succeeded');
    // The live desk shows it paid, and the agent's "sent again" is still there: the refresh does not swallow it
    // (it did when the worker paid before the action's answer arrived).
    await expect(panel.getByTestId('refund-row')).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
    await expect(panel.getByRole('status')).toHaveText(fi('refunds.desk.retried'));
    await expect(panel.getByRole('button', { name: fi('refunds.desk.retry') })).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('refund-row')).toHaveAttribute('data-status', 'succeeded');
    await expect(page.getByTestId('refunds-panel').getByRole('alert')).toHaveCount(0);
  });
});
