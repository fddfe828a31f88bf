import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as imageRoute from '@/app/api/images/p/[file]/route';
import * as orderRoute from '@/app/api/v1/orders/[orderNumber]/route';
import { orderLines, orders, productImages, variants } from '@/db/schema';
import { getCustomerOrder } from '@/lib/orders/queries';
import { getCustomerReturn, getReturnWizard } from '@/lib/returns/queries';
import { createApprovedReturn } from '@/test/return-fixture';
import { productImagePath } from '@/lib/core/product-image-path';
import { call, newKey, newOrderNumber, orderBody } from '@/test/api-client';
import { testDb } from '@/test/db';
import { startLocalHttp, type LocalHttp } from '@/test/local-http';
import { runSubscriberFor } from '@/test/subscribers';
import { fetchDueImages, MAX_IMAGE_ATTEMPTS } from './fetch-due-images';
import { queueMissingImages, queueOrderImages } from './queue-images';
import { productImagesQueue } from './subscribers';

const db = testDb();
let server: LocalHttp;
let png: Buffer;
const hits = new Map<string, number>();

beforeAll(async () => {
  png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#c0392b' } })
    .png()
    .withMetadata({ exif: { IFD0: { Copyright: 'secret-metadata' } } })
    .toBuffer();
  server = await startLocalHttp(
    async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path.startsWith('/img/')) {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
        res.end(png);
      } else if (path.startsWith('/moved/')) {
        res.writeHead(302, { location: `/img/${path.slice('/moved/'.length)}` });
        res.end();
      } else if (path.startsWith('/big/')) {
        // No Content-Length: the cap must hold while streaming.
        res.writeHead(200, { 'content-type': 'image/png' });
        const chunk = Buffer.alloc(256 * 1024, 1);
        let sent = 0;
        const pump = () => {
          while (sent < 6 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
      } else if (path.startsWith('/html/')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>not an image</html>');
      } else if (path.startsWith('/fake/')) {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('GIF89a but not really an image at all');
      } else if (path.startsWith('/slow/')) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(png);
      } else if (path.startsWith('/down/')) {
        res.writeHead(503);
        res.end('try later');
      }
    },
  );
});
afterAll(() => server.close());
afterEach(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
});

const putOrder = async (key: string, imageUrls: string[]) => {
  const orderNumber = newOrderNumber();
  const lines = imageUrls.map((imageUrl, i) => ({ sku: `IMG-${i}`, title: `Kaamos mug ${i}`, quantity: 1, unitPrice: 2400, imageUrl }));
  const response = await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody({ lines, capturedAmount: 2400 * imageUrls.length }), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  const [order] = await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber));
  await runSubscriberFor(db, productImagesQueue, order!.id);
  return { orderNumber, orderId: order!.id };
};
const rowsOf = (urls: string[]) => db.select().from(productImages).where(inArray(productImages.url, urls));
const unique = () => Math.random().toString(36).slice(2);
const getImage = (file: string, headers: Record<string, string> = {}) =>
  imageRoute.GET(new Request(`http://localhost/api/images/p/${file}`, { headers }), { params: Promise.resolve({ file }) });

