import { eq } from 'drizzle-orm';
import { shipments, withdrawals } from '../../db/schema';
import { expect, msg, msgPrefix, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

for (const locale of ['fi', 'sv', 'en'] as const) {
  test(`[WITHDRAW] ${locale}: a guest withdraws one item without a lookup, confirms separately and gets the receipt`, async ({ page, db, makeOrder, expectNoAxeViolations }) => {
    const order = await makeOrder(locale);
    await page.goto(`/${locale}`);
    // The function is reachable from every page (footer), labelled with the official words.
    await page.getByRole('link', { name: msg(locale, 'withdrawal.button'), exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/withdraw$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg(locale, 'withdrawal.button'));

    // Only name, order and email are asked; a mismatch gets the generic answer.
    await page.getByLabel(msg(locale, 'withdrawal.name')).fill('Testi Asiakas');
    await page.getByLabel(msg(locale, 'withdrawal.orderNumber')).fill(order.orderNumber);
    await page.getByLabel(msg(locale, 'withdrawal.email')).fill('someone.else@example.com');
    await page.getByRole('button', { name: msg(locale, 'withdrawal.continue') }).click();
    await expect(page.getByRole('alert').filter({ hasText: msg(locale, 'withdrawal.errors.notFound') })).toBeVisible();
    await expect(page.locator('input')).toHaveCount(3);
    await expectNoAxeViolations(page);

    await page.getByLabel(msg(locale, 'withdrawal.email')).fill(order.email);
    await page.getByRole('button', { name: msg(locale, 'withdrawal.continue') }).click();
    await expect(page.getByRole('heading', { name: msg(locale, 'withdrawal.stepItems') })).toBeFocused();
    await page.getByLabel('Merino Sweater').check();
    await page.getByRole('button', { name: msg(locale, 'withdrawal.continue') }).click();

    // Step 2: a separate control carrying exactly the statutory label.
    const confirm = page.getByRole('button', { name: msg(locale, 'withdrawal.confirm'), exact: true });
    await expect(confirm).toBeVisible();
    await expect(confirm).toHaveText(msg(locale, 'withdrawal.confirm'));
    await expectNoAxeViolations(page);
    expect(await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id))).toHaveLength(0);
    await confirm.click();

    const receipt = page.getByTestId('withdrawal-receipt');
    await expect(page.getByRole('status')).toContainText(msgPrefix(locale, 'withdrawal.receiptIntro'));
    await expect(receipt).toContainText(order.orderNumber);
    await expect(receipt).toContainText('1 × Merino Sweater');
    await expect(receipt).not.toContainText('Wool Socks');
    await expect(receipt).toContainText(/\(Europe\/Helsinki, UTC\+0[23]:00\)/);
    await expectNoAxeViolations(page);

    const [row] = await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id));
    expect(row).toMatchObject({ name: 'Testi Asiakas', locale, deliveryRefundAmount: 394, itemsAmount: 5990 });
    await expect(receipt).toContainText(row!.receiptNumber);

    // The receipt downloads as a PDF (durable copy), only for this browser.
    const href = await page.getByRole('link', { name: msg(locale, 'withdrawal.downloadPdf') }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(pdf.headers()['cache-control']).toBe('private, no-store');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
}

test('[WITHDRAW] en: from the order page, the whole order, on a phone @phone', async ({ page, db, makeOrder, expectNoAxeViolations }) => {
  const order = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  const section = page.getByTestId('withdrawal-section');
  // One parcel is still at the pickup point: the period has not started, the function is open.
  await expect(section).toContainText(msg('en', 'withdrawal.openNotStarted'));
  await expectNoAxeViolations(page);
  await section.getByRole('link', { name: msg('en', 'withdrawal.button'), exact: true }).click();

  await expect(page.getByLabel(msg('en', 'withdrawal.orderNumber'))).toHaveCount(0); // the order is not asked again
  await page.getByLabel(msg('en', 'withdrawal.name')).fill('Test Customer');
  // A long address with no place to break: the receipt must still fit the 360 px screen.
  const copyTo = 'receipt.copy.for.our.household.paperwork@kuusikoivu-customers.example';
  await page.getByLabel(msg('en', 'withdrawal.email')).fill(copyTo);
  await page.getByRole('button', { name: msg('en', 'withdrawal.continue') }).click();
  await page.getByRole('button', { name: msg('en', 'withdrawal.continue') }).click(); // nothing chosen = whole order
  await expect(page.getByText(msg('en', 'withdrawal.wholeOrder'))).toBeVisible();
  await page.getByRole('button', { name: 'Confirm withdrawal', exact: true }).click();
  await expect(page.getByTestId('withdrawal-receipt')).toContainText(msg('en', 'withdrawalEmail.wholeOrder'));
  await expect(page.getByTestId('withdrawal-receipt')).toContainText(copyTo);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the receipt scrolls sideways').toBeLessThanOrEqual(page.viewportSize()!.width);
  const [row] = await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id));
  expect(row).toMatchObject({ lines: null, email: copyTo, deliveryRefundAmount: 590 });

  await page.getByRole('link', { name: msg('en', 'withdrawal.backToOrder') }).click();
  await expect(page.getByTestId('withdrawal-section')).toContainText(row!.receiptNumber);
});

