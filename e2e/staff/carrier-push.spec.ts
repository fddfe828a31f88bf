import { inArray } from 'drizzle-orm';
import { carrierPushSubscriptions } from '../../db/schema';
import { generateTotpSecret } from '../../lib/auth/totp';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, msgPrefix, test } from '../fixtures';
import { loginAs } from './login';

test.describe('[ADMIN] carrier push subscriptions', () => {
  test.setTimeout(90_000);

  test('the carriers page says whether push subscriptions run, counts them by status and shows the latest error; axe clean', async ({ page, db, expectNoAxeViolations }) => {
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    const suffix = String(Date.now());
    const rows = await db
      .insert(carrierPushSubscriptions)
      .values([
        { carrier: 'dhl', scopeKind: 'tracking_number', scopeRef: `E2EPUSHA${suffix}`, status: 'active', externalId: `sub-a-${suffix}`, expiresAt: new Date(Date.now() + 20 * 86_400_000) },
        { carrier: 'dhl', scopeKind: 'tracking_number', scopeRef: `E2EPUSHF${suffix}`, status: 'failed', attempts: 10, lastError: 'DHL push subscribe: HTTP 403 (wrong key)' },
      ])
      .returning({ id: carrierPushSubscriptions.id });
    try {
      await loginAs(page, admin);
      await page.goto('/staff/settings/carriers');
      const section = page.getByTestId('carrier-dhl');
      await section.locator('summary').click();
      const push = section.getByTestId('push-status-dhl');
      await expect(push.getByRole('heading', { name: msg('en', 'carrierPush.title') })).toBeVisible();
      // The e2e server has no DHL API key: push is not set up, and the page says why.
      await expect(push).toContainText(msg('en', 'carrierPush.notReady.no_credentials'));
      await expect(push).toContainText(msg('en', 'carrierPush.status.active'));
      await expect(push).toContainText(msg('en', 'carrierPush.status.failed'));
      await expect(push.getByRole('status')).toContainText(msgPrefix('en', 'carrierPush.lastError'));
      await expect(push.getByRole('status')).toContainText('HTTP 403 (wrong key)');
      await expectNoAxeViolations(page);
      // A carrier without subscriptions has no such section.
      await expect(page.getByTestId('push-status-posti')).toHaveCount(0);
    } finally {
      await db.delete(carrierPushSubscriptions).where(inArray(carrierPushSubscriptions.id, rows.map((r) => r.id)));
    }
  });
});
