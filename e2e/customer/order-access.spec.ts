import { createApprovedReturn } from '../../test/return-fixture';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

test('[ACCESS] an order page opened without a lookup shows nothing of the order', async ({ page, request, makeOrder }) => {
  const order = await makeOrder('fi');
  // The raw response (HTML and the RSC payload inside it) carries no personal data.
  const response = await request.get(`/fi/orders/${order.orderNumber}`, { maxRedirects: 0 });
  expect([303, 307, 308]).toContain(response.status());
  expect(response.headers()['location']).toContain(`/fi?order=${order.orderNumber}`);
  const body = await response.text();
  for (const secret of [order.email, order.street, order.customerName, 'Merino Sweater', 'JJFI']) expect(body).not.toContain(secret);

  await page.goto(`/fi/orders/${order.orderNumber}`);
  await expect(page).toHaveURL(new RegExp(`/fi\\?order=${order.orderNumber}`));
  await expect(page.getByRole('status')).toHaveText(msg('fi', 'lookup.noAccess'));
  await expect(page.getByLabel(msg('fi', 'lookup.orderNumber'))).toHaveValue(order.orderNumber);
  await expect(page.locator('body')).not.toContainText('Merino Sweater');
});

test('[ACCESS] a grant opens only the order it was given for', async ({ page, makeOrder }) => {
  const mine = await makeOrder('en');
  const theirs = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(mine.orderNumber, mine.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(mine.orderNumber);

  await page.goto(`/en/orders/${theirs.orderNumber}`);
  await expect(page).toHaveURL(/\/en\?order=/);
  await expect(page.locator('body')).not.toContainText(theirs.email);
});

test('[ACCESS] the grant cookie is httpOnly, SameSite=Lax, lasts an hour, and a forged one is ignored', async ({ page, context, makeOrder }) => {
  const order = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, order.email);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);

  const cookie = (await context.cookies()).find((c) => c.name === 'paluu_order_access');
  expect(cookie).toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe('Lax');
  const lifetime = cookie!.expires - Date.now() / 1000;
  expect(lifetime).toBeGreaterThan(3500);
  expect(lifetime).toBeLessThanOrEqual(3600);

  // Flip one character of the signature: the grant is worthless.
  const value = cookie!.value;
  const forged = value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
  await context.clearCookies();
  await context.addCookies([{ ...cookie!, value: forged }]);
  await page.goto(`/en/orders/${order.orderNumber}`);
  await expect(page).toHaveURL(/\/en\?order=/);
});

test('[ACCESS] customer pages are marked noindex', async ({ request }) => {
  const response = await request.get('/sv');
  expect(response.headers()['x-robots-tag']).toContain('noindex');
  expect(await response.text()).toMatch(/<meta name="robots" content="noindex, nofollow"/);
});

test('[ACCESS] the language comes from the path, else from Accept-Language', async ({ request }) => {
  const sv = await request.get('/', { headers: { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' }, maxRedirects: 0 });
  expect(sv.headers()['location']).toMatch(/\/sv$/);
  const fallback = await request.get('/', { headers: { 'accept-language': 'de-DE' }, maxRedirects: 0 });
  expect(fallback.headers()['location']).toMatch(/\/fi$/);
});

test('[HEALTH] /api/health answers 200 with the database reachable', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
});

test('[ACCESS] an unknown page in a language answers 404 in that language', async ({ page }) => {
  const response = await page.goto('/sv/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('sv', 'errors.notFoundTitle'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv-FI');
});

test('[ACCESS] a return page without a grant is the plain lookup page, the same for an existing and a missing RMA', async ({ page, request, db }) => {
  test.slow(); // four page loads; the shared CI machine can be slow
  const { order, rma } = await createApprovedReturn(db, { locale: 'fi' });
  const missing = `R-${Number(rma.slice(2)) + 1_000_000}`;
  const answers = [];
  for (const path of [`/fi/returns/${rma}`, `/fi/returns/${missing}`, `/fi/returns/not-an-rma`]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const body = await response.text();
    // No order number in the redirect (RMA numbers run in sequence) and nothing of the order in the body.
    expect(body).not.toContain(order.orderNumber);
    expect(response.headers()['location'] ?? '').not.toContain(order.orderNumber);
    answers.push({ status: response.status(), location: response.headers()['location'] });
  }
  expect(answers[0]).toEqual({ status: 307, location: '/fi' });
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);

  await page.goto(`/fi/returns/${rma}`);
  await expect(page).toHaveURL(/\/fi$/);
  await expect(page.getByLabel(msg('fi', 'lookup.orderNumber'))).toHaveValue('');
  await expect(page.locator('body')).not.toContainText(order.orderNumber);
});

test('[ACCESS] a postal-code grant opens no return, claim or withdrawal page', async ({ page, makeOrder }) => {
  test.slow(); // four page loads; the shared CI machine can be slow
  const order = await makeOrder('en');
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(order.orderNumber, '00100');
  await expect(page.getByTestId('link-view')).toBeVisible();
  for (const path of ['return', 'claim']) {
    await page.goto(`/en/orders/${order.orderNumber}/${path}`);
    await expect(page).toHaveURL(new RegExp(`/en\\?order=${order.orderNumber}`));
    await expect(page.locator('body')).not.toContainText(order.email);
  }
  await page.goto(`/en/orders/${order.orderNumber}/withdraw`);
  await expect(page).toHaveURL(/\/en\/withdraw$/);
});
