import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@/db';
import { outbox, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import { runSubscriberFor } from '@/test/subscribers';
import { getApiOrder } from '@/lib/orders/api-queries';
import { getApiReturn } from '@/lib/returns/api-queries';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createStaff } from '@/test/staff-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { createWebhookEndpoint } from './create-webhook-endpoint';
import { dispatchWebhooks } from './dispatch-webhooks';
import { rotateWebhookSecret } from './rotate-webhook-secret';
import { webhookFanOut } from './subscribers';
import { checkWebhookUrl, isPrivateAddress } from './url-guard';

const db = testDb();
const system = { type: 'system' } as const;

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
/** A real HTTP receiver on an ephemeral port; `answer` decides each response (by request number, from 1). */
async function startReceiver(answer: (n: number, req: Received, res: http.ServerResponse) => void = (_n, _r, res) => res.end('ok')) {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      answer(requests.length, received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const verifyWith = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) });

async function deliveriesOf(endpointId: string) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
}
/** Moves the delivery's next attempt to now + `interval` (a PostgreSQL interval: '-1 second', '1 minute'). */
async function retryIn(id: string, interval: string) {
  await db.update(webhookDeliveries).set({ nextAttemptAt: sql`now() + ${interval}::interval` }).where(eq(webhookDeliveries.id, id));
}
/** Time passes: the delivery's retry is due now. */
const makeDue = (id: string) => retryIn(id, '-1 second');

const receivers: Array<{ port: number; close: () => Promise<void> }> = [];
beforeEach(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
});
afterEach(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
  const done = receivers.splice(0);
  await Promise.all(done.map((r) => r.close()));
  // This test's endpoints send nothing more (their receivers are gone); other files' endpoints are left alone.
  for (const r of done) await db.update(webhookEndpoints).set({ enabled: false }).where(sql`${webhookEndpoints.url} like ${`%:${r.port}/%`} or ${webhookEndpoints.url} like ${`%:${r.port}`}`);
});

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

