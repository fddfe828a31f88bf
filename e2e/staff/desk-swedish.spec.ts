import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
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

async function expectNoEnglish(page: Page): Promise<void> {
  const shown = await page.locator('body').innerText();
  expect(englishOnly.filter((text) => shown.includes(text))).toEqual([]);
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
    await queueSearch.fill(subject);
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
});
