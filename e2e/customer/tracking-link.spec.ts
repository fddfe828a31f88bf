import { sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { createApiKey } from '../../lib/api-keys/create-api-key';
import { mintTrackingLink } from '../../lib/tracking-links/mint-tracking-link';
import { revokeTrackingLinks } from '../../lib/tracking-links/revoke-tracking-links';
import { ingestEvents } from '../../lib/tracking/ingest-events';
import { expect, msg, msgPrefix, test, type TestOrder } from '../fixtures';
import { TrackingPage } from '../pages/tracking-page';

/** Everything a link could touch, for one order: a GET must leave all of it as it was. */
async function domainSnapshot(db: Db, orderId: string) {
  const tables = {
    orders: sql`select * from orders where id = ${orderId}`,
    order_lines: sql`select * from order_lines where order_id = ${orderId} order by id`,
    shipments: sql`select * from shipments where order_id = ${orderId} order by id`,
    tracking_events: sql`select e.* from tracking_events e join shipments s on s.id = e.shipment_id where s.order_id = ${orderId} order by e.id`,
    tracking_links: sql`select * from tracking_links where order_id = ${orderId} order by id`,
    outbox: sql`select * from outbox where order_id = ${orderId} order by id`,
    case_events: sql`select * from case_events where order_id = ${orderId} order by id`,
  };
  const out: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(tables)) out[name] = JSON.parse(JSON.stringify(await db.execute(query)));
  return out;
}

/** What must never reach a link view: street, postal code, email, phone, surname. */
function secretsOf(order: TestOrder): string[] {
  return [order.email, order.email.toLowerCase(), order.street, order.phone, '401234567', 'Asiakas', '00100'];
}

test('[TRACKING] a customer opens a tracking link in fi and sees every parcel with a redacted timeline @phone', async ({ page, db, makeOrder, expectNoAxeViolations }) => {
  const order = await makeOrder('fi');
  const { token } = await mintTrackingLink(db, { orderId: order.id });
  const referers: string[] = [];
  const urls: string[] = [];
  page.on('request', (request) => {
    urls.push(request.url());
    const referer = request.headers()['referer'];
    if (referer) referers.push(referer);
  });
  const tracking = new TrackingPage(page, 'fi');
  const response = await tracking.openLink(token);

  // Swapped for a cookie and redirected to a clean URL in the order's language.
  await expect(page).toHaveURL(new RegExp(`/fi/orders/${order.orderNumber}$`));
  expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  expect(response?.headers()['cache-control']).toContain('no-store');
  expect(response?.headers()['x-robots-tag']).toContain('noindex');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');

  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  await expect(tracking.parcels()).toHaveCount(2);
  // Delivered parcel: the normalized status in Finnish and the carrier's own words, place and time.
  await expect(tracking.parcel(0).getByTestId('parcel-status')).toHaveText(msg('fi', 'parcel.status.delivered'));
  const timeline = await tracking.timeline(0);
  await expect(timeline.getByRole('listitem')).toHaveCount(2);
  await expect(timeline.getByRole('listitem').first()).toContainText(msg('fi', 'parcel.status.delivered'));
  // The Finnish carrier's "Lähetys on toimitettu" says no more than our "Toimitettu": not repeated. Its
  // "Lähetys on lajiteltu" says more, so it stands beneath our phrase, marked as Finnish.
  await expect(timeline.getByRole('listitem').first()).not.toContainText('Lähetys on toimitettu');
  await expect(timeline.getByRole('listitem').nth(1).locator('[lang="fi-FI"]')).toHaveText('Lähetys on lajiteltu');
  await expect(timeline.getByRole('listitem').first()).toContainText('Helsinki');
  await expect(timeline.getByRole('listitem').first().locator('time')).toHaveAttribute('datetime', /Z$/);
  // Pickup parcel: the point, its address and the last day to collect.
  await expect(tracking.parcel(1).getByTestId('pickup-point')).toContainText('K-Market Kallio, Helsinginkatu 1, 00500 Helsinki');
  await expect(tracking.parcel(1).getByTestId('pickup-point')).toContainText(msgPrefix('fi', 'tracking.lastDayToCollect'));
  await expect(tracking.parcel(1).getByRole('link', { name: /Matkahuolto/ })).toHaveAttribute('href', 'https://www.matkahuolto.fi/seuranta');

  // Redacted: first name and city only, in the HTML and in the RSC payload inside it.
  await expect(page.getByTestId('link-view')).toContainText(msg('fi', 'tracking.deliveryToCity').replace('{name}', 'Testi').replace('{city}', 'Helsinki'));
  const html = await page.content();
  for (const secret of secretsOf(order)) expect(html, `link view leaks ${secret}`).not.toContain(secret);
  await expect(page.getByRole('link', { name: msg('fi', 'tracking.showWholeOrder') })).toBeVisible();

  await expectNoAxeViolations(page);
  // The token went nowhere after the redirect: not in a URL, not in a Referer.
  expect(urls.filter((u) => u.includes(token))).toEqual([urls.find((u) => u.includes(token))]);
  expect(referers.filter((r) => r.includes(token))).toEqual([]);
});