describe('webhook deliveries', () => {
  it('carry the API DTO in {type, timestamp, data} and a signature the standardwebhooks package verifies', async () => {
    const rx = await receiver();
    const ret = await createRequestedReturn(db);
    const order = await createOrder(db);
    const endpoint = await createWebhookEndpoint({ db, actor: system }, { url: `${rx.url}/hooks`, events: ['return.approved', 'order.upserted'] });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const returnEvent = await recordEvent(db, { type: 'return.approved', actor: system, data: { returnId: ret.returnId, orderId: ret.orderId } });
    const orderEvent = await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    // Not subscribed: nothing is sent for it.
    await recordEvent(db, { type: 'return.rejected', actor: system, data: { returnId: ret.returnId, orderId: ret.orderId } });
    await runSubscriberFor(db, webhookFanOut, ret.orderId);
    await runSubscriberFor(db, webhookFanOut, order.id);
    await dispatchWebhooks(db);
    const mine = rx.requests.filter((r) => [returnEvent, orderEvent].includes(String(r.headers['webhook-id'])));
    expect(mine).toHaveLength(2);
    const byId = new Map(mine.map((r) => [String(r.headers['webhook-id']), r]));
    const returnPayload = verifyWith(endpoint.secret, byId.get(returnEvent)!) as { type: string; timestamp: string; data: unknown };
    expect(returnPayload.type).toBe('return.approved');
    expect(Number.isNaN(Date.parse(returnPayload.timestamp))).toBe(false);
    expect(returnPayload.data).toEqual(JSON.parse(JSON.stringify(await getApiReturn(db, ret.rma))));
    const orderPayload = verifyWith(endpoint.secret, byId.get(orderEvent)!) as { data: unknown };
    expect(orderPayload.data).toEqual(JSON.parse(JSON.stringify(await getApiOrder(db, order.id))));
    // A tampered body fails verification.
    expect(() => verifyWith(endpoint.secret, { ...byId.get(orderEvent)!, body: byId.get(orderEvent)!.body.replace('"order.upserted"', '"order.deleted"') })).toThrow();
    expect(byId.get(returnEvent)!.headers['content-type']).toBe('application/json');
    const rows = await deliveriesOf(endpoint.id);
    expect(rows.map((r) => r.status).sort()).toEqual(['delivered', 'delivered']);
    expect(rows.every((r) => r.attempts === 1 && r.lastStatusCode === 200 && r.lastDurationMs !== null)).toBe(true);
  });

  it('fan out once per endpoint and event, however often the subscriber replays it', async () => {
    const rx = await receiver();
    const order = await createOrder(db);
    const a = await createWebhookEndpoint({ db, actor: system }, { url: `${rx.url}/a`, events: ['order.upserted'] });
    const b = await createWebhookEndpoint({ db, actor: system }, { url: `${rx.url}/b`, events: ['order.upserted'] });
    const off = await createWebhookEndpoint({ db, actor: system }, { url: `${rx.url}/off`, events: ['order.upserted'] });
    await db.update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, off.id));
    const eventId = await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await runSubscriberFor(db, webhookFanOut, order.id);
    // A replay (the subscriber's at-least-once) inserts nothing more: unique (endpoint, webhook-id).
    const { domainEvents } = await import('@/db/schema');
    const [event] = await db.select().from(domainEvents).where(eq(domainEvents.eventId, eventId));
    await db.transaction((tx) => webhookFanOut.handle(tx, event!));
    // Only this test's endpoints are asked about: other files' endpoints subscribed to order.upserted get it too.
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, eventId), inArray(webhookDeliveries.endpointId, [a.id, b.id, off.id])));
    expect(rows.map((r) => r.endpointId).sort()).toEqual([a.id, b.id].sort());
    expect(new Set(rows.map((r) => r.body)).size).toBe(1);
  });

  it('retry with the same webhook-id: 500, then a timeout, then 200 is delivered on attempt 3 (backoff 5 s, then 5 min)', async () => {
    const rx = await receiver((n, _req, res) => {
      if (n === 1) res.writeHead(500).end('boom');
      else if (n === 2) setTimeout(() => res.writeHead(200).end('too late'), 1500);
      else res.writeHead(204).end();
    });
    const order = await createOrder(db);
    const endpoint = await createWebhookEndpoint({ db, actor: system }, { url: rx.url, events: ['order.upserted'] });
    const eventId = await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await runSubscriberFor(db, webhookFanOut, order.id);

    const t1 = Date.now();
    await dispatchWebhooks(db, { timeoutMs: 400 });
    let [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    expect(row!.lastError).toContain('HTTP 500');
    expect(Math.round((row!.nextAttemptAt.getTime() - t1) / 1000)).toBeGreaterThanOrEqual(4);
    expect(row!.nextAttemptAt.getTime() - t1).toBeLessThan(7_000);
    // Not due yet: a dispatcher now sends nothing. (The retry is put a minute out first: on a loaded machine the
    // 5 s could pass before this dispatcher runs, which then rightly sends it.)
    await retryIn(row!.id, '1 minute');
    await dispatchWebhooks(db, { timeoutMs: 400 });
    expect(rx.requests).toHaveLength(1);

    await makeDue(row!.id);
    const t2 = Date.now();
    await dispatchWebhooks(db, { timeoutMs: 400 });
    [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: null });
    expect(row!.lastError).toContain('No answer within 400 ms');
    expect(Math.round((row!.nextAttemptAt.getTime() - t2) / 1000)).toBeGreaterThanOrEqual(299);

    await makeDue(row!.id);
    await dispatchWebhooks(db, { timeoutMs: 400 });
    [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 204 });
    expect(rx.requests).toHaveLength(3);
    expect(rx.requests.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId, eventId]);
    expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);
    for (const r of rx.requests) expect(() => verifyWith(endpoint.secret, r)).not.toThrow();
  });

  it('do not follow redirects: a 302 is a failed attempt and the target is never called', async () => {
    const rx = await receiver((_n, req, res) => {
      if (req.path === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.end('ok');
    });
    const order = await createOrder(db);
    const endpoint = await createWebhookEndpoint({ db, actor: system }, { url: `${rx.url}/moved`, events: ['order.upserted'] });
    await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await runSubscriberFor(db, webhookFanOut, order.id);
    await dispatchWebhooks(db);
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'pending', lastStatusCode: 302 });
    expect(row!.lastError).toContain('redirects are not followed');
    expect(rx.requests.map((r) => r.path)).toEqual(['/moved']);
  });

  it('two dispatchers at once deliver each endpoint and event exactly once', async () => {
    const rx = await receiver();
    const order = await createOrder(db);
    const a = await createWebhookEndpoint({ db, actor: system }, { url: `${rx.url}/a`, events: ['order.upserted'] });
    const b = await createWebhookEndpoint({ db, actor: system }, { url: `${rx.url}/b`, events: ['order.upserted'] });
    const ids: string[] = [];
    for (let n = 0; n < 40; n++) ids.push(await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id, n } }));
    await runSubscriberFor(db, webhookFanOut, order.id);
    const first = createDb(process.env.DATABASE_URL!, { max: 4 });
    const second = createDb(process.env.DATABASE_URL!, { max: 4 });
    try {
      await Promise.all([dispatchWebhooks(first, { batch: 7, concurrency: 4 }), dispatchWebhooks(second, { batch: 7, concurrency: 4 })]);
    } finally {
      await Promise.all([first.$end(), second.$end()]);
    }
    const mine = rx.requests.filter((r) => ids.includes(String(r.headers['webhook-id'])));
    const keys = mine.map((r) => `${r.path} ${r.headers['webhook-id']}`);
    expect(keys).toHaveLength(80);
    expect(new Set(keys).size).toBe(80);
    const rows = await db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.endpointId, [a.id, b.id]));
    expect(rows.filter((r) => r.status === 'delivered' && r.attempts === 1)).toHaveLength(80);
  });

  it('survive a dispatcher killed mid-delivery: after the lease the same webhook-id is sent again and delivered', async () => {
    let firstArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    const rx = await receiver((n, _req, res) => {
      if (n === 1) firstArrived(); // never answered: the dispatcher dies waiting
      else res.end('ok');
    });
    const order = await createOrder(db);
    const endpoint = await createWebhookEndpoint({ db, actor: system }, { url: rx.url, events: ['order.upserted'] });
    const eventId = await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await runSubscriberFor(db, webhookFanOut, order.id);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/webhook-dispatcher-child.ts'], {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, WEBHOOK_ALLOW_PRIVATE_URLS: '1', LEASE_MS: '1500' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await arrived;
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    let [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    // Within the lease nobody takes it over.
    await dispatchWebhooks(db);
    expect(rx.requests).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await dispatchWebhooks(db);
    [row] = await deliveriesOf(endpoint.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    expect(rx.requests.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId]);
  }, 30_000);

  it('sign with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const rx = await receiver();
    const order = await createOrder(db);
    const endpoint = await createWebhookEndpoint({ db, actor: system }, { url: rx.url, events: ['order.upserted'] });
    const rotated = await rotateWebhookSecret({ db, actor: system }, endpoint.id);
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(new Date(rotated.previousSecretExpiresAt).getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await runSubscriberFor(db, webhookFanOut, order.id);
    await dispatchWebhooks(db);
    const [during] = rx.requests;
    expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => verifyWith(endpoint.secret, during!)).not.toThrow();
    expect(() => verifyWith(rotated.secret, during!)).not.toThrow();

    // 24 hours later.
    await db.update(webhookEndpoints).set({ previousSecretExpiresAt: new Date(Date.now() - 1000) }).where(eq(webhookEndpoints.id, endpoint.id));
    await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await runSubscriberFor(db, webhookFanOut, order.id);
    await dispatchWebhooks(db);
    const after = rx.requests[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => verifyWith(rotated.secret, after)).not.toThrow();
    expect(() => verifyWith(endpoint.secret, after)).toThrow();
    // The secret is sealed at rest: neither value appears in the row.
    const [stored] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(JSON.stringify(stored)).not.toContain(rotated.secret.slice(6));
    expect(JSON.stringify(stored)).not.toContain(endpoint.secret.slice(6));
  });

  it('disable an endpoint that has failed for 5 days and email the admins; its messages wait', async () => {
    const rx = await receiver((_n, _req, res) => res.writeHead(503).end());
    const admin = await createStaff(db, { role: 'admin' });
    const order = await createOrder(db);
    const endpoint = await createWebhookEndpoint({ db, actor: system }, { url: rx.url, events: ['order.upserted'] });
    await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await runSubscriberFor(db, webhookFanOut, order.id);
    // 4 days of failures: still enabled.
    await db.update(webhookEndpoints).set({ failingSince: new Date(Date.now() - 4 * 86_400_000) }).where(eq(webhookEndpoints.id, endpoint.id));
    await dispatchWebhooks(db);
    let [state] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(state!.enabled).toBe(true);
    // 5 days.
    await db.update(webhookEndpoints).set({ failingSince: new Date(Date.now() - 5 * 86_400_000 - 60_000) }).where(eq(webhookEndpoints.id, endpoint.id));
    const [row] = await deliveriesOf(endpoint.id);
    await makeDue(row!.id);
    await dispatchWebhooks(db);
    [state] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(state).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const mail = await db.select().from(outbox).where(and(eq(outbox.kind, 'webhook_endpoint_disabled'), eq(outbox.recipient, admin.email)));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.payload.text).toContain(rx.url);
    expect(mail[0]!.audience).toBe('staff');
    // Disabled: its pending delivery is not sent, however due.
    await makeDue(row!.id);
    await dispatchWebhooks(db);
    expect(rx.requests).toHaveLength(2);
    const [kept] = await deliveriesOf(endpoint.id);
    expect(kept!.status).toBe('pending');
  });
});

