import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { orderLines, orders, returnItems, returns } from '../../db/schema';
import { addDays } from '../../lib/reports/range';
import { localeTags } from '../../lib/i18n/locales';
import { readShopSettings } from '../../lib/settings/shop-settings';
import { uniqueId } from '../../test/factories';
import { createStaff } from '../../test/staff-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs, type StaffLogin } from './login';

const en = (key: string) => msg('en', key);
const REPORTS = ['returns', 'reasons', 'revenue', 'sla', 'team', 'csat', 'delays', 'wismo'] as const;

/** An agent of the test's own (English, no two-factor). */
async function ownAgent(db: Db): Promise<StaffLogin> {
  const agent = await createStaff(db, { role: 'agent', locale: 'en' });
  return { email: agent.email, password: agent.password, totpSecret: null };
}

/** A return of one sweater, with a reason code of this test's own so its row is ours alone. */
async function ownReturn(db: Db, order: { id: string }) {
  const reason = uniqueId('e2e-reason').toLowerCase().slice(0, 60);
  const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.position);
  const [ret] = await db.insert(returns).values({ rmaNumber: uniqueId('R'), orderId: order.id, method: 'drop_off', currency: 'EUR', status: 'requested' }).returning();
  await db.insert(returnItems).values({ returnId: ret!.id, orderLineId: line!.id, quantity: 1, reasonCode: reason, resolution: 'refund' });
  return reason;
}

