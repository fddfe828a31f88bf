/**
 * Issue #15: the Vendure connector against the real engine. @vendure/core (test/engines/vendure, installed by
 * scripts/ensure-vendure.mjs before the suite) boots on a database of its own in the test PostgreSQL; the shop is set
 * up and the customer checks out through Vendure's own Admin and Shop APIs; the Paluu plugin inside Vendure posts its
 * signed deliveries to POST /api/integrations/vendure/webhooks (here: the route's handler behind a local server).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { orderLines, orders, platformWebhookReceipts } from '@/db/schema';
import { lookupOrder } from '@/lib/orders/lookup-order';
import { getCustomerOrder } from '@/lib/orders/queries';
import { testDb } from '@/test/db';
import { uniqueId } from '@/test/factories';
import { startLocalHttp, type LocalHttp } from '@/test/local-http';
import { placeVendureOrder, setUpVendureShop, shipVendureOrder, startVendure, type VendureEngine, type VendureShop } from '@/test/vendure-engine';
import { addVendureIntegration, openIntegration, removeIntegration } from '../integrations';
import { receivePlatformWebhook } from '../receive-webhook';
import { runBackfill } from '../run-backfill';
import { vendurePlatform } from './platform';
import { vendureSignature } from './webhook';

const db = testDb();
const run = promisify(execFile);
const integrations = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/integrations.mjs', ...args], { env: { ...process.env, DATABASE_URL: inject('databaseUrl') } });
const system = { db, actor: { type: 'system' } } as const;
const SHOP_URL = `https://${uniqueId('vendure').toLowerCase()}.example.com`;
const WEBHOOK_SECRET = 'vendure_webhook_secret_0123456789';
const ADDRESS = { fullName: 'Aino Virtanen', streetLine1: 'Mannerheimintie 1', postalCode: '00100', city: 'Helsinki', countryCode: 'FI', phoneNumber: '+358401234567' };

let engine: VendureEngine;
let shop: VendureShop;
let bridge: LocalHttp;
let integrationId: string;
/** While false, Paluu is "down": the plugin's deliveries get a 503 and are lost (the plugin does not retry). */
let reachable = true;
const deliveries: Array<{ status: number; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  // What the deployed route does with each delivery, on a port the plugin inside Vendure can reach.
  bridge = await startLocalHttp(async (req, res, raw) => {
    if (!reachable) {
      res.writeHead(503);
      res.end();
      return;
    }
    const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
    const result = await receivePlatformWebhook(db, 'vendure', new Request(`http://localhost${req.url}`, { method: 'POST', headers, body: raw }));
    deliveries.push(result);
    res.writeHead(result.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(result.body));
  });
  engine = await startVendure(inject('databaseUrl'), { url: `${bridge.url}/api/integrations/vendure/webhooks`, secret: WEBHOOK_SECRET, shop: SHOP_URL });
  shop = await setUpVendureShop(engine);
  const added = await addVendureIntegration(system, { url: SHOP_URL, token: shop.apiKey, webhookSecret: WEBHOOK_SECRET, apiOrigin: engine.origin });
  integrationId = added.id;
  console.info(`[vendure] booted in ${engine.bootMs} ms, ${engine.rssMb} MB resident`);
}, 180_000);

afterAll(async () => {
  if (integrationId) await removeIntegration(system, integrationId);
  await engine?.stop();
  await bridge?.close();
}, 60_000);

const customer = (tag: string) => ({ email: `${uniqueId(tag).toLowerCase()}@example.fi`, firstName: 'Aino', lastName: 'Virtanen', address: ADDRESS });