test('[TRACKING] opening a link (GET ×3, HEAD ×2, like a mail scanner) changes nothing and keeps the link valid', async ({ request, db, makeOrder }) => {
  const order = await makeOrder('sv');
  const { token } = await mintTrackingLink(db, { orderId: order.id });
  const before = await domainSnapshot(db, order.id);

  for (const method of ['get', 'get', 'head', 'get', 'head'] as const) {
    const response = await request[method](`/t/${token}`, { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers()['location']).toBe(`/sv/orders/${order.orderNumber}`);
    expect(response.headers()['referrer-policy']).toBe('no-referrer');
    expect(response.headers()['cache-control']).toContain('no-store');
    expect(response.headers()['x-robots-tag']).toContain('noindex');
    const cookie = response.headers()['set-cookie'] ?? '';
    expect(cookie).toMatch(/paluu_order_access=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).not.toContain(token);
  }
  expect(await domainSnapshot(db, order.id)).toEqual(before);
});

test('[TRACKING] expired, revoked and unknown links land on a friendly page with the lookup form', async ({ browser, db, makeOrder, clientIp }) => {
  const order = await makeOrder('fi');
  const expired = await mintTrackingLink(db, { orderId: order.id });
  await db.execute(sql`update tracking_links set expires_at = now() - interval '1 minute' where order_id = ${order.id}`);
  const revoked = await mintTrackingLink(db, { orderId: order.id });
  await revokeTrackingLinks({ db, actor: { type: 'system' } }, { orderId: order.id });
  const unknown = 'A'.repeat(43);

  // No order to take the language from: the browser's language decides.
  for (const [token, language, locale] of [
    [expired.token, 'sv-SE', 'sv'],
    [revoked.token, 'en-GB', 'en'],
    [unknown, 'fi-FI', 'fi'],
    ['not-even-a-token', 'da-DK', 'da'],
  ] as const) {
    const context = await browser.newContext({ locale: language, extraHTTPHeaders: { 'x-forwarded-for': clientIp } });
    const page = await context.newPage();
    const response = await page.goto(`/t/${token}`);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(new RegExp(`/${locale}/link-expired$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg(locale, 'trackingLink.invalidTitle'));
    await expect(page.getByLabel(msg(locale, 'lookup.orderNumber'))).toBeVisible();
    expect(await page.content()).not.toContain(order.orderNumber);
    await context.close();
  }
});

test('[TRACKING] revoking the links ends a link view already open on the next request', async ({ page, db, makeOrder }) => {
  const order = await makeOrder('en');
  const { token } = await mintTrackingLink(db, { orderId: order.id });
  await page.goto(`/t/${token}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(order.orderNumber);
  await revokeTrackingLinks({ db, actor: { type: 'system' } }, { orderId: order.id });
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/en\\?order=${order.orderNumber}`));
  expect((await page.request.get(`/api/orders/${order.orderNumber}/tracking`)).status()).toBe(404);
});

test('[TRACKING] DELETE /api/v1/orders/{n}/tracking-links ends a link whose page the cache holds: the next request is refused', async ({ page, request, db, makeOrder }) => {
  const order = await makeOrder('fi');
  const { token } = await mintTrackingLink(db, { orderId: order.id });
  const tracking = new TrackingPage(page, 'fi');
  await tracking.openLink(token);
  await expect(tracking.parcels()).toHaveCount(2);
  // Opened again: now the page cache holds the link view (another test changing settings empties it: retry).
  await expect(async () => {
    const again = await page.goto(`/t/${token}`);
    expect(again?.headers()['x-paluu-cache']).toBe('hit');
  }).toPass({ timeout: 10_000 });

  const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: `e2e-revoke-${Date.now()}`, scopes: ['links:write'] });
  const revoked = await request.delete(`/api/v1/orders/${order.orderNumber}/tracking-links`, { headers: { authorization: `Bearer ${key}` } });
  expect(revoked.status()).toBe(204);
  expect(await revoked.text()).toBe('');

  // Through the link: the link-expired page, nothing of the order.
  const response = await page.goto(`/t/${token}`);
  expect(response?.headers()['x-paluu-cache']).toBeUndefined();
  await expect(page).toHaveURL(/\/(fi|en|sv|da|nb)\/link-expired$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/.+/);
  expect(await page.content()).not.toContain(order.orderNumber);
  // The order page itself with the old cookie is not served from the cache either.
  const direct = await page.goto(`/fi/orders/${order.orderNumber}`);
  expect(direct?.headers()['x-paluu-cache']).not.toBe('hit');
  await expect(page.getByTestId('link-view')).toHaveCount(0);

  const unknown = await request.delete('/api/v1/orders/NO-SUCH-ORDER-404/tracking-links', { headers: { authorization: `Bearer ${key}` } });
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
});

test('[TRACKING] a new carrier event appears without a reload and is announced politely', async ({ page, db, makeOrder }) => {
  const order = await makeOrder('fi');
  const { token } = await mintTrackingLink(db, { orderId: order.id });
  const tracking = new TrackingPage(page, 'fi');
  await tracking.openLink(token);
  await expect(tracking.parcel(1).getByTestId('parcel-status')).toHaveText(msg('fi', 'parcel.status.available_for_pickup'));
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const [row] = (await db.execute(sql`select tracking_number from shipments where order_id = ${order.id} and carrier = 'matkahuolto'`)) as unknown as Array<{
    tracking_number: string;
  }>;
  const trackingNumber = row!.tracking_number;
  const result = await ingestEvents(
    db,
    [{ carrier: 'matkahuolto', trackingNumber, eventId: `e2e-${trackingNumber}-picked`, carrierCode: '80', status: 'delivered', description: 'Lähetys on luovutettu vastaanottajalle', location: 'Helsinki', occurredAt: new Date() }],
    'webhook',
  );
  expect(result).toEqual({ accepted: 1, duplicates: 0, unmatched: 0 });

  await expect(tracking.parcel(1).getByTestId('parcel-status')).toHaveText(msg('fi', 'parcel.status.delivered'), { timeout: 15_000 });
  await expect(tracking.parcel(1).getByTestId('latest-event')).toContainText('Lähetys on luovutettu vastaanottajalle');
  await expect(tracking.liveRegion()).toContainText(msgPrefix('fi', 'tracking.liveUpdated'));
  await expect(tracking.liveRegion()).toHaveAttribute('aria-live', 'polite');
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});

test('[TRACKING] the live poll answers only with the access cookie, never cached, with 304 when nothing changed', async ({ page, request, db, makeOrder }) => {
  const order = await makeOrder('en');
  const anonymous = await request.get(`/api/orders/${order.orderNumber}/tracking`);
  expect(anonymous.status()).toBe(404);
  expect(await anonymous.text()).not.toContain('Merino');
  // Broken percent-encoding is bad input, never a 500.
  expect((await request.get('/api/orders/%E0%A4%A/tracking')).status()).toBe(400);
  expect((await request.get('/t/%E0%A4%A')).status()).toBe(400);

  const { token } = await mintTrackingLink(db, { orderId: order.id });
  await page.goto(`/t/${token}`);
  const first = await page.request.get(`/api/orders/${order.orderNumber}/tracking`);
  expect(first.status()).toBe(200);
  expect(first.headers()['cache-control']).toContain('no-store');
  const body = await first.json();
  expect(body).toMatchObject({ orderNumber: order.orderNumber, view: 'link' });
  expect(body.parcels).toHaveLength(2);
  for (const secret of secretsOf(order)) expect(JSON.stringify(body)).not.toContain(secret);
  const etag = first.headers()['etag']!;
  const again = await page.request.get(`/api/orders/${order.orderNumber}/tracking`, { headers: { 'if-none-match': etag } });
  expect(again.status()).toBe(304);
});

test('[TRACKING] a lookup with the email shows the full view, and reopening the link does not downgrade it', async ({ page, db, makeOrder }) => {
  const order = await makeOrder('fi');
  const { token } = await mintTrackingLink(db, { orderId: order.id });
  await page.goto(`/t/${token}`);
  await expect(page.getByTestId('link-view')).toBeVisible();
  await page.getByRole('link', { name: msg('fi', 'tracking.showWholeOrder') }).click();

  await expect(page.getByLabel(msg('fi', 'lookup.orderNumber'))).toHaveValue(order.orderNumber);
  await page.getByLabel(msg('fi', 'lookup.contact')).fill(order.email);
  await page.getByRole('button', { name: msg('fi', 'lookup.submit') }).click();
  await expect(page).toHaveURL(new RegExp(`/fi/orders/${order.orderNumber}$`));
  await expect(page.getByText(msgPrefix('fi', 'order.confirmationTo'))).toBeVisible();
  await expect(page.getByTestId('link-view')).toHaveCount(0);

  await page.goto(`/t/${token}`);
  await expect(page).toHaveURL(new RegExp(`/fi/orders/${order.orderNumber}$`));
  await expect(page.getByText(msgPrefix('fi', 'order.confirmationTo'))).toBeVisible();
});

test('[TRACKING] a reloaded link view comes from the page cache, and the next carrier event renders it anew', async ({ page, db, makeOrder }) => {
  const order = await makeOrder('sv');
  const { token } = await mintTrackingLink(db, { orderId: order.id });
  const tracking = new TrackingPage(page, 'sv');
  await tracking.openLink(token);
  await expect(tracking.parcels()).toHaveCount(2);

  // Another test may change the shop settings meanwhile (that empties the cache): reload until a hit.
  await expect(async () => {
    const reloaded = await page.reload();
    expect(reloaded?.headers()['x-paluu-cache']).toBe('hit');
  }).toPass({ timeout: 10_000 });
  expect((await page.reload())?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(tracking.parcels()).toHaveCount(2);
  await expect(tracking.parcel(1).getByTestId('parcel-status')).toHaveText(msg('sv', 'parcel.status.available_for_pickup'));
  await expect(page.getByRole('link', { name: msg('sv', 'tracking.showWholeOrder') })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { cachedLoad: boolean }).cachedLoad = true));

  const [row] = (await db.execute(sql`select tracking_number from shipments where order_id = ${order.id} and carrier = 'matkahuolto'`)) as unknown as Array<{
    tracking_number: string;
  }>;
  await ingestEvents(
    db,
    [{ carrier: 'matkahuolto', trackingNumber: row!.tracking_number, eventId: `e2e-${row!.tracking_number}-cache`, carrierCode: '80', status: 'delivered', description: 'Paketet har lämnats ut', location: 'Helsinki', occurredAt: new Date() }],
    'webhook',
  );
  // A cached page is a live page (its scripts run under the fresh CSP nonce): the poll brings the event in.
  await expect(tracking.parcel(1).getByTestId('parcel-status')).toHaveText(msg('sv', 'parcel.status.delivered'), { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { cachedLoad?: boolean }).cachedLoad)).toBe(true);

  await expect(async () => {
    const fresh = await page.reload();
    expect(fresh?.headers()['x-paluu-cache']).toBe('miss');
  }).toPass({ timeout: 5_000 });
  await expect(tracking.parcel(1).getByTestId('parcel-status')).toHaveText(msg('sv', 'parcel.status.delivered'));
  await expect(tracking.parcel(1).getByTestId('latest-event')).toContainText('Paketet har lämnats ut');
});