test.describe('[STAFF] reports', () => {
  test('an agent opens every report from the staff nav; each has its CSV link and is axe clean', async ({ page, db, expectNoAxeViolations }) => {
    // Seven pages, each checked by axe: generous for a loaded CI machine.
    test.setTimeout(240_000);
    await loginAs(page, await ownAgent(db));
    await page.getByRole('navigation').getByRole('link', { name: en('staff.nav.reports') }).click();
    await expect(page.getByRole('heading', { level: 1, name: en('staffReports.title') })).toBeVisible();
    await expectNoAxeViolations(page);

    for (const id of REPORTS) {
      await page.goto('/staff/reports');
      await page.getByRole('link', { name: en(`staffReports.reports.${id}.title`) }).click();
      await expect(page.getByRole('heading', { level: 1, name: en(`staffReports.reports.${id}.title`) })).toBeVisible();
      await expect(page.getByRole('link', { name: new RegExp(`^${en('staffReports.downloadCsvOf').split('{')[0]}`) }).first()).toBeVisible();
      await expectNoAxeViolations(page);
    }
  });

  test('the CSAT report shows satisfaction by cause and by SLA outcome, the SLA report the backlog over time; axe clean', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    await loginAs(page, await ownAgent(db));
    await page.goto('/staff/reports/csat');
    await expect(page.getByRole('heading', { level: 2, name: en('staffReports.tables.csat.byCause') })).toBeVisible();
    const byCause = page.getByTestId('report-table-byCause');
    // Every cause has its row, in order of precedence, whether or not it has answers.
    await expect(byCause.locator('tbody th')).toHaveText(['carrier_late', 'damaged', 'wrong_item', 'slow_refund', 'other'].map((c) => en(`staffReports.causes.${c}`)));
    await expect(byCause.getByRole('columnheader', { name: en('staffReports.columns.satisfiedShare') })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: en('staffReports.tables.csat.bySlaOutcome') })).toBeVisible();
    await expect(page.getByTestId('report-table-bySlaOutcome').locator('tbody th')).toHaveText([en('staffReports.slaOutcomes.met'), en('staffReports.slaOutcomes.breached')]);
    await expectNoAxeViolations(page);

    await page.goto('/staff/reports/sla?range=7d');
    await expect(page.getByRole('heading', { level: 2, name: en('staffReports.tables.sla.backlog') })).toBeVisible();
    const backlog = page.getByTestId('report-table-backlog');
    await expect(backlog.locator('tbody tr')).toHaveCount(7);
    await expect(backlog.getByRole('columnheader', { name: en('staffReports.columns.openAtEnd') })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('an agent changes the range, refreshes and downloads a CSV that matches the database', async ({ page, db, makeOrder }) => {
    test.setTimeout(120_000);
    const order = await makeOrder();
    const reason = await ownReturn(db, order);
    await loginAs(page, await ownAgent(db));

    // Return rate, last 7 days: rebuild the figures, then our reason is in the table and the CSV.
    await page.goto('/staff/reports/returns');
    await page.getByLabel(en('staffReports.range.preset'), { exact: true }).selectOption('7d');
    await page.getByRole('button', { name: en('staffReports.range.apply') }).click();
    await expect(page).toHaveURL(/range=7d/);
    await page.getByRole('button', { name: en('staffReports.refresh.button') }).click();
    await expect(page.getByRole('status').filter({ hasText: en('staffReports.refresh.done').split('{')[0]!.trim() })).toBeVisible();
    const reasons = page.getByTestId('report-table-byReason');
    await expect(reasons.getByRole('row').filter({ hasText: reason })).toBeVisible();

    const downloading = page.waitForEvent('download');
    await reasons.getByRole('link', { name: new RegExp(en('staffReports.tables.returns.byReason')) }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^paluu-returns-byReason-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csv.slice(1).trimEnd().split('\r\n');
    expect(header).toBe([en('staffReports.columns.reason'), en('staffReports.columns.reasonCode'), en('staffReports.columns.returned'), en('staffReports.columns.shareOfReturns'), en('staffReports.columns.returnRate')].join(','));
    const ours = rows.map((r) => r.split(',')).find((cells) => cells[1] === reason)!;
    const [{ units }] = (await db.execute(sql`
      select sum(ri.quantity)::int as units from return_items ri join returns r on r.id = ri.return_id
      where ri.reason_code = ${reason} and r.status not in ('rejected', 'canceled')`)) as unknown as [{ units: number }];
    expect(Number(ours[2])).toBe(units);

    // Custom dates: editing a date switches the period to custom dates.
    await page.getByLabel(en('staffReports.range.from')).fill('2026-01-01');
    await page.getByLabel(en('staffReports.range.to')).fill('2026-01-31');
    await expect(page.getByLabel(en('staffReports.range.preset'), { exact: true })).toHaveValue('custom');
    await page.getByRole('button', { name: en('staffReports.range.apply') }).click();
    await expect(page).toHaveURL(/range=custom&from=2026-01-01&to=2026-01-31/);
    await expect(page.getByTestId('report-range')).toContainText('2026');

    // Dates the wrong way round: said so, and the default range shown instead.
    await page.goto('/staff/reports/sla?range=custom&from=2026-02-01&to=2026-01-01');
    await expect(page.getByRole('alert').filter({ hasText: en('staffReports.range.invalid') })).toBeVisible();
    // Exact: the backlog chart's legend icons are labelled too ("Open at period end legend icon").
    await expect(page.getByLabel(en('staffReports.range.preset'), { exact: true })).toHaveValue('30d');
  });

  test('a long table pages 25 rows at a time, keeps the range, and hides rates of too few sales', async ({ page, db, makeOrder, expectNoAxeViolations }) => {
    test.setTimeout(120_000);
    // One order on a day of our own, years back, with 30 products of its own: 30 rows of one sale each.
    const day = new Date(Date.UTC(2003, 0, 1) + randomInt(0, 3650) * 86_400_000).toISOString().slice(0, 10);
    const order = await makeOrder();
    await db.update(orders).set({ placedAt: new Date(`${day}T09:00:00Z`) }).where(eq(orders.id, order.id));
    const prefix = uniqueId('PG').toUpperCase().slice(0, 20);
    await db.insert(orderLines).values(Array.from({ length: 30 }, (_, i) => ({ orderId: order.id, position: 100 + i, sku: `${prefix}-${String(i).padStart(2, '0')}`, title: `Paged product ${i}`, unitPrice: 1_000, quantity: 1 })));
    await loginAs(page, await ownAgent(db));
    await page.goto(`/staff/reports/returns?range=custom&from=${day}&to=${day}`);
    await page.getByRole('button', { name: en('staffReports.refresh.button') }).click();
    await expect(page.getByRole('status').filter({ hasText: en('staffReports.refresh.done').split('{')[0]!.trim() })).toBeVisible();
    await page.reload();

    const products = page.getByTestId('report-table-byProduct');
    // Our 30 products and the order's own lines: one row per SKU sold that day.
    const total = (await db.select().from(orderLines).where(eq(orderLines.orderId, order.id))).length;
    await expect(products.locator('tbody tr')).toHaveCount(25);
    const pager = products.getByRole('navigation', { name: en('staffReports.pager.label').replace('{table}', en('staffReports.tables.returns.byProduct')) });
    await expect(pager).toContainText(en('staffReports.pager.rows').replace('{first}', '1').replace('{last}', '25').replace('{total}', String(total)));
    // One sale each: no rate shown, and the table says why.
    await expect(products.getByRole('row').filter({ hasText: `${prefix}-00` }).getByRole('cell').last()).toHaveText('—');
    await expect(products).toContainText(en('staffReports.sampleNote').split('{')[0]!.trim());
    await expectNoAxeViolations(page);

    await pager.getByRole('link', { name: en('staffReports.pager.next') }).click();
    await expect(page).toHaveURL(new RegExp(`range=custom&from=${day}&to=${day}&byProductPage=2#report-byProduct$`));
    await expect(products.locator('tbody tr')).toHaveCount(total - 25);
    await expect(pager).toContainText(en('staffReports.pager.rows').replace('{first}', '26').replace('{last}', String(total)).replace('{total}', String(total)));
    await expect(pager.getByRole('link', { name: en('staffReports.pager.next') })).toHaveCount(0);
    await pager.getByRole('link', { name: en('staffReports.pager.previous') }).click();
    await expect(products.locator('tbody tr')).toHaveCount(25);

    // The CSV has every row, not one page.
    const csv = await (await page.request.get(`/staff/reports/returns/csv?range=custom&from=${day}&to=${day}&table=byProduct`)).text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(total + 1);
  });

  test('the page says when its figures were computed: never, then the refresh, and which days are missing', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    // Two days of our own in 2014–2018, where no refresh has been (the paging test takes 2003–2012).
    const day = new Date(Date.UTC(2014, 0, 1) + randomInt(0, 1800) * 86_400_000).toISOString().slice(0, 10);
    const next = addDays(day, 1);
    const { timeZone } = await readShopSettings(db);
    await loginAs(page, await ownAgent(db));
    await page.goto(`/staff/reports/revenue?range=custom&from=${day}&to=${next}`);
    const asOf = page.getByTestId('figures-as-of');
    await expect(asOf).toHaveText(en('staffReports.refresh.never'));

    await page.getByRole('button', { name: en('staffReports.refresh.button') }).click();
    await expect(page.getByRole('status').filter({ hasText: en('staffReports.refresh.done').split('{')[0]!.trim() })).toBeVisible();
    const [{ computed }] = (await db.execute(sql`
      select refreshed_at as computed from report_refreshes
      where time_zone = ${timeZone} and from_day <= ${day}::date and to_day >= ${next}::date order by refreshed_at desc limit 1`)) as unknown as [{ computed: Date }];
    const shown = en('staffReports.refresh.asOf').replace('{date}', new Intl.DateTimeFormat(localeTags.en, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(computed)));
    await expect(asOf).toHaveText(shown);
    // The agent's English is British, as on the case page and in the emails: "7 Dec 2026, 14:05", no AM/PM.
    await expect(asOf).toHaveText(/\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}/);
    await expectNoAxeViolations(page);

    // A day before them was never computed: the same time, and the page says one day is missing.
    await page.goto(`/staff/reports/revenue?range=custom&from=${addDays(day, -1)}&to=${next}`);
    await expect(asOf).toHaveText(`${shown} ${en('staffReports.refresh.missingDays').replace(/\{count, plural, one \{([^}]*)\} other \{[^}]*\}\}/g, '$1')}`);
  });

  test('the CSV route answers signed-out visitors with 401 and a bad range with a clear error', async ({ page, db, request }) => {
    const anonymous = await request.get('/staff/reports/returns/csv?range=7d');
    expect(anonymous.status()).toBe(401);
    await loginAs(page, await ownAgent(db));
    const bad = await page.request.get('/staff/reports/returns/csv?range=custom&from=2026-02-01&to=2026-01-01');
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.code).toBe('invalid_input');
    expect((await page.request.get('/staff/reports/nope/csv')).status()).toBe(404);
  });

  test('a report is readable and usable by keyboard on a phone @phone', async ({ page, db, expectNoAxeViolations }) => {
    test.setTimeout(90_000);
    await loginAs(page, await ownAgent(db));
    await page.goto('/staff/reports/returns?range=90d');
    await expect(page.getByRole('heading', { level: 1, name: en('staffReports.reports.returns.title') })).toBeVisible();
    // Nothing wider than the screen but the tables' own scroll regions.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
    await expectNoAxeViolations(page);
    // Keyboard: the period select, then the dates and the Show button, in order.
    await page.getByLabel(en('staffReports.range.preset'), { exact: true }).focus();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel(en('staffReports.range.from'))).toBeFocused();
  });
});