/** Our order with this number once it is there (webhooks arrive on their own time). */
async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Each step is a few real GraphQL round trips through Vendure and back: slow on a loaded machine, hence the room.
describe('Vendure connector against a real Vendure', { timeout: 90_000 }, () => {
  it('the connection test logs in with the API key and names the channel; a wrong key is refused with Vendure’s message', async () => {
    const integration = (await openIntegration(db, integrationId))!;
    expect(await vendurePlatform.testConnection(integration)).toEqual({ ok: true, name: `${SHOP_URL} (channel __default_channel__, EUR)` });
    const wrong = { ...integration, credentials: { ...integration.credentials, token: 'deadbeefdeadbeef:0000' } };
    expect(await vendurePlatform.testConnection(wrong)).toMatchObject({ ok: false, message: expect.stringMatching(/not currently authorized/i) });
  });

  it('backfill brings an order placed and shipped while Paluu was down, with its lines, money and parcel; the customer looks it up by code and email', async () => {
    reachable = false;
    const buyer = customer('bf');
    const placed = await placeVendureOrder(engine, shop, { ...buyer, lines: [{ sku: 'SWEATER-M', quantity: 2 }, { sku: 'SWEATER-L', quantity: 1 }] });
    expect(placed.state).toBe('PaymentSettled');
    const lineM = placed.lines.find((l) => l.sku === 'SWEATER-M')!;
    await shipVendureOrder(engine, [{ orderLineId: lineM.id, quantity: 2 }], { method: 'Posti', trackingCode: 'JJFI64123450000000017' });

    expect(await db.select().from(orders).where(eq(orders.orderNumber, placed.code))).toEqual([]);
    const result = await runBackfill(system, integrationId, '1');
    expect(result).toEqual({ days: 1, orders: 1, created: 1, updated: 0, stale: 0, skipped: 0, pages: 1 });

    const found = await lookupOrder({ db, clientKey: uniqueId('ip') }, { orderNumber: placed.code.toLowerCase(), contact: buyer.email.toUpperCase() });
    expect(found).toMatchObject({ orderNumber: placed.code, level: 'verified', locale: 'fi' });
    const order = (await getCustomerOrder(db, { orderId: found.orderId, level: 'verified' }, 'Europe/Helsinki'))!;
    expect(order).toMatchObject({ currency: 'EUR', totals: { captured: 3 * 8900 + 590, shipping: 590 }, deliveryArea: { postalCode: '00100', city: 'Helsinki', country: 'FI' } });
    expect(order.lines.map((l) => ({ title: l.title, options: l.options, quantity: l.quantity, unitPrice: l.unitPrice, fulfilled: l.fulfilledQuantity }))).toEqual([
      { title: 'Wool sweater', options: { variant: 'M' }, quantity: 2, unitPrice: 8900, fulfilled: 2 },
      { title: 'Wool sweater', options: { variant: 'L' }, quantity: 1, unitPrice: 8900, fulfilled: 0 },
    ]);
    expect(order.parcels).toHaveLength(1);
    expect(order.parcels[0]).toMatchObject({ carrier: 'posti', trackingNumber: 'JJFI64123450000000017' });

    // Nothing changed in Vendure: a second run updates nothing.
    expect(await runBackfill(system, integrationId, '1')).toMatchObject({ orders: 1, created: 0, updated: 0, stale: 1 });
  });

  it('the plugin’s signed deliveries create the order at payment and cancel it when Vendure cancels it; a forged one is refused', async () => {
    reachable = true;
    const buyer = customer('wh');
    const placed = await placeVendureOrder(engine, shop, { ...buyer, lines: [{ sku: 'SWEATER-L', quantity: 1 }] });
    const ours = await eventually(async () => (await db.select().from(orders).where(eq(orders.orderNumber, placed.code)))[0]);
    expect(ours).toMatchObject({ email: buyer.email, capturedAmount: 8900 + 590, canceledAt: null });

    await engine.admin(`mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { __typename ... on ErrorResult { errorCode message } } }`, {
      input: { orderId: placed.id, reason: 'customer changed their mind', cancelShipping: true },
    });
    const canceled = await eventually(async () => (await db.select().from(orders).where(eq(orders.orderNumber, placed.code)))[0]?.canceledAt ?? undefined);
    expect(canceled).toBeInstanceOf(Date);
    // Every delivery was taken: none skipped but a cart's and a copy read while Vendure zeroes the lines before
    // cancelling (the order keeps its line as placed).
    const receipts = await db.select({ outcome: platformWebhookReceipts.outcome, detail: platformWebhookReceipts.detail }).from(platformWebhookReceipts).where(eq(platformWebhookReceipts.integrationId, integrationId));
    expect(receipts.filter((r) => r.outcome === 'skipped' && !r.detail?.includes('not placed yet') && !r.detail?.includes('is being cancelled'))).toEqual([]);
    expect(await db.select({ n: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, ours.id))).toEqual([{ n: 1 }]);

    const body = JSON.stringify({ topic: 'order.state-transition', code: placed.code, fromState: 'Cancelled', toState: 'PaymentSettled' });
    const forged = new Request('http://localhost/api/integrations/vendure/webhooks', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-vendure-shop': SHOP_URL, 'x-vendure-topic': 'order.state-transition', 'x-vendure-delivery': uniqueId('dl'), 'x-vendure-signature': vendureSignature(body, 'not-the-secret-0000000') },
    });
    expect(await receivePlatformWebhook(db, 'vendure', forged)).toMatchObject({ status: 401 });
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
  });

  it('npm run integrations -- add vendure → test → remove against the real Vendure; a bad key is explained in words', async () => {
    const host = `${uniqueId('cli').toLowerCase()}.example.com`;
    const added = await integrations('add', 'vendure', '--url', `https://${host}/`, '--token', shop.apiKey, '--webhook-secret', 'vendure_cli_secret_0123456789', '--api-origin', engine.origin);
    expect(added.stdout).toContain(`Connected Vendure shop ${host}`);
    const id = added.stdout.trim().split('\n').at(-1)!;
    expect((await integrations('test', id)).stdout).toContain(`Connected: https://${host} (channel __default_channel__, EUR)`);
    expect((await integrations('remove', id)).stdout).toContain(`Removed integration ${id}.`);
    await expect(integrations('add', 'vendure', '--url', `https://${host}`, '--token', 'short', '--webhook-secret', 'vendure_cli_secret_0123456789')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Enter the Vendure Admin API key'),
    });
  });

  it('a wrong API key stops the backfill with Vendure’s message', async () => {
    const integration = (await openIntegration(db, integrationId))!;
    const wrong = { ...integration, credentials: { ...integration.credentials, token: 'deadbeefdeadbeef:0000' } };
    await expect(vendurePlatform.backfill(system, wrong, 1)).rejects.toThrow(/not currently authorized/i);
  });
});
