import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Page, TestInfo } from '@playwright/test';
import type { Db } from '../../db';
import { expect, msg, test, type TestOrder } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

// Issue 18 (customer slice): getting in, the first screen that answers, problems with a next step.

type Locale = 'fi' | 'sv' | 'en';

/** The message with its arguments left out: the parts a customer reads whatever the values. */
const fixedParts = (locale: Locale, key: string) =>
  msg(locale, key)
    .split(/\{[^}]*\}/)
    .map((part) => part.trim())
    .filter((part) => part.length > 2);

/** Screenshots of a changed page at 360 and 1280 px, kept as test attachments (they land in the e2e artifacts). */
async function attachScreens(page: Page, testInfo: TestInfo, name: string) {
  const original = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await testInfo.attach(`${name}-${width}px.png`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  }
  if (original) await page.setViewportSize(original);
}

/** The pickup parcel of the factory order turned into a late one: every estimate past, last scan two days ago. */
async function makeLate(db: Db, order: TestOrder) {
  await db.execute(sql`
    update shipments set status = 'in_transit', pickup_point = null, pickup_deadline = null,
      promised_date = current_date - 3, predicted_date = current_date - 2, carrier_eta = null
    where order_id = ${order.id} and carrier = 'matkahuolto'`);
  await db.execute(sql`
    update tracking_events set status = 'in_transit', description = 'Saapunut määräterminaaliin', occurred_at = now() - interval '2 days'
    where shipment_id = (select id from shipments where order_id = ${order.id} and carrier = 'matkahuolto')`);
}

/**
 * The order now goes to Norway, its pickup parcel a Bring parcel held by Norwegian customs since yesterday, its
 * estimates all past (Posten's 14 days for the documents are Norway's rule: lib/tracking/parcel-help.ts).
 */
async function makeCustomsHold(db: Db, order: TestOrder) {
  await db.execute(sql`update orders set shipping_country = 'NO' where id = ${order.id}`);
  await db.execute(sql`
    update shipments set carrier = 'bring', status = 'exception', sub_status = 'customs', pickup_point = null, pickup_deadline = null,
      promised_date = current_date - 2, predicted_date = current_date - 1, carrier_eta = current_date - 1
    where order_id = ${order.id} and carrier = 'matkahuolto'`);
  await db.execute(sql`
    update tracking_events set carrier = 'bring', status = 'exception', sub_status = 'customs',
      description = 'The shipment is held by customs. Customs needs more information.', location = 'Oslo', occurred_at = now() - interval '1 day'
    where shipment_id = (select id from shipments where order_id = ${order.id} and carrier = 'bring')`);
}

