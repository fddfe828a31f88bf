import { count, eq } from 'drizzle-orm';
import { returnPolicies } from '../../db/schema';
import { uniqueId } from '../../test/factories';
import { createReturnableOrder } from '../../test/return-factories';
import { expect, msg, test } from '../fixtures';
import { ReturnWizardPage } from '../pages/return-wizard';
import { loginAs } from './login';
import { newPerson, ownAdmin } from './settings-helpers';

const en = (key: string) => msg('en', key);

test.describe('[SETTINGS] return policy', () => {
  test('an admin adds a return reason, previews it on an order, saves; the customer wizard offers it; the change is in the audit log', async ({ page, browser, db, expectNoAxeViolations }) => {
    test.setTimeout(120_000);
    const [before] = await db.select().from(returnPolicies).where(eq(returnPolicies.isActive, true));
    const admin = await ownAdmin(db);
    const code = `e2e_${uniqueId().replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
    const label = `Arrived late ${code}`;
    try {
      await loginAs(page, admin);
      await page.getByRole('navigation', { name: en('staff.nav.label') }).getByRole('link', { name: en('staff.nav.settings') }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('staffSettings.title'));
      await expectNoAxeViolations(page);
      await page.getByRole('navigation', { name: en('staffSettings.nav.label') }).getByRole('link', { name: en('staffSettings.nav.returns') }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('staffSettings.returns.title'));

      // Bad input: a localized message at the field, nothing saved.
      const versions = await db.select({ n: count() }).from(returnPolicies);
      await page.getByLabel(en('staffSettings.returns.windowDays')).fill('999');
      await page.getByRole('button', { name: en('staffSettings.returns.save') }).click();
      await expect(page.getByText(en('staffSettings.errors.range'))).toBeVisible();
      await expect(page.getByLabel(en('staffSettings.returns.windowDays'))).toHaveAttribute('aria-invalid', 'true');
      expect(await db.select({ n: count() }).from(returnPolicies)).toEqual(versions);
      await page.getByLabel(en('staffSettings.returns.windowDays')).fill('30');

      // A new reason: store credit only, photo required.
      await page.getByRole('button', { name: en('staffSettings.returns.addReason') }).click();
      const row = page.getByTestId('reason-row').last();
      await row.getByLabel(en('staffSettings.returns.code'), { exact: true }).fill(code);
      await row.getByLabel(en('staffSettings.returns.label').replace('{language}', en('staffSettings.languages.en'))).fill(label);
      await row.getByRole('checkbox', { name: en('staffSettings.resolutions.refund') }).uncheck();
      await row.getByRole('checkbox', { name: en('staffSettings.resolutions.store_credit') }).check();
      await row.getByRole('checkbox', { name: en('staffSettings.returns.photoRequired') }).check();

      // Preview on a real order before saving: lines allowed, the new reason listed with its rules.
      const order = await createReturnableOrder(db, { locale: 'en', deliveredDaysAgo: 3 });
      await page.getByLabel(en('staffSettings.returns.previewOrder')).fill(order.orderNumber);
      await page.getByRole('button', { name: en('staffSettings.returns.runPreview') }).click();
      const preview = page.getByTestId('policy-preview');
      await expect(preview.getByTestId('preview-line').first()).toContainText(en('staffSettings.returns.allowed'));
      await expect(preview.getByTestId('preview-reasons')).toContainText(`${label}: ${en('staffSettings.resolutions.store_credit')} · ${en('staffSettings.returns.photoRequired')}`);
      await expectNoAxeViolations(page);
      expect(await db.select({ n: count() }).from(returnPolicies)).toEqual(versions);

      await page.getByRole('button', { name: en('staffSettings.returns.save') }).click();
      await expect(page.getByRole('status')).toHaveText(en('staffSettings.returns.saved'));
      const [active] = await db.select().from(returnPolicies).where(eq(returnPolicies.isActive, true));
      expect(active!.id).not.toBe(before!.id);
      expect(JSON.stringify(active!.reasons)).toContain(code);

      // The customer's wizard follows the saved policy.
      const customer = await newPerson(browser);
      const wizard = new ReturnWizardPage(customer, 'en');
      await wizard.open(order.orderNumber, order.email);
      await wizard.selectItem('Test shirt');
      await wizard.continue();
      await wizard.chooseReason(label);
      await customer.close();

      // Who changed what, when.
      await page.getByRole('link', { name: en('staffSettings.nav.overview') }).click();
      const audit = page.getByTestId('settings-audit');
      await expect(audit.getByRole('row').nth(1)).toContainText(admin.name);
      await expect(audit.getByRole('row').nth(1)).toContainText('returnPolicy');
      await expect(page.getByTestId('overview-policy')).toContainText('30');
    } finally {
      // Other specs expect the demo policy: make the original version active again.
      await db.transaction(async (tx) => {
        await tx.update(returnPolicies).set({ isActive: false }).where(eq(returnPolicies.isActive, true));
        await tx.update(returnPolicies).set({ isActive: true }).where(eq(returnPolicies.id, before!.id));
      });
    }
  });

  test('an agent has no settings link and is sent back to the desk', async ({ page }) => {
    await loginAs(page, 'agent');
    await expect(page.getByRole('link', { name: msg('fi', 'staff.nav.settings') })).toHaveCount(0);
    await page.goto('/staff/settings/returns');
    await expect(page).toHaveURL(/\/staff\?denied=settings$/);
  });
});
