import { createApiKey } from '../../lib/api-keys/create-api-key';
import { buildBringEventCast } from '../../lib/carriers/formats';
import { E2E_BRING_WEBHOOK_SECRET } from '../../playwright.config';
import { expect, msg, test } from '../fixtures';
import { TrackingPage } from '../pages/tracking-page';

/** An 18-digit SSCC (Bring's package number) with its GS1 check digit. */
function sscc(): string {
  const body = `37${String(Date.now()).slice(-9)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const sum = [...body].reverse().reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/**
 * The whole promise of issue #3 in one journey: the merchant's system creates the order and the parcel
 * over the API and mints a link for its shipping email; the customer opens it on a phone in Finnish and
 * sees the redacted timeline; Bring pushes an event, and the page shows it without a reload.
 */
test('[JOURNEY] merchant API → tracking link → customer in fi sees a carrier push live @phone', async ({ page, request, db, expectNoAxeViolations }) => {
  const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: `journey-${Date.now()}` });
  const api = { authorization: `Bearer ${key}` };
  const orderNumber = `JRN-${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e4)}`;
  const trackingNumber = sscc();
  const customer = { email: 'aino.virtanen@example.fi', surname: 'Virtanen', street: 'Mannerheimintie 12 A 5', phone: '+358401112223', postalCode: '00100' };

  const put = await request.put(`/api/v1/orders/${orderNumber}`, {
    headers: api,
    data: {
      email: customer.email,
      customerName: `Aino ${customer.surname}`,
      phone: customer.phone,
      locale: 'fi',
      currency: 'EUR',
      placedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      shippingAddress: { name: `Aino ${customer.surname}`, line1: customer.street, postalCode: customer.postalCode, city: 'Helsinki', country: 'FI' },
      lines: [{ sku: `JRN-SCARF-${orderNumber}`, title: 'Villahuivi', quantity: 1, unitPrice: 3990 }],
      capturedAmount: 3990,
    },
  });
  expect(put.status()).toBe(201);
  const shipment = await request.post(`/api/v1/orders/${orderNumber}/shipments`, {
    headers: { ...api, 'idempotency-key': `ship-${orderNumber}` },
    data: { carrier: 'bring', trackingNumber, lines: [{ sku: `JRN-SCARF-${orderNumber}`, quantity: 1 }], shippedAt: new Date(Date.now() - 86_400_000).toISOString() },
  });
  expect(shipment.status()).toBe(201);

  // Bring pushes in its own format to the carrier webhook; the worker processes the inbox.
  const push = (code: string, minutesAgo: number) =>
    request.post('/api/webhooks/carriers/bring', {
      headers: { 'x-paluu-webhook-secret': E2E_BRING_WEBHOOK_SECRET },
      data: buildBringEventCast({ carrier: 'bring', trackingNumber }, { code, text: '', at: new Date(Date.now() - minutesAgo * 60_000), id: `${trackingNumber}-${code}` }),
    });
  expect((await push('IN_TRANSIT', 120)).status()).toBe(202);
  await expect
    .poll(async () => (await (await request.get(`/api/v1/orders/${orderNumber}`, { headers: api })).json()).shipments?.[0]?.status, { timeout: 20_000 })
    .toBe('in_transit');

  const minted = await request.post(`/api/v1/orders/${orderNumber}/tracking-links`, { headers: { ...api, 'idempotency-key': `link-${orderNumber}` }, data: {} });
  expect(minted.status()).toBe(201);
  const { url } = await minted.json();
  expect(url).toMatch(/\/t\/[A-Za-z0-9_-]{43}$/);

  const tracking = new TrackingPage(page, 'fi');
  await page.goto(url);
  await expect(page).toHaveURL(new RegExp(`/fi/orders/${orderNumber}$`));
  await expect(tracking.parcels()).toHaveCount(1);
  await expect(tracking.parcel(0).getByTestId('parcel-status')).toHaveText(msg('fi', 'parcel.status.in_transit'));
  // Redacted: the first name only; no surname, street, postal code, email or phone anywhere in the page.
  await expect(page.getByTestId('link-view')).toContainText('Aino');
  const html = await page.content();
  for (const secret of [customer.surname, customer.street, customer.postalCode, customer.email, customer.phone]) expect(html, `link view leaks ${secret}`).not.toContain(secret);
  await expectNoAxeViolations(page);

  // The carrier pushes "out for delivery"; the open page picks it up without a reload.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  expect((await push('TRANSPORT_TO_RECIPIENT', 1)).status()).toBe(202);
  await expect(tracking.parcel(0).getByTestId('parcel-status')).toHaveText(msg('fi', 'parcel.status.out_for_delivery'), { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});
