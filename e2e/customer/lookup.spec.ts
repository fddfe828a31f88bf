import { sql } from 'drizzle-orm';
import { expect, msg, msgPrefix, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

for (const locale of ['fi', 'sv', 'en'] as const) {
  test(`[LOOKUP] ${locale}: a customer finds the order with the email and sees every parcel @phone`, async ({ page, makeOrder }) => {
    const order = await makeOrder(locale);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg(locale, 'lookup.title'));
    // Typed the way people copy it: with '#', lower case, stray spaces; email in another case.
    await lookup.lookUp(` #${order.orderNumber.toLowerCase()} `, `  ${order.email.toUpperCase()} `);

    await expect(page).toHaveURL(new RegExp(`/${locale}/orders/${order.orderNumber}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
    await expect(page.getByRole('heading', { name: msg(locale, 'order.items') })).toBeVisible();
    // Both parcels, each with status in the customer's language.
    await expect(page.getByTestId('parcel-status')).toHaveText([msg(locale, 'parcel.status.delivered'), msg(locale, 'parcel.status.available_for_pickup')]);
    await expect(page.getByText(/K-Market Kallio/).first()).toBeVisible();
    await expect(page.getByText(msg(locale, 'order.finalSale'))).toBeVisible();
    // Contact data is masked; the street address is never shown.
    await expect(page.locator('main')).not.toContainText(order.street);
    await expect(page.locator('main')).not.toContainText(order.email);
    await expect(page.locator('main')).toContainText('Testi A.');
  });

  test(`[LOOKUP] ${locale}: the postal code works instead of the email`, async ({ page, makeOrder }) => {
    const order = await makeOrder(locale);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, '00 100');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  });

  test(`[LOOKUP] ${locale}: wrong details get one message that does not say which part was wrong`, async ({ page, makeOrder }) => {
    const order = await makeOrder(locale);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, 'someone.else@example.com');
    await expect(lookup.alert()).toHaveText(msg(locale, 'lookup.errors.notFound'));
    await lookup.lookUp(order.orderNumber, '99999');
    await expect(lookup.alert()).toHaveText(msg(locale, 'lookup.errors.notFound'));
    await lookup.lookUp('NO-SUCH-ORDER', order.email);
    await expect(lookup.alert()).toHaveText(msg(locale, 'lookup.errors.notFound'));
    await expect(page).toHaveURL(new RegExp(`/${locale}$`));
  });
}

test('[LOOKUP] empty fields are explained in the customer language before anything is sent', async ({ page }) => {
  const lookup = new LookupPage(page, 'sv');
  await lookup.goto();
  await page.getByRole('button', { name: msg('sv', 'lookup.submit') }).click();
  await expect(page.getByText(msg('sv', 'lookup.errors.orderNumberRequired'))).toBeVisible();
  await expect(page.getByText(msg('sv', 'lookup.errors.contactRequired'))).toBeVisible();
  await expect(page.getByLabel(msg('sv', 'lookup.orderNumber'))).toHaveAttribute('aria-invalid', 'true');
});

test('[LOOKUP] the form works without JavaScript', async ({ browser, makeOrder, clientIp }) => {
  const order = await makeOrder('fi');
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': clientIp } });
  const page = await context.newPage();
  const lookup = new LookupPage(page, 'fi');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, 'wrong@example.com');
  await expect(page.getByText(msg('fi', 'lookup.errors.notFound'))).toBeVisible();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  await context.close();
});

test('[LOOKUP] after 10 failures for an order number even the right details wait, then a success resets it', async ({ page, makeOrder, db }) => {
  const order = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  for (let attempt = 1; attempt <= 10; attempt++) {
    // A new address each time: the per-order limit holds against attackers who rotate addresses.
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': `10.99.${attempt}.${Math.floor(Math.random() * 250) + 1}` });
    await lookup.lookUp(order.orderNumber, `0${attempt}000`);
    await expect(lookup.alert()).toHaveText(msg('en', 'lookup.errors.notFound'));
  }
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(lookup.alert()).toContainText(msgPrefix('en', 'lookup.errors.rateLimited'));
  await expect(lookup.alert()).toContainText('15 minutes');
  await expect(page).toHaveURL(/\/en$/);

  // When the window has passed (moved back in the database), the right details open the order again.
  await db.execute(
    sql`update rate_limits set window_started_at = now() - interval '16 minutes' where bucket = 'lookup_order' and key = ${order.orderNumber}`,
  );
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  const rows = await db.execute(sql`select count(*)::int as n from rate_limits where bucket = 'lookup_order' and key = ${order.orderNumber}`);
  expect(rows[0]?.n).toBe(0);
});

test('[LOOKUP] one address sweeping many order numbers is stopped', async ({ page }) => {
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  for (let attempt = 1; attempt <= 10; attempt++) {
    await lookup.lookUp(`SWEEP-${Date.now()}-${attempt}`, 'guess@example.com');
    await expect(lookup.alert()).toHaveText(msg('en', 'lookup.errors.notFound'));
  }
  await lookup.lookUp(`SWEEP-${Date.now()}-11`, 'guess@example.com');
  await expect(lookup.alert()).toContainText(msgPrefix('en', 'lookup.errors.rateLimited'));
});
