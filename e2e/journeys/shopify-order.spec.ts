import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { addShopifyIntegration } from '../../lib/platforms/integrations';
import { expect, msg, test } from '../fixtures';
import { LookupPage } from '../pages/lookup-page';

// Issue #15: an order placed on Shopify reaches the customer's portal through the orders/create webhook.
const SECRET = 'shpss_e2e_webhook_secret_0123456789';
const ORDER = JSON.parse(readFileSync(path.join(process.cwd(), 'fixtures/shopify/order.json'), 'utf8')).order;

test('[SHOPIFY] an orders/create webhook → the customer looks the order up with "#1001" and the email', async ({ page, request, db }) => {
  test.slow();
  const shop = `e2e-${randomUUID().slice(0, 8)}.myshopify.com`;
  await addShopifyIntegration({ db, actor: { type: 'system' } }, { shopDomain: shop, accessToken: 'shpat_e2e', webhookSecret: SECRET });
  const body = JSON.stringify(ORDER);
  const headers = {
    'content-type': 'application/json',
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': shop,
    'x-shopify-api-version': '2026-07',
    'x-shopify-webhook-id': randomUUID(),
    'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64'),
  };
  const forged = await request.post('/api/integrations/shopify/webhooks', { data: body, headers: { ...headers, 'x-shopify-hmac-sha256': createHmac('sha256', 'wrong-secret-000000').update(body).digest('base64') } });
  expect(forged.status()).toBe(401);
  const delivered = await request.post('/api/integrations/shopify/webhooks', { data: body, headers });
  expect(delivered.status()).toBe(200);
  expect(await delivered.json()).toEqual({ received: true, duplicate: false, outcome: 'applied' });

  const lookup = new LookupPage(page, 'en');
  await lookup.goto();
  await lookup.lookUp('#1001', 'Bob.Norman@hostmail.com');
  await expect(page).toHaveURL(/\/en\/orders\/1001$/, { timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1 })).toContainText('1001');
  await expect(page.getByRole('heading', { name: msg('en', 'order.items') })).toBeVisible();
  await expect(page.locator('main')).toContainText('IPod Nano - 8gb');
});