describe('product images (issue #18)', () => {
  it('fetches a URL once for two orders that carry it, stores 160 and 480 px WebP without metadata, and the route serves them cached for a year', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1'; // the test server is on 127.0.0.1 over http
    const { key } = await newKey();
    const id = unique();
    const url = `${server.url}/img/${id}.png`;
    await putOrder(key, [url, url]);
    await putOrder(key, [url]);
    const [queued, ...more] = await rowsOf([url]);
    expect(more).toHaveLength(0);
    expect(queued!.status).toBe('pending');

    expect(await fetchDueImages(db, { onlyUrls: [url] })).toEqual({ ok: 1, retrying: 0, failed: 0 });
    expect(await fetchDueImages(db, { onlyUrls: [url] })).toEqual({ ok: 0, retrying: 0, failed: 0 });
    expect(hits.get(`/img/${id}.png`)).toBe(1);

    const [row] = await rowsOf([url]);
    expect(row).toMatchObject({ status: 'ok', error: null, sizes: { '160': { width: 160, height: 107 }, '480': { width: 480, height: 320 } } });
    expect(row!.fetchedAt).toBeInstanceOf(Date);

    const small = await getImage(productImagePath(row!.urlHash, 160).split('/').pop()!);
    expect(small.status).toBe(200);
    expect(small.headers.get('content-type')).toBe('image/webp');
    expect(small.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(small.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = small.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const bytes = Buffer.from(await small.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 160, height: 107 });
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('secret-metadata'))).toBe(false);

    const large = await getImage(`${row!.urlHash}-480.webp`);
    expect((await sharp(Buffer.from(await large.arrayBuffer())).metadata()).width).toBe(480);
    expect((await getImage(`${row!.urlHash}-160.webp`, { 'if-none-match': etag! })).status).toBe(304);
    // Serving never fetches: still one request to the origin.
    expect(hits.get(`/img/${id}.png`)).toBe(1);
  });

  it('two workers passing at once fetch a new URL once (claimed with a lease, SKIP LOCKED)', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    const { key } = await newKey();
    const id = unique();
    const url = `${server.url}/img/${id}.png`;
    await putOrder(key, [url]);
    const passes = await Promise.all([1, 2, 3].map(() => fetchDueImages(db, { onlyUrls: [url] })));
    expect(passes.reduce((sum, p) => sum + p.ok, 0)).toBe(1);
    expect(hits.get(`/img/${id}.png`)).toBe(1);
  });

  it('answers 404 for an unknown hash, a size we do not make, a name that is not ours, and a picture not fetched yet', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    const { key } = await newKey();
    const url = `${server.url}/img/${unique()}.png`;
    await putOrder(key, [url]);
    const [row] = await rowsOf([url]);
    for (const file of [`${'a'.repeat(64)}-160.webp`, `${row!.urlHash}-999.webp`, '../../etc-passwd', `${row!.urlHash}-160.webp`]) {
      expect((await getImage(file)).status, file).toBe(404);
    }
    expect(hits.get(new URL(url).pathname)).toBeUndefined();
  });

  it('does not follow a redirect (it could lead anywhere): the picture fails and its target is never asked', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    const { key } = await newKey();
    const id = unique();
    const url = `${server.url}/moved/${id}.png`;
    await putOrder(key, [url]);
    expect(await fetchDueImages(db, { onlyUrls: [url] })).toEqual({ ok: 0, retrying: 0, failed: 1 });
    expect((await rowsOf([url]))[0]).toMatchObject({ status: 'failed', error: `HTTP 302: redirects are not followed (/img/${id}.png).` });
    expect(hits.get(`/moved/${id}.png`)).toBe(1);
    expect(hits.get(`/img/${id}.png`)).toBeUndefined();
  });

  it('refuses private and loopback addresses and plain http without WEBHOOK_ALLOW_PRIVATE_URLS, without connecting', async () => {
    const { key } = await newKey();
    const id = unique();
    const loopbackHttp = `${server.url}/img/${id}-a.png`;
    const loopbackHttps = `${server.url.replace('http:', 'https:')}/img/${id}-b.png`;
    const privateName = `https://cdn-${id}.example.com/img/${id}-c.png`;
    const { orderNumber } = await putOrder(key, [loopbackHttp, loopbackHttps, privateName]);
    const lookup = async () => [{ address: '10.1.2.3', family: 4 }];
    expect(await fetchDueImages(db, { onlyUrls: [loopbackHttp, loopbackHttps, privateName], lookup })).toEqual({ ok: 0, retrying: 0, failed: 3 });
    const rows = await rowsOf([loopbackHttp, loopbackHttps, privateName]);
    const errorOf = (url: string) => rows.find((r) => r.url === url)?.error;
    expect(errorOf(loopbackHttp)).toMatch(/Refused URL \(urlHttps\)/);
    expect(errorOf(loopbackHttps)).toMatch(/Refused URL \(urlPrivate\)/);
    expect(errorOf(privateName)).toMatch(/resolves to 10\.1\.2\.3/);
    expect(rows.every((r) => r.status === 'failed' && r.small === null)).toBe(true);
    expect([...hits.keys()].some((p) => p.includes(id))).toBe(false);
    // The order is untouched and still reads through the API.
    const read = await call(orderRoute.GET, { key, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    expect(read.status).toBe(200);
  });

  it('marks too big, not an image and undecodable bytes failed at once, and the order is fine', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    const { key } = await newKey();
    const id = unique();
    const urls = { big: `${server.url}/big/${id}.png`, html: `${server.url}/html/${id}.png`, fake: `${server.url}/fake/${id}.png` };
    const { orderNumber } = await putOrder(key, Object.values(urls));
    const started = performance.now();
    expect(await fetchDueImages(db, { onlyUrls: Object.values(urls) })).toEqual({ ok: 0, retrying: 0, failed: 3 });
    expect(performance.now() - started).toBeLessThan(5000);
    const rows = await rowsOf(Object.values(urls));
    const errorOf = (url: string) => rows.find((r) => r.url === url)?.error;
    expect(errorOf(urls.big)).toMatch(/Too big: more than 5242880 bytes/);
    expect(errorOf(urls.html)).toMatch(/Not an image \(content type "text\/html"\)/);
    expect(errorOf(urls.fake)).toMatch(/Not an image sharp can read/);
    expect(rows.every((r) => r.status === 'failed')).toBe(true);
    const read = await call(orderRoute.GET, { key, params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
    expect(read.status).toBe(200);
    expect((read.json as { lines: Array<{ imageUrl: string }> }).lines.map((l) => l.imageUrl)).toEqual(Object.values(urls));
  });

  it(`retries a server error with backoff and marks it failed after ${MAX_IMAGE_ATTEMPTS} tries`, async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    const { key } = await newKey();
    const url = `${server.url}/down/${unique()}.png`;
    await putOrder(key, [url]);
    for (let attempt = 1; attempt <= MAX_IMAGE_ATTEMPTS; attempt += 1) {
      const pass = await fetchDueImages(db, { onlyUrls: [url] });
      const [row] = await rowsOf([url]);
      if (attempt < MAX_IMAGE_ATTEMPTS) {
        expect(pass).toEqual({ ok: 0, retrying: 1, failed: 0 });
        expect(row).toMatchObject({ status: 'pending', attempts: attempt, error: 'HTTP 503' });
        expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
        // Not due yet: a pass now does nothing.
        expect(await fetchDueImages(db, { onlyUrls: [url] })).toEqual({ ok: 0, retrying: 0, failed: 0 });
        await db.update(productImages).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(productImages.url, url));
      } else {
        expect(pass).toEqual({ ok: 0, retrying: 0, failed: 1 });
        expect(row).toMatchObject({ status: 'failed', attempts: MAX_IMAGE_ATTEMPTS, error: 'HTTP 503' });
      }
    }
    expect(hits.get(new URL(url).pathname)).toBe(MAX_IMAGE_ATTEMPTS);
  });

  it('gives up on a slow answer at the deadline and retries it later', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    const { key } = await newKey();
    const url = `${server.url}/slow/${unique()}.png`;
    await putOrder(key, [url]);
    const started = performance.now();
    expect(await fetchDueImages(db, { onlyUrls: [url], timeoutMs: 300 })).toEqual({ ok: 0, retrying: 1, failed: 0 });
    expect(performance.now() - started).toBeLessThan(1200);
    expect((await rowsOf([url]))[0]).toMatchObject({ status: 'pending', attempts: 1, error: 'No answer within 300 ms.' });
  });

  it('the order page and the return wizard show the stored picture, and nothing while it is pending or failed', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    const { key } = await newKey();
    const id = unique();
    const good = `${server.url}/img/${id}.png`;
    const broken = `${server.url}/html/${id}.png`;
    const { orderId } = await putOrder(key, [good, broken]);
    const access = { level: 'verified', orderId } as const;
    const before = await getCustomerOrder(db, access, 'Europe/Helsinki');
    expect(before!.lines.map((l) => l.image)).toEqual([null, null]);

    // A catalogue variant of another product with the same picture: offered in the exchange choice (sorted first).
    const sku = `IMG-VAR-${id}`;
    await db.insert(variants).values({ sku, productKey: `img-${id}`, title: `0 Kaamos mug ${id}`, options: { colour: 'Clay' }, price: 2400, stock: 3, imageUrl: good });
    await fetchDueImages(db, { onlyUrls: [good, broken] });
    const [row] = await rowsOf([good]);

    const after = await getCustomerOrder(db, access, 'Europe/Helsinki');
    expect(after!.lines.map((l) => l.image)).toEqual([row!.urlHash, null]);
    const wizard = await getReturnWizard(db, access, 'fi', 'Europe/Helsinki');
    expect(wizard!.lines.map((l) => l.image)).toEqual([row!.urlHash, null]);
    expect(wizard!.otherProducts.find((v) => v.title === `0 Kaamos mug ${id}`)?.image).toBe(row!.urlHash);
  });

  it('the return status page shows the returned item with its stored picture', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    const { order, returnId } = await createApprovedReturn(db);
    const url = `${server.url}/img/${unique()}.png`;
    await db.update(orderLines).set({ imageUrl: url }).where(eq(orderLines.orderId, order.id));
    expect((await getCustomerReturn(db, returnId, 'en'))!.items.map((i) => i.image)).toEqual([null]);
    expect(await queueOrderImages(db, order.id)).toBe(1);
    await fetchDueImages(db, { onlyUrls: [url] });
    const [row] = await rowsOf([url]);
    expect((await getCustomerReturn(db, returnId, 'en'))!.items.map((i) => i.image)).toEqual([row!.urlHash]);
  });

  it('the minute backstop queues catalogue variants’ pictures (exchange choices), once', async () => {
    const id = unique();
    const url = `https://cdn.example.com/${id}.png`;
    await db.insert(variants).values({ sku: `IMG-BACKSTOP-${id}`, productKey: `img-${id}`, title: 'Laituri towel', price: 3400, stock: 2, imageUrl: url });
    expect(await queueMissingImages(db)).toBeGreaterThanOrEqual(1);
    expect(await rowsOf([url])).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
    await queueMissingImages(db);
    expect(await rowsOf([url])).toHaveLength(1);
  });
});