test('[WITHDRAW] en: everything delivered: open until 14 days after the last parcel, with the function', async ({ page, db, makeOrder }) => {
  const order = await makeOrder('en');
  await db.update(shipments).set({ status: 'delivered', deliveredAt: new Date(Date.now() - 2 * 86_400_000) }).where(eq(shipments.orderId, order.id));
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  const section = page.getByTestId('withdrawal-section');
  await expect(section).toContainText(msgPrefix('en', 'withdrawal.openUntil'));
  await expect(section.getByRole('link', { name: 'Withdraw from contract here', exact: true })).toBeVisible();
});

for (const locale of ['fi', 'sv'] as const) {
  test(`[WITHDRAW] ${locale}: after the period the order page explains it with the dates (never a dead page)`, async ({ page, db, makeOrder }) => {
    const order = await makeOrder(locale);
    await db.update(shipments).set({ status: 'delivered', deliveredAt: new Date('2026-01-05T10:00:00Z') }).where(eq(shipments.orderId, order.id));
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await lookup.lookUp(order.orderNumber, order.email);
    const section = page.getByTestId('withdrawal-section');
    await expect(section).toContainText(msgPrefix(locale, 'withdrawal.closed'));
    await expect(section).toContainText('2026'); // the last day (19.1.2026) and the delivery day, with the year
    await expect(section.getByRole('link', { name: msg(locale, 'withdrawal.button') })).toHaveCount(0);
    // The direct URL does not dead-end either: it comes back to the explanation.
    await page.goto(`/${locale}/orders/${order.orderNumber}/withdraw`);
    await expect(page.getByTestId('withdrawal-section')).toBeVisible();
  });
}

test('[WITHDRAW] fi: the whole guest flow works with the keyboard alone and the receipt is announced', async ({ page, db, makeOrder }) => {
  const order = await makeOrder('fi');
  await page.goto('/fi/withdraw');
  const name = page.getByLabel(msg('fi', 'withdrawal.name'));
  while (!(await name.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab');
  await page.keyboard.type('Testi Asiakas');
  await page.keyboard.press('Tab');
  await page.keyboard.type(order.orderNumber);
  await page.keyboard.press('Tab');
  await page.keyboard.type(order.email);
  await page.keyboard.press('Enter');
  // Focus lands on the next step's heading; the next Tab reaches the first item, Space chooses it.
  await expect(page.getByRole('heading', { name: msg('fi', 'withdrawal.stepItems') })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Merino Sweater')).toBeFocused();
  await page.keyboard.press('Space');
  const next = page.getByRole('button', { name: msg('fi', 'withdrawal.continue') });
  while (!(await next.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: msg('fi', 'withdrawal.stepConfirm') })).toBeFocused();
  const confirm = page.getByRole('button', { name: 'Vahvista peruuttaminen', exact: true });
  while (!(await confirm.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('1 × Merino Sweater');
  const [row] = await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id));
  expect(row!.lines).toHaveLength(1);
});
