import type { APIResponse } from '@playwright/test';
import { eq, sql } from 'drizzle-orm';
import { settings } from '../../db/schema';
import { expect, test } from '../fixtures';

/**
 * The lookup page is the same for every visitor, so scripts/server.mjs answers it from memory
 * (lib/tracking/page-cache.ts). Against the real server: what the cache serves is byte for byte what Next.js
 * renders for another visitor (a cookie, another language preference, another forwarded host), except the
 * CSP nonce, which is fresh on every answer, and the moment of the render, which next-intl hands its client
 * providers (`now`, the same in the layout's and the lookup form's; no client component of the lookup page shows a
 * time); a query or a cookie is rendered,
 * never served from memory.
 */
const nonceOf = (csp: string) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1] ?? '';
const RENDERED_AT = /\\"now\\":\\"\$D[0-9T:.Z-]+\\"/g;

async function page(response: APIResponse) {
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const nonce = nonceOf(headers['content-security-policy'] ?? '');
  expect(nonce).not.toBe('');
  const html = await response.text();
  // One render moment, in each client provider (the layout's and the lookup form's).
  const renderedAt = html.match(RENDERED_AT) ?? [];
  expect(renderedAt.length).toBeGreaterThan(0);
  expect(new Set(renderedAt).size).toBe(1);
  return { cache: headers['x-paluu-cache'], requestId: headers['x-request-id'], nonce, html, same: html.split(nonce).join('NONCE').replace(RENDERED_AT, 'NOW') };
}

test.describe('[LOOKUP] the lookup page from memory', () => {
  test('two visitors get the same page except the nonce; a query or a cookie is rendered', async ({ request, playwright, baseURL }) => {
    // Another spec may change the settings meanwhile (that empties the cache): ask until an answer comes from it.
    let cached = await page(await request.get('/en'));
    await expect.poll(async () => (cached = await page(await request.get('/en'))).cache, { timeout: 10_000 }).toBe('hit');

    // Another visitor whom the cache does not answer: Next.js renders the page for them.
    const other = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { cookie: 'unrelated=1', 'accept-language': 'sv,fi;q=0.8', 'x-forwarded-host': 'elsewhere.example', 'x-forwarded-for': '10.77.0.1' },
    });
    const rendered = await page(await other.get('/en'));
    await other.dispose();
    expect(rendered.cache).toBeUndefined();
    expect(rendered.nonce).not.toBe(cached.nonce);
    expect(cached.same === rendered.same, 'the cached page is what Next.js renders for another visitor').toBe(true);
    expect(cached.html).toContain(`nonce="${cached.nonce}"`);
    expect(cached.requestId).not.toBe(rendered.requestId);
    const again = await page(await request.get('/en'));
    expect(again.nonce).not.toBe(cached.nonce);
    expect(again.requestId).not.toBe(cached.requestId);

    // The query prefills the form and shows a notice: rendered for this visitor only.
    const prefilled = await page(await request.get('/en?order=KK-PREFILL-1'));
    expect(prefilled.cache).toBeUndefined();
    expect(prefilled.html.includes('/en/access?order=KK-PREFILL-1'), 'the query reaches the page').toBe(true);
    expect((await page(await request.get('/en'))).html.includes('KK-PREFILL-1'), 'the next visitor does not see it').toBe(false);
    expect((await page(await request.get('/en', { headers: { cookie: 'paluu_order_access=x' } }))).cache).toBeUndefined();
  });

  test('a settings change empties it: the next answer is rendered again', async ({ request, db }) => {
    // Two hits in a row: whichever web server answers next has the page in memory.
    const cacheOf = async () => (await request.get('/fi')).headers()['x-paluu-cache'];
    await expect.poll(async () => `${await cacheOf()} ${await cacheOf()}`, { timeout: 10_000 }).toBe('hit hit');
    // The same value written again: the settings trigger notifies every web server, nothing visible changes for other specs.
    await db.update(settings).set({ value: sql`${settings.value}` }).where(eq(settings.key, 'shop'));
    await expect.poll(cacheOf, { timeout: 3_000 }).toBe('miss');
  });
});
