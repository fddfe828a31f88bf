import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { compensations, outbox, platformOrders } from '../../db/schema';
import { addShopifyIntegration } from '../../lib/platforms/integrations';
import { ADMIN_API_VERSION } from '../../lib/platforms/shopify/api';
import { startShopifyAdmin, type ShopifyAdminServer } from '../../test/shopify-admin-server';
import { createDeliveryCase } from '../../test/staff2-factories';
import { expect, msg, test } from '../fixtures';
import { loginAs } from '../staff/login';

/**
 * Issue #15, goodwill on a Shopify order: the agent gives a discount code on the case; the worker creates it on the
 * (local) Shopify, which refuses it the first time; the goodwill panel says so with Shopify's message and no email
 * goes out; "Try again" creates it (one discountCodeBasicCreate with our code) and only then is the customer emailed.
 */
const TOKEN = `shpat_e2e_codes_${randomUUID().replaceAll('-', '')}`;
// The demo agent works in Finnish (db/seed.ts).
const fi = (key: string) => msg('fi', key);
const code = (key: string) => fi(`goodwill.platformCode.${key}`).replace('{platform}', 'Shopify');
/** Server actions, the worker and page loads on a loaded 2-core machine: wait on the visible state, generously. */
const SLOW = { timeout: 45_000 };

let shopify: ShopifyAdminServer;
test.beforeAll(async () => {
  shopify = await startShopifyAdmin({ accessToken: TOKEN, version: ADMIN_API_VERSION });
});
test.afterAll(async () => {
  await shopify?.close();
});

test('[SHOPIFY] a goodwill code Shopify refuses: "action needed" with its message and no email; "Try again" creates it once, then the email', async ({ page, db, expectNoAxeViolations }) => {
  test.setTimeout(180_000);
  const integration = await addShopifyIntegration(
    { db, actor: { type: 'system' } },
    { shopDomain: `e2e-codes-${randomUUID().slice(0, 8)}.myshopify.com`, accessToken: TOKEN, webhookSecret: `shpss_e2e_codes_${randomUUID()}`, apiOrigin: shopify.origin },
  );
  const { caseId, orderId } = await createDeliveryCase(db, { captured: 20_000 });
  await db.insert(platformOrders).values({ orderId, integrationId: integration.id, externalId: `gid://shopify/Order/${Date.now()}` });
  shopify.state.refuseNext.push({ mutation: 'discountCodeBasicCreate', message: 'Discount could not be created: the shop has reached its discount limit.', code: 'LIMIT' });

  await loginAs(page, 'agent');
  await page.goto(`/staff/cases/${caseId}`);
  const panel = page.getByTestId('goodwill-panel');
  await panel.getByLabel(fi('goodwill.kind')).selectOption('discount_code');
  await panel.getByLabel(fi('goodwill.amount')).fill('10');
  await panel.getByLabel(fi('goodwill.reason')).fill('Paketti myöhässä kaksi päivää');
  await panel.getByRole('button', { name: fi('goodwill.submit') }).click();
  await expect(panel.getByRole('status')).toHaveText(fi('goodwill.issued'), SLOW);

  // The worker calls Shopify; the panel (reloaded) shows the refusal, Shopify's words and the way out.
  const line = panel.getByTestId('platform-code');
  await expect(async () => {
    await page.reload();
    await expect(line).toContainText(code('failed'), { timeout: 2_000 });
  }).toPass(SLOW);
  await expect(line).toContainText('Discount could not be created: the shop has reached its discount limit.');
  await expect(line).toContainText(fi('goodwill.platformCode.notEmailed'));
  await expectNoAxeViolations(page);
  const mails = () => db.select().from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, 'email.compensation_issued')));
  expect(await mails()).toHaveLength(0);

  await line.getByRole('button', { name: fi('goodwill.platformCode.retry') }).click();
  await expect(async () => {
    await page.reload();
    await expect(panel.getByTestId('platform-code')).toHaveText(code('created'), { timeout: 2_000 });
  }).toPass(SLOW);
  await expectNoAxeViolations(page);

  const [comp] = await db.select({ code: compensations.code }).from(compensations).where(eq(compensations.caseId, caseId));
  expect(shopify.state.discounts.filter((d) => d.code === comp!.code)).toHaveLength(1);
  expect(shopify.state.requests.filter((q) => q.query.includes('discountCodeBasicCreate(') && (q.variables.basicCodeDiscount as { code: string }).code === comp!.code)).toHaveLength(2);
  await expect.poll(async () => (await mails()).length, SLOW).toBe(1);
  expect((await mails())[0]!.payload.text).toContain(comp!.code!);
});
