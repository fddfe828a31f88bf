import { randomUUID } from 'node:crypto';
import { generateTotpSecret } from '../../lib/auth/totp';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

const t = (key: string) => msg('en', `staffAdmin.integrations.${key}`);

test.describe('[ADMIN] Shop platforms', () => {
  test.setTimeout(120_000);

  test('an admin connects a Shopify shop (secrets never shown again), a bad backfill is explained, the shop is removed; axe clean', async ({ page, db, expectNoAxeViolations }) => {
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    await loginAs(page, admin);
    await page.goto('/staff/settings/integrations');
    await expect(page.getByRole('heading', { level: 1, name: t('title') })).toBeVisible();
    await expectNoAxeViolations(page);

    const shop = `e2e-${randomUUID().slice(0, 8)}.myshopify.com`;
    await page.getByLabel(t('shopDomain')).fill('shop.example.com');
    await page.getByLabel(t('accessToken')).fill('shpat_e2e_admin_token_0001');
    await page.getByLabel(t('webhookSecret')).fill('shpss_e2e_admin_secret_0001');
    await page.getByRole('button', { name: t('add') }).click();
    await expect(page.getByText(t('errors.shopDomainInvalid'))).toBeVisible();

    await page.getByLabel(t('shopDomain')).fill(shop);
    await page.getByRole('button', { name: t('add') }).click();
    await expect(page.getByTestId('integration-add-feedback')).toHaveText(t('done.added'));
    const row = page.locator(`[data-testid="integration-row"][data-domain="${shop}"]`);
    await expect(row).toBeVisible();
    await page.reload();
    const html = await page.content();
    expect(html).not.toContain('shpat_e2e_admin_token_0001');
    expect(html).not.toContain('shpss_e2e_admin_secret_0001');

    await row.getByLabel(`${t('backfillDays')}: ${shop}`).fill('0');
    await row.getByRole('button', { name: t('backfill') }).click();
    await expect(row.getByTestId('integration-feedback')).toHaveText(t('errors.backfillDaysInvalid'));

    await row.getByRole('button', { name: `${t('remove')}: ${shop}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: t('remove') }).click();
    await expect(row).toHaveCount(0);
  });

  test('an admin connects a WooCommerce store (keys never shown again); an http:// address is explained; axe clean', async ({ page, db, expectNoAxeViolations }) => {
    const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    await loginAs(page, admin);
    await page.goto('/staff/settings/integrations');
    const host = `e2e-${randomUUID().slice(0, 8)}.example.com`;
    await page.getByLabel(t('woo.url')).fill(`http://${host}`);
    await page.getByLabel(t('woo.consumerKey')).fill('ck_e2eadminkey0001');
    await page.getByLabel(t('woo.consumerSecret')).fill('cs_e2eadminsecret0001');
    await page.getByLabel(t('woo.webhookSecret')).fill('wc_e2e_admin_secret_0001');
    await page.getByRole('button', { name: t('woo.add') }).click();
    await expect(page.getByText(t('errors.siteUrlInvalid'))).toBeVisible();

    await page.getByLabel(t('woo.url')).fill(`https://${host}`);
    await page.getByRole('button', { name: t('woo.add') }).click();
    await expect(page.getByTestId('integration-add-woo-feedback')).toHaveText(t('done.added'));
    const row = page.locator(`[data-testid="integration-row"][data-domain="${host}"]`);
    await expect(row).toContainText('WooCommerce');
    await page.reload();
    const html = await page.content();
    expect(html).not.toContain('cs_e2eadminsecret0001');
    expect(html).not.toContain('wc_e2e_admin_secret_0001');
    await expectNoAxeViolations(page);

    await row.getByRole('button', { name: `${t('remove')}: ${host}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: t('remove') }).click();
    await expect(row).toHaveCount(0);
  });
});
