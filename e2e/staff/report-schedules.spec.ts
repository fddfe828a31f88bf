import { eq } from 'drizzle-orm';
import { settings, staffUsers } from '../../db/schema';
import type { Db } from '../../db';
import { REPORT_SCHEDULES_KEY } from '../../lib/reports/report-schedules';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';
import { ownAdmin } from './settings-helpers';

const t = (key: string) => msg('en', `staffAdmin.reportSchedules.${key}`);

/** Our schedules (those that send to this admin) as stored: what the page saved, or did not. */
async function schedulesTo(db: Db, staffId: string) {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, REPORT_SCHEDULES_KEY));
  const all = ((row?.value as { schedules?: Array<{ id: string; recipients: string[]; frequency: string; weekday: number; range: string; locale: string; report: string }> })?.schedules ?? []);
  return all.filter((s) => s.recipients.includes(staffId));
}

test.describe('[ADMIN] scheduled report emails', () => {
  test.setTimeout(90_000);

  test('an admin adds a weekly schedule by keyboard, edits and deletes it; no recipient is refused; axe clean', async ({ page, db, expectNoAxeViolations }) => {
    const admin = await ownAdmin(db);
    const [me] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, admin.email));
    const adminId = me!.id;
    try {
      await loginAs(page, admin);
      // Admins find it from the reports page (and under Settings).
      await page.goto('/staff/reports');
      await page.getByRole('link', { name: msg('en', 'staffReports.schedulesLink') }).click();
      await expect(page.getByRole('heading', { level: 1, name: t('title') })).toBeVisible();
      await expect(page.getByRole('navigation', { name: msg('en', 'staffSettings.nav.label') }).getByRole('link', { name: msg('en', 'staffSettings.nav.reportSchedules') })).toHaveAttribute('aria-current', 'page');

      // Without a recipient: a localized error beside the recipients, and nothing is saved.
      await page.getByRole('button', { name: t('submitAdd') }).click();
      await expect(page.getByText(msg('en', 'staffAdmin.errors.recipientsRequired'))).toBeVisible();
      await expectNoAxeViolations(page);
      expect(await schedulesTo(db, adminId)).toEqual([]);

      // By keyboard: report "Team" (type-ahead), every table, weekly on Friday, last week, in Finnish, to me.
      await page.getByLabel(t('fields.report'), { exact: true }).focus();
      await page.keyboard.type('Team');
      await page.keyboard.press('Tab'); // table: all tables
      await page.keyboard.press('Tab'); // frequency: weekly (the default)
      await page.keyboard.press('Tab');
      await expect(page.getByLabel(t('fields.weekday'))).toBeFocused();
      await page.keyboard.type('Fr');
      await page.keyboard.press('Tab'); // range: last week (follows the frequency)
      await page.keyboard.press('Tab');
      await expect(page.getByLabel(t('fields.language'))).toBeFocused();
      await page.keyboard.type('Fi');
      const mine = page.getByRole('group', { name: t('fields.recipients') }).getByRole('checkbox', { name: new RegExp(admin.email.replace(/[.+]/g, '\\$&')) });
      await mine.focus();
      await page.keyboard.press('Space');
      await expect(mine).toBeChecked();
      await page.getByRole('button', { name: t('submitAdd') }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('status').filter({ hasText: msg('en', 'staffAdmin.done.scheduleCreated') })).toBeVisible();

      const row = page.getByTestId('report-schedule').filter({ hasText: admin.name });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(msg('en', 'staffReports.reports.team.title'));
      await expect(row).toContainText(t('weeklyOn').replace('{day}', t('weekdays.5')));
      await expect(row).toContainText(t('ranges.lastWeek'));
      await expect(row).toContainText(t('languages.fi'));
      await expect(row.getByTestId('schedule-last-sent')).toHaveText(t('notSent'));
      expect(await schedulesTo(db, adminId)).toMatchObject([{ report: 'team', frequency: 'weekly', weekday: 5, range: 'lastWeek', locale: 'fi' }]);
      await expectNoAxeViolations(page);

      // Edit: daily now (the period follows: yesterday).
      await row.getByRole('button', { name: t('edit') }).press('Enter');
      await expect(page.getByRole('heading', { level: 2, name: t('editHeading') })).toBeVisible();
      await expect(page.getByLabel(t('fields.report'), { exact: true })).toBeFocused();
      await page.getByLabel(t('fields.frequency')).selectOption('daily');
      await expect(page.getByLabel(t('fields.range'))).toHaveValue('yesterday');
      await page.getByRole('button', { name: t('submitSave') }).click();
      await expect(page.getByRole('status').filter({ hasText: msg('en', 'staffAdmin.done.scheduleSaved') })).toBeVisible();
      await expect(row).toContainText(t('frequencies.daily'));
      await expect(row).toContainText(t('ranges.yesterday'));
      expect(await schedulesTo(db, adminId)).toMatchObject([{ frequency: 'daily', range: 'yesterday' }]);

      // Delete, after confirming.
      await row.getByRole('button', { name: t('delete') }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: t('delete') }).click();
      await expect(page.getByRole('status').filter({ hasText: msg('en', 'staffAdmin.done.scheduleDeleted') })).toBeVisible();
      await expect(row).toHaveCount(0);
      expect(await schedulesTo(db, adminId)).toEqual([]);
    } finally {
      const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, REPORT_SCHEDULES_KEY));
      const value = row?.value as { schedules: Array<{ recipients: string[] }> } | undefined;
      if (value) await db.update(settings).set({ value: { schedules: value.schedules.filter((s) => !s.recipients.includes(adminId)) } }).where(eq(settings.key, REPORT_SCHEDULES_KEY));
    }
  });

  test('an agent sees neither the link nor the page', async ({ page }) => {
    await loginAs(page, 'agent');
    await page.goto('/staff/reports');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: msg('fi', 'staffReports.schedulesLink') })).toHaveCount(0);
    await page.goto('/staff/settings/reports');
    await expect(page).toHaveURL(/\/staff\?denied=settings$/);
    await expect(page.getByRole('heading', { name: msg('fi', 'staffAdmin.reportSchedules.title') })).toHaveCount(0);
  });
});