test('[FIRST] en: an order number typed as "kk 204131" opens order KK-204131 @phone', async ({ page, db, makeOrder }) => {
  test.slow();
  const order = await makeOrder('en');
  const digits = String(randomInt(100_000_000, 999_999_999));
  await db.execute(sql`update orders set order_number = ${`KK-${digits}`} where id = ${order.id}`);
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(` kk ${digits} `, order.email);
  await expect(page).toHaveURL(new RegExp(`/en/orders/KK-${digits}$`), { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`KK-${digits}`);
  // Only the digits find it too, as long as no other order has them.
  await page.context().clearCookies();
  await lookup.goto();
  await lookup.lookUp(digits, order.email);
  await expect(page).toHaveURL(new RegExp(`/en/orders/KK-${digits}$`), { timeout: 20_000 });
});

for (const locale of ['fi', 'sv', 'en'] as const) {
  test(`[FIRST] ${locale}: the first sentence answers for the whole order, with the late parcel's new date @phone`, async ({ page, db, makeOrder, expectNoAxeViolations }, testInfo) => {
    test.slow(); // screenshots at two widths
    const order = await makeOrder(locale);
    await makeLate(db, order);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    await expect(page).toHaveURL(new RegExp(`/${locale}/orders/${order.orderNumber}$`), { timeout: 20_000 });

    const heading = page.getByRole('heading', { level: 1 });
    const summary = page.getByTestId('order-summary');
    await expect(heading).toContainText(order.orderNumber);
    // "1 of 2 parcels delivered — Wool Socks is late, now expected <date>", in the page's language.
    for (const part of [...fixedParts(locale, 'firstScreen.summary.late'), ...fixedParts(locale, 'firstScreen.summary.withEstimate')]) await expect(summary).toContainText(part);
    await expect(summary).toContainText('Wool Socks');
    if (locale === 'en') await expect(summary).toHaveText(/^1 of 2 parcels delivered — Wool Socks is late, now expected \w{3},? (\d{1,2} \w{3}|\w{3} \d{1,2})$/);
    // The heading is the answer: its accessible name carries the sentence.
    await expect(page.getByRole('heading', { level: 1, name: /Wool Socks/ })).toBeVisible();

    // The card shows the new estimate, never one already past.
    const late = page.getByTestId('parcel').nth(1);
    await expect(late.getByText(msg(locale, 'firstScreen.estimate.revised'))).toBeVisible();
    const shown = await late.getByTestId('expected-date').textContent();
    await expect(summary).toContainText(shown!.trim());
    await expectNoAxeViolations(page);
    await attachScreens(page, testInfo, `order-late-${locale}`);
  });

  test(`[FIRST] ${locale}: a parcel held in customs says what customs needs, where to answer and by when @phone`, async ({ page, db, makeOrder, expectNoAxeViolations }, testInfo) => {
    test.slow();
    const order = await makeOrder(locale);
    await makeCustomsHold(db, order);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    await expect(page).toHaveURL(new RegExp(`/${locale}/orders/${order.orderNumber}$`), { timeout: 20_000 });

    const parcel = page.getByTestId('parcel').nth(1);
    const help = parcel.getByTestId('parcel-help');
    await expect(help.getByRole('heading', { name: msg(locale, 'firstScreen.help.title') })).toBeVisible();
    for (const part of fixedParts(locale, 'firstScreen.help.customsBring')) await expect(help).toContainText(part);
    await expect(help).toContainText(fixedParts(locale, 'firstScreen.help.actBy')[0]!);
    const act = help.getByRole('link', { name: new RegExp(msg(locale, 'firstScreen.help.actCarrier').replace('{carrier}', 'Bring')) });
    await expect(act).toHaveAttribute('href', /^https:\/\/sporing\.posten\.no\//);
    // The summary names the hold; no date already past anywhere on the card.
    await expect(page.getByTestId('order-summary')).toContainText('Wool Socks');
    await expect(parcel.getByTestId('expected-date')).toBeVisible();
    // Our phrase first, Bring's English words beneath it, marked as English (on the en page they say more than ours).
    const latest = parcel.getByTestId('latest-event');
    await expect(latest).toContainText(msg(locale, 'parcel.exception.customs'));
    await expect(latest.locator('[lang="en-GB"]')).toHaveText('The shipment is held by customs. Customs needs more information.');
    await expectNoAxeViolations(page);
    await attachScreens(page, testInfo, `order-customs-${locale}`);
  });
}

test('[FIRST] at 360 px the language bar is one row on every customer language @phone', async ({ page }, testInfo) => {
  test.setTimeout(120_000); // five pages and six screenshots
  await page.setViewportSize({ width: 360, height: 740 });
  for (const locale of ['fi', 'sv', 'en', 'da', 'nb'] as const) {
    await page.goto(`/${locale}`);
    const links = page.getByTestId('language-bar').getByRole('link');
    await expect(links).toHaveCount(5);
    const boxes = await links.evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect()).map((r) => ({ top: Math.round(r.top), right: r.right, height: r.height })));
    expect(new Set(boxes.map((b) => b.top)).size, `${locale}: one row`).toBe(1);
    for (const box of boxes) expect(box.right, `${locale}: inside the screen`).toBeLessThanOrEqual(360);
    for (const box of boxes) expect(box.height, `${locale}: 44 px targets`).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    if (locale === 'fi' || locale === 'sv' || locale === 'en') await attachScreens(page, testInfo, `lookup-${locale}`);
  }
});

test('[FIRST] en: the withdrawal form is filled in for a customer who is already verified', async ({ page, makeOrder, expectNoAxeViolations }, testInfo) => {
  test.slow();
  const order = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page).toHaveURL(new RegExp(`/en/orders/${order.orderNumber}$`), { timeout: 20_000 });
  await page.getByTestId('withdrawal-section').getByRole('link', { name: msg('en', 'withdrawal.button'), exact: true }).click();
  await expect(page.getByLabel(msg('en', 'withdrawal.name'))).toHaveValue(order.customerName);
  await expect(page.getByLabel(msg('en', 'withdrawal.email'))).toHaveValue(order.email);
  await expectNoAxeViolations(page);
  await attachScreens(page, testInfo, 'withdraw-verified-en');
});
