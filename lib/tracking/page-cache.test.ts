// The tracking page's render cache against the real database and its NOTIFY triggers (migration 0003):
// a real HTTP server whose "renderer" reads the order's newest event, so a stale page is visible.
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { settings, shipments, trackingEvents, trackingLinks } from '@/db/schema';
import { ORDER_ACCESS_COOKIE, signGrants, type Grant } from '@/lib/auth/grant-token';
import { readAppSecret } from '@/lib/settings/read-app-secret';
import { cacheableLookupPage, cacheablePage, createPageCache, type PageCache } from './page-cache';
import { mintTrackingLink } from '@/lib/tracking-links/mint-tracking-link';
import { createOrder } from '../../test/factories';
import { testDb } from '../../test/db';

const db = testDb();
let cache: PageCache;
let server: http.Server;
let base: string;
let secret: Buffer;
let renders = 0;
/** What the fake renderer should do next (set-cookie, a pause during which data changes). */
let renderHook: ((res: ServerResponse) => Promise<void>) | null = null;

// Stands in for Next.js: the newest event of the order (or, on the lookup page, a shop setting and the
// query), a CSP nonce used in the HTML, the page headers.
async function render(req: IncomingMessage, res: ServerResponse) {
  renders += 1;
  if (!req.url!.includes('/orders/')) return renderLookupPage(req, res);
  const number = decodeURIComponent(req.url!.split('/')[3]!);
  const [latest] = await db
    .select({ description: trackingEvents.description })
    .from(trackingEvents)
    .innerJoin(shipments, eq(shipments.id, trackingEvents.shipmentId))
    .where(sql`${shipments.orderId} = (select id from orders where order_number = ${number})`)
    .orderBy(desc(trackingEvents.occurredAt))
    .limit(1);
  await renderHook?.(res);
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('content-security-policy', `script-src 'self' 'nonce-${nonce}'`);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store, private');
  res.setHeader('referrer-policy', 'no-referrer');
  res.statusCode = 200;
  res.end(`<html><script nonce="${nonce}"></script><p>${latest?.description ?? 'none'}</p></html>`);
}

async function renderLookupPage(req: IncomingMessage, res: ServerResponse) {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, LOOKUP_SETTING));
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('content-security-policy', `script-src 'self' 'nonce-${nonce}'`);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.statusCode = 200;
  res.end(`<html><script nonce="${nonce}"></script><h1>${String(row?.value ?? 'none')}</h1><p>${req.url}</p></html>`);
}
const LOOKUP_SETTING = 'page_cache_lookup_test';

