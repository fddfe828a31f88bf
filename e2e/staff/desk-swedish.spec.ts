import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateTotpSecret } from '../../lib/auth/totp';
import { localeTags } from '../../lib/i18n/locales';
import { createCase, createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from './login';

const sv = (key: string) => msg('sv', key);

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value, `${prefix}${key}.`)));
const catalog = (locale: string) => new Map(flatten(JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8')) as Tree));

/**
 * English messages that read differently in Swedish, whole and of at least two words (a single word such
 * as "Open" could be part of a Swedish sentence or of the test data): seeing one on a Swedish page means
 * that page fell back to English.
 */
const swedish = catalog('sv');
const englishOnly = [...catalog('en')].filter(([key, text]) => swedish.get(key) !== text && !text.includes('{') && text.trim().split(/\s+/).length >= 2).map(([, text]) => text);

async function expectNoEnglish(page: Page, options: { ignoreSelectOptions?: boolean } = {}): Promise<void> {
  let shown = await page.locator('body').innerText();
  if (options.ignoreSelectOptions) for (const option of await page.locator('option').allInnerTexts()) shown = shown.replaceAll(option, '');
  // Text marked as another language is the customer's (a notice preview, an email's subject): in their language on purpose.
  for (const other of await page.locator('body [lang]:not([lang|="sv"])').allInnerTexts()) shown = shown.replaceAll(other, '');
  expect(englishOnly.filter((text) => shown.includes(text)), `English on ${page.url()}`).toEqual([]);
}

test.describe('[STAFF] the desk in Swedish (#17)', () => {
  test('an agent whose language is Swedish works the queue, a case and the reports in Swedish, with no English left; axe clean', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(120_000);
    const agent = await createStaff(db, { role: 'agent', locale: 'sv', name: 'Sanna Sundström' });
    const subject = `Byte av storlek ${Date.now()}`;
    const c = await createCase(db, { locale: 'sv', customerName: 'Sara Svensson', subject });

    await loginAs(page, agent);
    await expect(page.locator('html')).toHaveAttribute('lang', localeTags.sv);
    await expect(page.getByRole('heading', { level: 1, name: sv('staff.queue.title') })).toBeVisible();
    await expect(page.getByRole('link', { name: sv('staff.nav.reports') })).toBeVisible();
    await expectNoEnglish(page);
    await expectNoAxeViolations(page);

    // exact: the header's "Sök i allt" (search everything) also contains "Sök".
    const queueSearch = page.getByRole('searchbox', { name: sv('staff.queue.search'), exact: true });
    // The queue's search finds numbers, emails and names, not subjects: the case number.
    await queueSearch.fill(String(c.number));
    await queueSearch.press('Enter');
    await page.getByRole('link', { name: `#${c.number} ${subject}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${sv('staff.case.heading').replace('{number}', String(c.number))} · ${subject}`);
    await expect(page.getByRole('region', { name: sv('staff.case.timeline') })).toBeVisible();
    await expectNoEnglish(page);
    await expectNoAxeViolations(page);

    const reply = 'Hej Sara! Vi byter gärna till storlek M.';
    await page.getByRole('textbox', { name: sv('staff.case.replyLabel'), exact: true }).fill(reply);
    await page.getByRole('button', { name: sv('staff.case.sendReply') }).click();
    await expect(page.getByRole('status').filter({ hasText: sv('staff.case.replySent') })).toBeVisible();

    await page.getByRole('link', { name: sv('staff.nav.reports') }).click();
    await expect(page.getByRole('heading', { level: 1, name: sv('staffReports.title') })).toBeVisible();
    await expect(page.getByText(sv('staffReports.reports.returns.title'), { exact: true }).first()).toBeVisible();
    await expectNoEnglish(page);
    await expectNoAxeViolations(page);
  });

  test('an admin whose language is Swedish sees every settings page, the delays and the approvals in Swedish, with no English left', async ({ page, db }) => {
    test.setTimeout(180_000);
    const admin = await createStaff(db, { role: 'admin', locale: 'sv', totpSecret: generateTotpSecret(), name: 'Alva Andersson' });
    await loginAs(page, admin);

    const pages: Array<[string, string, { ignoreSelectOptions?: boolean }?]> = [
      ['/staff/settings', 'staffSettings.title'],
      ['/staff/settings/returns', 'staffSettings.returns.title'],
      ['/staff/settings/branding', 'staffSettings.branding.title'],
      ['/staff/settings/emails', 'staffSettings.emails.title'],
      ['/staff/settings/sla', 'staffAdmin.sla.title'],
      ['/staff/settings/carriers', 'staffAdmin.carriers.title'],
      ['/staff/settings/staff', 'staffAdmin.staff.title'],
      ['/staff/settings/api-keys', 'staffAdmin.apiKeys.title'],
      ['/staff/settings/privacy', 'staffPrivacy.title'],
      ['/staff/settings/webhooks', 'webhooks.title'],
      ['/staff/settings/integrations', 'staffAdmin.integrations.title'],
      // Its macro pickers list the shop's macros of every language, English ones included: data, not the catalog.
      ['/staff/settings/automation', 'automation.title', { ignoreSelectOptions: true }],
      ['/staff/delays', 'staffDelays.title'],
      ['/staff/approvals', 'approvals.title'],
      ['/staff/outbox', 'staff.outbox.title'],
    ];
    for (const [url, title, options] of pages) {
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1, name: sv(title), exact: true }), url).toBeVisible();
      await expectNoEnglish(page, options);
    }
  });
});