describe('SSRF guard', () => {
  it('refuses private, loopback, link-local and unique-local addresses, and plain http, unless WEBHOOK_ALLOW_PRIVATE_URLS=1', async () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
    const refused = {
      'http://hooks.example.com/x': 'urlHttps',
      'https://127.0.0.1/x': 'urlPrivate',
      'https://10.1.2.3/x': 'urlPrivate',
      'https://172.16.0.1/x': 'urlPrivate',
      'https://192.168.1.10/x': 'urlPrivate',
      'https://169.254.169.254/latest/meta-data': 'urlPrivate',
      'https://[::1]/x': 'urlPrivate',
      'https://[::ffff:127.0.0.1]/x': 'urlPrivate',
      'https://[fd12:3456::1]/x': 'urlPrivate',
      'https://[fe80::1]/x': 'urlPrivate',
      'https://localhost/x': 'urlPrivate',
      'https://0.0.0.0/x': 'urlPrivate',
      'https://user:pw@hooks.example.com/x': 'urlCredentials',
      'ftp://hooks.example.com/x': 'urlInvalid',
      'not a url': 'urlInvalid',
    };
    for (const [url, problem] of Object.entries(refused)) expect(checkWebhookUrl(url), url).toBe(problem);
    expect(checkWebhookUrl('https://hooks.example.com/paluu')).toBeNull();
    expect(checkWebhookUrl('https://8.8.8.8/x')).toBeNull();
    expect(checkWebhookUrl('https://[2606:4700::1111]/x')).toBeNull();
    for (const ip of ['100.64.0.1', '::', '64:ff9b::7f00:1', '2002:7f00:1::1', 'ff02::1']) expect(isPrivateAddress(ip), ip).toBe(true);

    // Through the use case: refused with the catalog key, and nothing is stored.
    const before = await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints);
    await expect(createWebhookEndpoint({ db, actor: system }, { url: 'https://127.0.0.1/hooks', events: ['order.upserted'] })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['url'], message: 'urlPrivate' })],
    });
    expect(await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints)).toHaveLength(before.length);

    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    expect(checkWebhookUrl('http://127.0.0.1:8080/x')).toBeNull();
    expect(checkWebhookUrl('https://[::1]/x')).toBeNull();
  });

  it('checks the addresses a name resolves to at send time and connects to the checked address', async () => {
    const rx = await receiver();
    const order = await createOrder(db);
    // Saved while allowed (or a name that resolved to a public address then): the send checks again.
    const byName = await createWebhookEndpoint({ db, actor: system }, { url: `http://localhost:${rx.port}/by-name`, events: ['order.upserted'] });
    const rebinding = await createWebhookEndpoint({ db, actor: system }, { url: `https://hooks.example.test:${rx.port}/rebinding`, events: ['order.upserted'] });
    await recordEvent(db, { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await runSubscriberFor(db, webhookFanOut, order.id);
    const pointsHome = async () => [{ address: '127.0.0.1', family: 4 }];
    delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
    await dispatchWebhooks(db, { lookup: async (host) => (host === 'localhost' ? (await import('./url-guard')).systemLookup(host) : pointsHome()) });
    const [a] = await deliveriesOf(byName.id);
    const [b] = await deliveriesOf(rebinding.id);
    expect(a!.lastError).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
    expect(b!.lastError).toContain('hooks.example.test resolves to 127.0.0.1');
    expect(a!.status).toBe('pending');
    expect(rx.requests).toHaveLength(0);

    // With the flag (development) the same name is connected to the address it resolved to.
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
    await db.update(webhookEndpoints).set({ url: `http://hooks.example.test:${rx.port}/pinned` }).where(eq(webhookEndpoints.id, rebinding.id));
    await makeDue(b!.id);
    await makeDue(a!.id);
    await dispatchWebhooks(db, { lookup: pointsHome });
    expect(rx.requests.map((r) => r.path).sort()).toEqual(['/by-name', '/pinned']);
    expect(rx.requests.find((r) => r.path === '/pinned')!.headers.host).toBe(`hooks.example.test:${rx.port}`);
  });
});