beforeAll(async () => {
  secret = await readAppSecret(db);
  cache = (await createPageCache({ databaseUrl: inject('databaseUrl'), maxOrders: 50 }))!;
  server = http.createServer((req, res) => {
    void cache.handle(req, res, () => render(req, res)).then(async (answered) => {
      if (!answered) await render(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await cache.close();
  await new Promise((resolve) => server.close(resolve));
});

const cookieFor = (grants: Grant[]) => `${ORDER_ACCESS_COOKIE}=${signGrants(secret, grants)}`;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

async function linkedOrder() {
  const order = await createOrder(db, 'fi');
  const link = await mintTrackingLink(db, { orderId: order.id });
  const [row] = await db.select({ id: trackingLinks.id }).from(trackingLinks).where(eq(trackingLinks.orderId, order.id));
  const cookie = cookieFor([{ o: order.id, exp: inAnHour(), l: row!.id }]);
  return { order, link, linkId: row!.id, cookie, url: `${base}/fi/orders/${order.orderNumber}` };
}

async function get(url: string, cookie?: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers: { ...(cookie ? { cookie } : {}), ...headers }, redirect: 'manual' });
  return { status: response.status, cache: response.headers.get('x-paluu-cache'), headers: response.headers, body: await response.text() };
}

/** Other test files change settings at any time ('*' empties the cache): retry until a hit. */
async function getUntilHit(url: string, cookie?: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const response = await get(url, cookie);
    if (response.cache === 'hit') return response;
  }
  throw new Error('never served from the cache');
}

/** The change reaches the cache by NOTIFY, a few milliseconds after commit. */
async function getUntilMiss(url: string, cookie?: string) {
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    const response = await get(url, cookie);
    if (response.cache !== 'hit') return response;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('still served from the cache 3 s after the change');
}

describe('which requests the cache may answer', () => {
  it('takes plain GETs of an order page only', () => {
    const req = (url: string, method = 'GET', headers: Record<string, string> = {}) => ({ url, method, headers });
    expect(cacheablePage(req('/fi/orders/kk-1001'))).toEqual({ locale: 'fi', orderNumber: 'KK-1001' });
    expect(cacheablePage(req('/sv/orders/%23kk-1001'))).toEqual({ locale: 'sv', orderNumber: 'KK-1001' });
    expect(cacheablePage(req('/fi/orders/KK-1001?x=1'))).toBeNull();
    expect(cacheablePage(req('/fi/orders/KK-1001', 'POST'))).toBeNull();
    expect(cacheablePage(req('/fi/orders/KK-1001', 'GET', { rsc: '1' }))).toBeNull();
    expect(cacheablePage(req('/fi/orders/KK-1001', 'GET', { 'next-action': 'abc' }))).toBeNull();
    expect(cacheablePage(req('/fi/orders/KK-1001/return'))).toBeNull();
    expect(cacheablePage(req('/de/orders/KK-1001'))).toBeNull();
    expect(cacheablePage(req('/fi/orders/%E0%A4%A'))).toBeNull();
  });
});

describe('which lookup-page requests the cache may answer', () => {
  it('takes a plain GET of /<locale> without query, cookie or bot only', () => {
    const req = (url: string, headers: Record<string, string> = {}, method = 'GET') => ({ url, method, headers });
    const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
    expect(cacheableLookupPage(req('/fi', { 'user-agent': browser }))).toBe('fi');
    expect(cacheableLookupPage(req('/nb'))).toBe('nb');
    expect(cacheableLookupPage(req('/en?order=KK-1001'))).toBeNull();
    expect(cacheableLookupPage(req('/en?'))).toBeNull();
    expect(cacheableLookupPage(req('/en', { cookie: 'paluu_order_access=x' }))).toBeNull();
    expect(cacheableLookupPage(req('/en', { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }))).toBeNull();
    expect(cacheableLookupPage(req('/en', { rsc: '1' }))).toBeNull();
    expect(cacheableLookupPage(req('/en', {}, 'POST'))).toBeNull();
    expect(cacheableLookupPage(req('/en', {}, 'HEAD'))).toBeNull();
    expect(cacheableLookupPage(req('/en/'))).toBeNull();
    expect(cacheableLookupPage(req('/de'))).toBeNull();
    expect(cacheableLookupPage(req('/'))).toBeNull();
  });
});

describe('the lookup page cache', () => {
  const nonceOf = (body: string) => /nonce="([^"]+)"/.exec(body)![1]!;
  const withoutNonce = (body: string) => body.replace(nonceOf(body), 'N');

  it('gives two visitors the same page with their own nonce, and renders a query or cookie variant', async () => {
    const url = `${base}/sv`;
    const first = await get(url);
    expect(first.status).toBe(200);
    const second = await getUntilHit(url);
    const third = await getUntilHit(url);
    expect(withoutNonce(second.body)).toBe(withoutNonce(first.body));
    expect(nonceOf(second.body)).not.toBe(nonceOf(third.body));
    expect(second.headers.get('content-security-policy')).toBe(`script-src 'self' 'nonce-${nonceOf(second.body)}'`);

    const before = renders;
    const withQuery = await get(`${url}?order=KK-1`);
    expect(withQuery.cache).toBeNull();
    expect(withQuery.body).toContain('/sv?order=KK-1');
    expect((await get(url, 'paluu_order_access=abc')).cache).toBeNull();
    expect((await get(url, undefined, { 'user-agent': 'Googlebot/2.1' })).cache).toBeNull();
    expect(renders - before).toBe(3);
  });

  it('shows a settings change on the first request after it is committed', async () => {
    const url = `${base}/da`;
    const save = (value: string) =>
      db.insert(settings).values({ key: LOOKUP_SETTING, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
    await save('Old shop name');
    await get(url);
    expect((await getUntilHit(url)).body).toContain('Old shop name');
    await save('New shop name');
    const fresh = await getUntilMiss(url);
    expect(fresh.body).toContain('New shop name');
    expect((await getUntilHit(url)).body).toContain('New shop name');
  });
});

describe('the tracking page cache', () => {
  it('renders a link view once and then serves it, with a fresh nonce every time and the page headers', async () => {
    const { cookie, url } = await linkedOrder();
    const first = await get(url, cookie);
    expect(first.status).toBe(200);
    expect(first.cache).toBe('miss');
    const hit = await getUntilHit(url, cookie);
    const again = await getUntilHit(url, cookie);

    const nonceOf = (body: string) => /nonce="([^"]+)"/.exec(body)![1];
    expect(hit.body.replace(nonceOf(hit.body)!, 'N')).toBe(first.body.replace(nonceOf(first.body)!, 'N'));
    expect(nonceOf(hit.body)).not.toBe(nonceOf(again.body));
    expect(hit.headers.get('content-security-policy')).toContain(`'nonce-${nonceOf(hit.body)}'`);
    expect(hit.headers.get('cache-control')).toBe('no-store, private');
    expect(hit.headers.get('referrer-policy')).toBe('no-referrer');
    expect(hit.headers.get('set-cookie')).toBeNull();
  });

  it('shows a new carrier event on the next request', async () => {
    const { order, cookie, url } = await linkedOrder();
    await get(url, cookie);
    await getUntilHit(url, cookie);
    const [parcel] = await db.select({ id: shipments.id, trackingNumber: shipments.trackingNumber }).from(shipments).where(eq(shipments.orderId, order.id));
    await db.insert(trackingEvents).values({
      shipmentId: parcel!.id,
      carrier: 'posti',
      trackingNumber: parcel!.trackingNumber,
      status: 'in_transit',
      description: 'Brand new scan',
      occurredAt: new Date(),
      source: 'api',
      dedupeKey: `cache:${order.id}`,
    });
    const fresh = await getUntilMiss(url, cookie);
    expect(fresh.body).toContain('Brand new scan');
  });

  it('stops serving a link the shop revoked', async () => {
    const { order, cookie, url } = await linkedOrder();
    await get(url, cookie);
    await getUntilHit(url, cookie);
    await db.update(trackingLinks).set({ revokedAt: new Date() }).where(eq(trackingLinks.orderId, order.id));
    // At once, without waiting for the notification: the very next request is not served from the cache;
    // past the cache, the page itself (here the stand-in renderer) decides.
    expect((await get(url, cookie)).cache).toBe('miss');
  });

  it('keeps one entry per link: another link to the same order renders its own page', async () => {
    const { order, cookie, url, linkId } = await linkedOrder();
    await get(url, cookie);
    await getUntilHit(url, cookie);
    await mintTrackingLink(db, { orderId: order.id });
    const links = await db.select({ id: trackingLinks.id }).from(trackingLinks).where(eq(trackingLinks.orderId, order.id));
    const other = links.find((l) => l.id !== linkId);
    const otherCookie = cookieFor([{ o: order.id, exp: inAnHour(), l: other!.id }]);
    await getUntilMiss(url, cookie); // minting wrote a row for this order: its entries are gone
    await getUntilHit(url, cookie);
    expect((await get(url, otherCookie)).cache).toBe('miss');
    await getUntilHit(url, otherCookie);
    expect(cache.stats().entries).toBeGreaterThanOrEqual(2);
  });

  it('never caches the full view, a missing or forged grant, or another order', async () => {
    const { order, url, linkId } = await linkedOrder();
    const verified = cookieFor([{ o: order.id, exp: inAnHour() }]);
    const before = renders;
    await get(url, verified);
    const second = await get(url, verified);
    expect(second.cache).toBeNull();
    expect(renders - before).toBe(2);

    expect((await get(url)).cache).toBeNull();
    const forged = `${ORDER_ACCESS_COOKIE}=${signGrants(Buffer.from('x'.repeat(40)), [{ o: order.id, exp: inAnHour(), l: linkId }])}`;
    expect((await get(url, forged)).cache).toBeNull();
    const expired = cookieFor([{ o: order.id, exp: Math.floor(Date.now() / 1000) - 1, l: linkId }]);
    expect((await get(url, expired)).cache).toBeNull();
    const elsewhere = await createOrder(db, 'fi');
    expect((await get(`${base}/fi/orders/${elsewhere.orderNumber}`, cookieFor([{ o: order.id, exp: inAnHour(), l: linkId }]))).cache).toBeNull();
  });

  it('does not store a response that sets a cookie, or one rendered while the order changed', async () => {
    const { order, cookie, url } = await linkedOrder();
    renderHook = async (res) => void res.setHeader('set-cookie', 'x=1');
    await get(url, cookie);
    renderHook = null;
    expect((await get(url, cookie)).cache).toBe('miss');

    const changing = await linkedOrder();
    renderHook = async () => {
      await db.update(shipments).set({ updatedAt: new Date() }).where(eq(shipments.orderId, changing.order.id));
      await new Promise((r) => setTimeout(r, 200));
    };
    await get(changing.url, changing.cookie);
    renderHook = null;
    expect((await get(changing.url, changing.cookie)).cache).toBe('miss');
    expect(order.id).not.toBe(changing.order.id);
  });

  it('empties when the shop settings change', async () => {
    const { cookie, url } = await linkedOrder();
    await get(url, cookie);
    await getUntilHit(url, cookie);
    await db.update(settings).set({ value: sql`${settings.value}` }).where(inArray(settings.key, ['shop']));
    await db.insert(settings).values({ key: 'page_cache_test', value: Date.now() }).onConflictDoUpdate({ target: settings.key, set: { value: Date.now() } });
    expect((await getUntilMiss(url, cookie)).cache).toBe('miss');
    expect(cache.stats().live).toBe(true);
  });
});

describe('when the notification connection drops', () => {
  it('listens again by itself and starts empty, so nothing missed meanwhile is served', async () => {
    const { cookie, url } = await linkedOrder();
    await get(url, cookie);
    await getUntilHit(url, cookie);
    await db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where query ilike 'listen%paluu_page_cache%' and pid <> pg_backend_pid()`);
    expect((await getUntilMiss(url, cookie)).cache).not.toBe('hit');
    // postgres.js reconnects and listens again by itself.
    const deadline = Date.now() + 5000;
    while (!cache.stats().live && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(cache.stats().live).toBe(true);
    await get(url, cookie);
    expect((await getUntilHit(url, cookie)).status).toBe(200);
  });
});
