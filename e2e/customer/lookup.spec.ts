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

  test(`[LOOKUP] ${locale}: the postal code opens only the redacted view; the email then opens the whole order`, async ({ page, makeOrder, expectNoAxeViolations }) => {
    test.slow(); // many round trips; the shared CI machine can be slow
    const order = await makeOrder(locale);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, '00 100');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber, { timeout: 15_000 });
    // Status and parcels, but no name, address, email, and nothing to change (no return button).
    await expect(page.getByTestId('parcel-status').first()).toBeVisible();
    await expect(page.getByTestId('link-view')).toContainText(msg(locale, 'customerAccess.postalCodeNotice'));
    const html = await page.content();
    for (const secret of [order.email, order.street, 'Asiakas', '00100', order.phone]) expect(html, `postal-code view leaks ${secret}`).not.toContain(secret);
    await expect(page.getByRole('link', { name: msg(locale, 'returns.entry.start') })).toHaveCount(0);
    await expect(page.getByRole('button', { name: msg(locale, 'customerAccess.requestButton') })).toBeVisible();
    if (locale === 'fi') await expectNoAxeViolations(page);

    // "Show the whole order" asks for the email.
    await page.getByRole('link', { name: msg(locale, 'tracking.showWholeOrder') }).click();
    await expect(page.getByRole('status')).toHaveText(msg(locale, 'customerAccess.needEmail'));
    await expect(page.getByLabel(msg(locale, 'lookup.orderNumber'))).toHaveValue(order.orderNumber);
    await page.getByLabel(msg(locale, 'lookup.contact')).fill(order.email);
    await page.getByRole('button', { name: msg(locale, 'lookup.submit') }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/orders/${order.orderNumber}$`));
    await expect(page.getByText(msgPrefix(locale, 'order.confirmationTo'))).toBeVisible();
    await expect(page.getByTestId('link-view')).toHaveCount(0);
    await expect(page.getByRole('link', { name: msg(locale, 'returns.entry.start') })).toBeVisible();
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

test('[LOOKUP] three wrong postal codes from rotating addresses stop postal-code guesses, but never lock the owner out', async ({ page, makeOrder, db }) => {
  test.slow(); // many round trips; the shared CI machine can be slow
  const order = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  for (let attempt = 1; attempt <= 3; attempt++) {
    // A new address each time: the per-order postal-code limit holds against attackers who rotate addresses.
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': `10.99.${attempt}.${Math.floor(Math.random() * 250) + 1}` });
    await lookup.lookUp(order.orderNumber, `0${attempt}000`);
    await expect(lookup.alert()).toHaveText(msg('en', 'lookup.errors.notFound'));
  }
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': `10.98.1.${Math.floor(Math.random() * 250) + 1}` });
  await lookup.lookUp(order.orderNumber, '00100');
  await expect(lookup.alert()).toContainText(msgPrefix('en', 'lookup.errors.rateLimited'));
  await expect(page).toHaveURL(/\/en$/);

  // The owner, from their own address, still gets in with the email.
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': `10.97.1.${Math.floor(Math.random() * 250) + 1}` });
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  await expect(page.getByText(msgPrefix('en', 'order.confirmationTo'))).toBeVisible();
  const rows = await db.execute(sql`select count from rate_limits where bucket = 'lookup_postal' and key = ${order.orderNumber}`);
  expect(rows[0]?.count).toBe(3);
});

test('[LOOKUP] "Email me a link": the same answer for any order number; the emailed link shows a button, and only its POST opens the whole order, once', async ({
  page,
  makeOrder,
  db,
  expectNoAxeViolations,
}) => {
  test.slow(); // many round trips; the shared CI machine can be slow
  const order = await makeOrder('fi');
  const lookup = new LookupPage(page, 'fi');
  await lookup.goto();
  await page.getByRole('link', { name: msg('fi', 'customerAccess.requestButton') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('fi', 'customerAccess.requestTitle'));

  // A missing order gets exactly the same answer.
  await page.getByLabel(msg('fi', 'customerAccess.orderNumber')).fill(`NO-SUCH-${Date.now()}`);
  await page.getByRole('button', { name: msg('fi', 'customerAccess.requestButton') }).click();
  await expect(page.getByRole('status')).toHaveText(msg('fi', 'customerAccess.sent'));
  await expectNoAxeViolations(page);

  await page.goto(`/fi/access?order=${order.orderNumber}`);
  await expect(page.getByLabel(msg('fi', 'customerAccess.orderNumber'))).toHaveValue(order.orderNumber);
  await page.getByRole('button', { name: msg('fi', 'customerAccess.requestButton') }).click();
  await expect(page.getByRole('status')).toHaveText(msg('fi', 'customerAccess.sent'));

  // The captured email: to the address on the order, in its language, naming the order.
  const mails = (await db.execute(
    sql`select recipient, subject, payload->>'text' as text from outbox where order_id = ${order.id} and kind = 'customer_access_link'`,
  )) as unknown as Array<{ recipient: string; subject: string; text: string }>;
  expect(mails).toHaveLength(1);
  expect(mails[0]!.recipient).toBe(order.email);
  expect(mails[0]!.subject).toContain(order.orderNumber);
  const path = /\/fi\/access\/[A-Za-z0-9_-]{43}/.exec(mails[0]!.text)![0];

  // Opening it (what a mail scanner does) changes nothing: a button, and the link is still unused.
  await page.goto(path);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('fi', 'customerAccess.openTitle'));
  const unused = await db.execute(sql`select used_at from order_access_links where order_id = ${order.id}`);
  expect(unused[0]?.used_at).toBeNull();
  await expect(page.locator('body')).not.toContainText(order.email);
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: msg('fi', 'customerAccess.openButton') }).click();
  await expect(page).toHaveURL(new RegExp(`/fi/orders/${order.orderNumber}$`));
  await expect(page.getByText(msgPrefix('fi', 'order.confirmationTo'))).toBeVisible();
  await expect(page.getByTestId('link-view')).toHaveCount(0);

  // Single use: the link now only says it no longer works.
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('fi', 'customerAccess.deadTitle'));
});

test('[LOOKUP] "Email me a link" from the redacted view of a postal-code lookup opens the whole order', async ({ page, makeOrder, db }) => {
  test.slow(); // many round trips; the shared CI machine can be slow
  const order = await makeOrder('sv');
  const lookup = new LookupPage(page, 'sv');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, '00100');
  await expect(page.getByTestId('link-view')).toBeVisible();
  await page.getByRole('button', { name: msg('sv', 'customerAccess.requestButton') }).click();
  await expect(page.getByTestId('access-link-form').getByRole('status')).toHaveText(msg('sv', 'customerAccess.sent'));
  const [mail] = (await db.execute(sql`select payload->>'text' as text from outbox where order_id = ${order.id} and kind = 'customer_access_link'`)) as unknown as Array<{
    text: string;
  }>;
  await page.goto(/\/sv\/access\/[A-Za-z0-9_-]{43}/.exec(mail!.text)![0]);
  await page.getByRole('button', { name: msg('sv', 'customerAccess.openButton') }).click();
  await expect(page.getByText(msgPrefix('sv', 'order.confirmationTo'))).toBeVisible();
});

test('[LOOKUP] one address sweeping many order numbers is stopped', async ({ page }) => {
  test.slow(); // many round trips; the shared CI machine can be slow
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  for (let attempt = 1; attempt <= 10; attempt++) {
    await lookup.lookUp(`SWEEP-${Date.now()}-${attempt}`, 'guess@example.com');
    await expect(lookup.alert()).toHaveText(msg('en', 'lookup.errors.notFound'));
  }
  await lookup.lookUp(`SWEEP-${Date.now()}-11`, 'guess@example.com');
  await expect(lookup.alert()).toContainText(msgPrefix('en', 'lookup.errors.rateLimited'));
});
