import { eq } from 'drizzle-orm';
import { settings } from '../../db/schema';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';
import { ownAdmin } from './settings-helpers';

const en = (key: string) => msg('en', key);

test.describe('[SETTINGS] email templates', () => {
  test('an admin rewords a Danish survey text: a dropped placeholder is refused, the live preview follows, reset restores the default', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    const admin = await ownAdmin(db);
    try {
      await loginAs(page, admin);
      await page.goto('/staff/settings/emails');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('staffSettings.emails.title'));
      await page.getByLabel(en('staffSettings.emails.kind')).selectOption('csat');
      await page.getByLabel(en('staffSettings.emails.language')).selectOption('da');
      await page.getByRole('button', { name: en('staffSettings.emails.open') }).click();
      await expect(page).toHaveURL(/kind=csat&locale=da/);

      const heading = page.getByLabel(/^heading/);
      await expect(heading).toHaveValue(msg('da', 'csat.email.heading'));
      const preview = page.frameLocator('[data-testid="email-preview"]');
      await expect(preview.locator('h1')).toHaveText(msg('da', 'csat.email.heading'));

      // The subject must keep {shop}: refused as typed and on save, nothing stored.
      const subject = page.getByLabel(/^subject/);
      await subject.fill('Hvordan gik det?');
      await expect(page.getByText(en('staffSettings.errors.icuArguments'))).toBeVisible();
      await page.getByRole('button', { name: en('staffSettings.emails.save') }).click();
      await expect(page.getByRole('alert').filter({ hasText: en('staff.errors.invalid_input') })).toBeVisible();
      const [stored] = await db.select().from(settings).where(eq(settings.key, 'emailTemplates'));
      expect(JSON.stringify(stored?.value ?? {})).not.toContain('Hvordan gik det?');

      await subject.fill('{shop}: hvordan gik det?');
      await heading.fill('Fortæl os, hvordan det gik');
      await expect(preview.locator('h1')).toHaveText('Fortæl os, hvordan det gik');
      // The preview is the customer's email in a sandboxed frame (no scripts run there, axe cannot either).
      await expectNoAxeViolations(page, { exclude: ['[data-testid="email-preview"]'] });
      await page.getByRole('button', { name: en('staffSettings.emails.save') }).click();
      await expect(page.getByRole('status')).toHaveText(en('staffSettings.emails.saved'));
      const [saved] = await db.select().from(settings).where(eq(settings.key, 'emailTemplates'));
      expect((saved!.value as Record<string, Record<string, string>>).da).toMatchObject({ 'csat.email.heading': 'Fortæl os, hvordan det gik', 'csat.email.subject': '{shop}: hvordan gik det?' });

      await page.reload();
      await expect(page.getByLabel(/^heading/)).toHaveValue('Fortæl os, hvordan det gik');
      await page.getByRole('button', { name: en('staffSettings.emails.resetLabel').replace('{key}', 'heading') }).click();
      await expect(page.getByRole('status')).toHaveText(en('staffSettings.emails.resetDone'));
      await expect(page.getByLabel(/^heading/)).toHaveValue(msg('da', 'csat.email.heading'));
    } finally {
      await db.delete(settings).where(eq(settings.key, 'emailTemplates'));
    }
  });
});
