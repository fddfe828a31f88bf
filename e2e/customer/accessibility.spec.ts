import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

for (const locale of ['fi', 'sv', 'en'] as const) {
  test(`[A11Y] ${locale}: lookup and order pages have no axe violations @phone`, async ({ page, makeOrder, expectNoAxeViolations }) => {
    const order = await makeOrder(locale);
    const lookup = new LookupPage(page, locale);
    await lookup.goto();
    await expectNoAxeViolations(page);

    // The error state too.
    await lookup.lookUp(order.orderNumber, 'nope@example.com');
    await expect(lookup.alert()).toBeVisible();
    await expectNoAxeViolations(page);

    await lookup.lookUp(order.orderNumber, order.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
    await page.getByText(/\(\d+\)/).first().click(); // open "Show all updates"
    await expectNoAxeViolations(page);
  });
}

test('[A11Y] the lookup can be done with the keyboard alone', async ({ page, makeOrder }) => {
  const order = await makeOrder('en');
  await page.goto('/en');
  // Skip link first, then the site header, then the form.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: msg('en', 'common.skipToContent') })).toBeFocused();
  await page.keyboard.press('Enter');
  const orderField = page.getByLabel(msg('en', 'lookup.orderNumber'));
  while (!(await orderField.evaluate((el) => el === document.activeElement))) await page.keyboard.press('Tab');
  await page.keyboard.type(order.orderNumber);
  await page.keyboard.press('Tab');
  await page.keyboard.type(order.email);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
});

test('[A11Y] at 360 px nothing scrolls sideways @phone', async ({ page, makeOrder }) => {
  const order = await makeOrder('fi');
  await page.setViewportSize({ width: 360, height: 740 });
  const lookup = new LookupPage(page, 'fi');
  await lookup.goto();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
