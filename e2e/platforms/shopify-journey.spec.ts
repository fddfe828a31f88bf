import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { cases, orders, returns, shipments } from '../../db/schema';
import { buildBringEventCast } from '../../lib/carriers/formats';
import { ADMIN_API_VERSION } from '../../lib/platforms/shopify/api';
import { E2E_BRING_WEBHOOK_SECRET, E2E_SHOPIFY_PORT } from '../../playwright.config';
import { startShopifyAdmin, type ShopifyAdminServer } from '../../test/shopify-admin-server';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';
import { ReturnWizardPage } from '../pages/return-wizard';
import { loginAs } from '../staff/login';
import { newPerson, ownAdmin } from '../staff/settings-helpers';

/**
 * Issue #15's e2e: a Shopify shop connected in the admin settings; Shopify's own example order (fixtures/shopify,
 * SOURCES.md) arrives by a signed orders/create webhook, its fulfilment by fulfillments/create, Bring delivers the
 * parcel; the customer looks the order up with "#" and the email and returns one item; an admin approves, receives,
 * inspects and completes; the worker pays the refund on the Shopify rail, so the local Shopify Admin API
 * (test/shopify-admin-server.ts, which the e2e server reaches through SHOPIFY_API_ORIGIN) gets exactly one
 * refundCreate; the customer's return page says "Refund of … issued".
 */
const fixture = (name: string) => JSON.parse(readFileSync(path.join(process.cwd(), 'fixtures/shopify', name), 'utf8'));
const EXAMPLE_ORDER = fixture('order.json').order;
const EXAMPLE_FULFILLMENT = fixture('fulfillments.json').fulfillments[0];
const TOKEN = `shpat_e2e_journey_${randomUUID().replaceAll('-', '')}`;
const SECRET = `shpss_e2e_journey_${randomUUID().replaceAll('-', '')}`;
const en = (key: string) => msg('en', key);
/** Server actions and page loads under a loaded 2-core CI machine: wait on the visible state, generously. */
const SLOW = { timeout: 30_000 };
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An 18-digit SSCC (Bring's package number) with its GS1 check digit. */
function sscc(): string {
  const body = `37${String(Date.now()).slice(-9)}${String(randomInt(1e6)).padStart(6, '0')}`;
  const sum = [...body].reverse().reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

let shopify: ShopifyAdminServer;
test.beforeAll(async () => {
  shopify = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION, shopName: 'Kuusikoivu on Shopify', port: E2E_SHOPIFY_PORT });
});
test.afterAll(async () => {
  await shopify?.close();
});

