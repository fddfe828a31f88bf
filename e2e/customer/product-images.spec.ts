import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { productImages } from '../../db/schema';
import { createApiKey } from '../../lib/api-keys/create-api-key';
import { startLocalHttp } from '../../test/local-http';
import { expect, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

/**
 * Issue #18 end to end: the merchant sends an order whose line has an imageUrl (a server on 127.0.0.1; the e2e server
 * runs with WEBHOOK_ALLOW_PRIVATE_URLS=1), the worker fetches it once, and the order page shows our own copy.
 */
test('the order page shows the product picture the worker fetched once, served by us, and stays axe clean @phone', async ({ page, request, db, expectNoAxeViolations }) => {
  // The worker's fetch, a lookup and axe: more than the default 30 s on a loaded machine.
  test.setTimeout(120_000);
  const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#2f5d46' } }).png().toBuffer();
  let fetches = 0;
  const origin = await startLocalHttp(
    async (_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
      res.end(png);
    },
    (res) => res.writeHead(500).end(),
  );
  try {
    const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: `e2e-images-${Date.now()}` });
    const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();
    const orderNumber = `E2E-IMG-${suffix}`;
    const imageUrl = `${origin.url}/products/${suffix}.png`;
    const email = `kuvat.${suffix.toLowerCase()}@example.com`;
    const put = await request.put(`/api/v1/orders/${orderNumber}`, {
      headers: { authorization: `Bearer ${key}` },
      data: {
        email,
        customerName: 'Kuva Asiakas',
        locale: 'en',
        currency: 'EUR',
        placedAt: '2026-11-20T09:00:00+02:00',
        shippingAddress: { name: 'Kuva Asiakas', line1: 'Aleksanterinkatu 5', postalCode: '00100', city: 'Helsinki', country: 'FI' },
        lines: [
          { sku: `MUG-${suffix}`, title: 'Kaamos ceramic mug', quantity: 1, unitPrice: 2400, imageUrl },
          { sku: `SOCK-${suffix}`, title: 'Kelo wool socks', quantity: 1, unitPrice: 1900 },
        ],
        capturedAmount: 4300,
      },
    });
    expect(put.status()).toBe(201);

    // The worker: order.upserted → queued → fetched and stored.
    await expect
      .poll(async () => (await db.select({ status: productImages.status }).from(productImages).where(eq(productImages.url, imageUrl)))[0]?.status, { timeout: 20_000 })
      .toBe('ok');

    const lookup = new LookupPage(page, 'en');
    await lookup.goto();
    await lookup.lookUp(orderNumber, email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(orderNumber, { timeout: 15_000 });

    const items = page.locator('section[aria-labelledby="items-title"]');
    const picture = items.getByTestId('product-image');
    await expect(picture).toHaveCount(1); // the line without an imageUrl has none (no broken icon)
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await picture.getAttribute('src')).toMatch(/^\/api\/images\/p\/[0-9a-f]{64}-160\.webp$/);
    expect(await picture.getAttribute('alt')).toBe(''); // the title is right beside it
    expect(await picture.getAttribute('width')).toBe('64');
    await expect(items.getByText('Kaamos ceramic mug')).toBeVisible();

    const served = await request.get((await picture.getAttribute('src'))!);
    expect(served.headers()['content-type']).toBe('image/webp');
    expect(served.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(fetches).toBe(1); // served from our copy: the origin saw one request, from the worker

    await expectNoAxeViolations(page);

    // The return wizard's item choice shows it too (48 px, beside the checkbox's label).
    await page.goto(`/en/orders/${orderNumber}/return`);
    const wizardPicture = page.getByTestId('product-image');
    await expect(wizardPicture).toHaveCount(1);
    await expect.poll(() => wizardPicture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await wizardPicture.getAttribute('width')).toBe('48');
    expect(fetches).toBe(1);
  } finally {
    await origin.close();
  }
});