test('[SHOPIFY] orders/create webhook → lookup with "#" and email → return one item → staff approves and receives → one refundCreate on Shopify → "Refund issued"', async ({ page, browser, request, db, expectNoAxeViolations }) => {
  // A whole journey through two people, three webhooks and the worker, on a busy 2-core machine.
  test.setTimeout(240_000);

  // Shopify's example order, with what must differ in a run that shares its database with other tests: the ids,
  // the name (#1001 is taken by e2e/journeys/shopify-order.spec.ts), recent dates (inside the return window) and
  // "paid" (the example is only authorized: nothing captured, nothing to refund).
  const orderId = 9_000_000_000 + randomInt(1e9);
  const lineIds = new Map<number, number>(EXAMPLE_ORDER.line_items.map((l: { id: number }) => [l.id, orderId + l.id % 1000 + 1]));
  const orderNumber = String(randomInt(20_000, 99_999));
  const placedAt = new Date(Date.now() - 5 * 86_400_000).toISOString();
  const order = {
    ...EXAMPLE_ORDER,
    id: orderId,
    name: `#${orderNumber}`,
    order_number: Number(orderNumber),
    financial_status: 'paid',
    created_at: placedAt,
    updated_at: placedAt,
    processed_at: placedAt,
    line_items: EXAMPLE_ORDER.line_items.map((l: { id: number }) => ({ ...l, id: lineIds.get(l.id) })),
  };
  const orderGid = `gid://shopify/Order/${orderId}`;
  const lineGid = (exampleId: number) => `gid://shopify/LineItem/${lineIds.get(exampleId)}`;
  // The example fulfilment ships the red iPod (line 518995019); carried by Bring here, so Bring can deliver it.
  const trackingNumber = sscc();
  const redLine = EXAMPLE_FULFILLMENT.line_items[0];
  const fulfillment = {
    ...EXAMPLE_FULFILLMENT,
    id: orderId + 7,
    order_id: orderId,
    created_at: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    tracking_company: 'Bring',
    tracking_number: trackingNumber,
    tracking_numbers: [trackingNumber],
    line_items: [{ ...redLine, id: lineIds.get(redLine.id), admin_graphql_api_id: lineGid(redLine.id) }],
  };
  // What Shopify holds for the order: the captured sale a refund transaction refers to.
  const saleId = `gid://shopify/OrderTransaction/${orderId + 9}`;
  shopify.state.transactions[orderGid] = [{ id: saleId, kind: 'SALE', status: 'SUCCESS', gateway: 'shopify_payments', amountSet: { shopMoney: { amount: order.total_price, currencyCode: 'USD' } } }];
  for (const id of lineIds.values()) shopify.state.refundable[`gid://shopify/LineItem/${id}`] = 1;
  shopify.state.refundableAmount[orderGid] = Math.round(Number(order.total_price) * 100);

  // 1. The merchant connects the shop in Settings → Shop platforms, and the connection test reaches "Shopify".
  const shop = `paluu-e2e-${randomUUID().slice(0, 8)}.myshopify.com`;
  const staff = await newPerson(browser);
  await loginAs(staff, await ownAdmin(db));
  await staff.goto('/staff/settings/integrations');
  const integrations = (key: string) => en(`staffAdmin.integrations.${key}`);
  await staff.getByLabel(integrations('shopDomain')).fill(shop);
  await staff.getByLabel(integrations('accessToken')).fill(TOKEN);
  await staff.getByLabel(integrations('webhookSecret')).fill(SECRET);
  await staff.getByRole('button', { name: integrations('add') }).click();
  await expect(staff.getByTestId('integration-add-feedback')).toHaveText(integrations('done.added'), SLOW);
  const row = staff.locator(`[data-testid="integration-row"][data-domain="${shop}"]`);
  await row.getByRole('button', { name: integrations('test') }).click();
  await expect(row.getByTestId('integration-feedback')).toHaveText(integrations('connectionOk').replace('{name}', 'Kuusikoivu on Shopify'), SLOW);
  expect(shopify.state.requests.at(-1)).toMatchObject({ token: TOKEN });

  // 2. Shopify delivers orders/create, signed the way Shopify signs (base64 HMAC-SHA256 of the raw body).
  const deliver = (topic: string, payload: unknown, webhookId = randomUUID()) => {
    const body = JSON.stringify(payload);
    return request.post('/api/integrations/shopify/webhooks', {
      data: body,
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-shop-domain': shop,
        'x-shopify-api-version': ADMIN_API_VERSION,
        'x-shopify-webhook-id': webhookId,
        'x-shopify-triggered-at': new Date().toISOString(),
        'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
      },
    });
  };
  const orderWebhookId = randomUUID();
  const created = await deliver('orders/create', order, orderWebhookId);
  expect(created.status()).toBe(200);
  expect(await created.json()).toEqual({ received: true, duplicate: false, outcome: 'applied' });
  // Shopify redelivers the same webhook (same X-Shopify-Webhook-Id): acknowledged, nothing applied twice.
  const again = await deliver('orders/create', order, orderWebhookId);
  expect(again.status()).toBe(200);
  expect(await again.json()).toMatchObject({ received: true, duplicate: true });
  expect(await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber))).toHaveLength(1);

  // 3. The red iPod ships with Bring (fulfillments/create), and Bring reports it delivered.
  const shipped = await deliver('fulfillments/create', fulfillment);
  expect(shipped.status()).toBe(200);
  expect(await shipped.json()).toEqual({ received: true, duplicate: false, outcome: 'applied' });
  const pushed = await request.post('/api/webhooks/carriers/bring', {
    headers: { 'x-paluu-webhook-secret': E2E_BRING_WEBHOOK_SECRET },
    data: buildBringEventCast({ carrier: 'bring', trackingNumber }, { code: 'DELIVERED', text: '', at: new Date(Date.now() - 2 * 86_400_000), id: `${trackingNumber}-DELIVERED` }),
  });
  expect(pushed.status()).toBe(202);
  await expect.poll(async () => (await db.select({ status: shipments.status }).from(shipments).where(eq(shipments.trackingNumber, trackingNumber)))[0]?.status, { timeout: 60_000 }).toBe('delivered');

  // 4. The customer types the Shopify order name with its "#" and the email (in another case), sees the lines.
  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp(`#${orderNumber}`, 'Bob.Norman@hostmail.com');
  await expect(page).toHaveURL(new RegExp(`/en/orders/${orderNumber}$`), { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText(orderNumber);
  await expect(page.locator('main')).toContainText('IPod Nano - 8gb');

  // 5. …and returns the delivered red one through the wizard (the two not yet delivered cannot be chosen).
  await page.getByRole('link', { name: en('returns.entry.start') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('returnWizard.title'), { timeout: 20_000 });
  const wizard = new ReturnWizardPage(page, 'en');
  await wizard.expectStep('items', 1);
  const lines = page.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: 'IPod Nano - 8gb' }) });
  await expect(lines).toHaveCount(3);
  // Each line's description starts with its variant ("red · $199.00 · returnable until …").
  const line = (variant: string) => lines.filter({ has: page.getByText(new RegExp(`^${variant} · `)) }).getByRole('checkbox');
  await expect(line('red')).toBeEnabled();
  for (const variant of ['green', 'black']) await expect(line(variant)).toBeDisabled();
  await expect(page.getByText(en('returns.refusal.not_delivered'))).toHaveCount(2);
  await line('red').check();
  await wizard.continue();
  await wizard.expectStep('reason', 2);
  // "Not as described" waits for staff (no automatic approval) and asks for a photo.
  await wizard.chooseReason('Not as described');
  const sharp = (await import('sharp')).default;
  const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#c33' } }).png().toBuffer();
  await page.getByLabel(/^Photos/).setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByRole('img', { name: 'Photo 1' })).toBeVisible(SLOW);
  await wizard.continue();
  await wizard.expectStep('resolution', 3);
  await wizard.chooseResolution('refund');
  await wizard.continue();
  await wizard.expectStep('method', 4);
  await wizard.chooseMethod('drop_off', 'Posti');
  await wizard.continue();
  await wizard.expectStep('review', 5);
  await expect(page.getByTestId('total-refund')).toHaveText(/199\.00/);
  const rma = await wizard.submit();
  await expect(page.getByTestId('return-status')).toHaveText(en('returnPage.status.requested'), SLOW);

  // 6. The admin approves, the warehouse receives the parcel, inspects (as new: restocked) and completes.
  const [ret] = await db.select({ caseId: cases.id }).from(returns).innerJoin(cases, eq(cases.returnId, returns.id)).where(eq(returns.rmaNumber, rma));
  await staff.goto(`/staff/cases/${ret!.caseId}`);
  const panel = staff.getByTestId('return-panel');
  await expect(panel.getByTestId('return-status')).toHaveText(en('staffReturns.statuses.requested'), SLOW);
  await panel.getByRole('button', { name: en('staffReturns.approve') }).click();
  await expect(panel.getByTestId('return-status')).toHaveText(en('staffReturns.statuses.label_issued'), SLOW);
  const [label] = await db.select({ tracking: shipments.trackingNumber }).from(returns).innerJoin(shipments, eq(shipments.id, returns.returnShipmentId)).where(eq(returns.rmaNumber, rma));
  await staff.goto('/staff/receiving');
  await staff.getByLabel(en('staffReturns.receiving.code')).fill(label!.tracking);
  await staff.keyboard.press('Enter');
  await expect(staff.getByRole('heading', { name: new RegExp(rma) })).toBeVisible(SLOW);
  await staff.getByRole('button', { name: en('staffReturns.receiving.submit') }).click();
  await expect(staff.getByRole('status')).toHaveText(en('staffReturns.done.received').replace('{rma}', rma), SLOW);
  await staff.goto(`/staff/cases/${ret!.caseId}`);
  await panel.getByRole('button', { name: en('staffReturns.inspectSubmit') }).click();
  await expect(panel.getByTestId('return-status')).toHaveText(en('staffReturns.statuses.inspected'), SLOW);
  await panel.getByRole('button', { name: en('staffReturns.completeSubmit') }).click();
  await expect(panel.getByTestId('return-status')).toHaveText(en('staffReturns.statuses.completed'), SLOW);

  // 7. The worker pays the refund on the Shopify rail: one refundCreate for the red iPod, restocked, $199.00 on the sale.
  const refundCreates = () => shopify.state.requests.filter((r) => /\brefundCreate\(/.test(r.query));
  await expect.poll(() => refundCreates().length, { timeout: 90_000 }).toBeGreaterThan(0);
  // The customer reloads the return page until the refund shows as issued.
  const issued = new RegExp(
    escape(en('refunds.customer.issued'))
      .replace(escape('{amount}'), '\\S*199\\.00')
      .replace(escape('{date}'), '.+')
      .replace(escape('{destination}'), escape(en('refunds.destination.card'))),
  );
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('refund-status').locator('li[data-state="issued"]')).toHaveText(issued, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expectNoAxeViolations(page);

  const calls = refundCreates();
  expect(calls).toHaveLength(1);
  expect(calls[0]!.token).toBe(TOKEN);
  expect(calls[0]!.query).toMatch(/@idempotent\(key: "[^"]+"\)/);
  expect(calls[0]!.variables.input).toMatchObject({
    orderId: orderGid,
    notify: false,
    refundLineItems: [{ lineItemId: lineGid(redLine.id), quantity: 1, restockType: 'RETURN' }],
    transactions: [{ orderId: orderGid, parentId: saleId, gateway: 'shopify_payments', kind: 'REFUND', amount: '199.00' }],
  });
  expect(shopify.state.refunds.size).toBe(1);
  expect(shopify.state.refundable[lineGid(redLine.id)]).toBe(0);
  await staff.context().close();
});
