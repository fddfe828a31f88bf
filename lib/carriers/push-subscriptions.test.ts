/**
 * Push subscriptions against LOCAL servers that follow the carriers' published references:
 * - Bring Event Cast (bring/developer-site `content/api/event-cast/api.raml`): `POST /api/v1/webhooks` → 201 with
 *   the webhook (`id`, `expiry` as `yyyy-MM-dd'T'HH:mm:ssZ`), 409 for a second webhook on the same events,
 *   `DELETE /api/v1/webhooks/{id}` → 204 / 404, `GET /api/v1/webhooks/`; Mybring API headers required (401).
 *   The request bodies are checked against the shape of the copied examples (fixtures/carriers/bring/push-subscription-*).
 * - DHL Unified Push (DHL's collection + the flow two independent clients agree on, fixtures/SOURCES.md):
 *   `POST /subscription` with `hook.authentication`, `subscription.validate` posted to the hook, activation with
 *   `DHL-API-Hook-Secret`, `DELETE /subscription/{id}`.
 * Settings come from env (`PALUU_CARRIER_<CARRIER>_*`), so this file never writes the shared settings row.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { carrierPushSubscriptions, shipments, trackingEvents } from '@/db/schema';
import { processInbox } from '@/lib/carrier-inbox/process-inbox';
import { SUBSCRIBERS } from '@/lib/event-subscribers';
import { createShipment } from '@/test/carriers';
import { testDb } from '@/test/db';
import { BRING_EVENT_GROUPS } from './bring/push';
import { PUSH_MAX_ATTEMPTS, pushSubscriptionSummary, queueShipmentSubscription, runPushSubscriptions } from './push-subscriptions';
import { receiveWebhook } from './receive-webhook';
import { pushSubscriptionSubscriber } from './subscribers';

const db = testDb();
const fixtures = path.resolve(import.meta.dirname, '../../fixtures/carriers');
const BRING_SECRET = 'push-test-bring-secret-0123456789abcdef';
const DHL_SECRET = 'push-test-dhl-secret-0123456789abcdef';
const CALLBACK = 'https://paluu.example';

type Req = { method: string; path: string; headers: IncomingMessage['headers']; body: unknown };

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

const send = (res: ServerResponse, status: number, body?: unknown) => {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
};

/** Bring's `yyyy-MM-dd'T'HH:mm:ssZ` in UTC (`+0000`). */
const bringInstant = (d: Date) => `${d.toISOString().slice(0, 19)}+0000`;

type BringHook = { id: string; trackingId: string; url: string; headers: Array<{ key: string; value: string }>; groups: string[]; expiry: Date };

/** Event Cast as its RAML describes it, on loopback. `failNext[trackingId] = n` answers 500 n times. */
function fakeEventCast(lifetimeDays = 30) {
  const hooks = new Map<string, BringHook>();
  const requests: Req[] = [];
  const failNext = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readJson(req);
    requests.push({ method: req.method!, path: url.pathname, headers: req.headers, body });
    if (req.headers['x-mybring-api-uid'] !== 'paluu@example.com' || req.headers['x-mybring-api-key'] !== 'bring-key') return send(res, 401);
    if (req.method === 'POST' && url.pathname === '/event-cast/api/v1/webhooks') {
      const b = body as { trackingId?: unknown; configuration?: { url?: unknown; content_type?: unknown; headers?: Array<{ key: string; value: string }> }; event_groups?: unknown };
      if (typeof b.trackingId !== 'string' || typeof b.configuration?.url !== 'string' || !Array.isArray(b.event_groups) || b.event_groups.length === 0)
        return send(res, 400, { uuid: randomUUID(), status: '4000', reason: 'invalid webhook' });
      if ((b.configuration.url as string).length > 250) return send(res, 400, { uuid: randomUUID(), status: '4001', reason: 'url too long' });
      const left = failNext.get(b.trackingId) ?? 0;
      if (left > 0) {
        failNext.set(b.trackingId, left - 1);
        return send(res, 500);
      }
      const groups = [...(b.event_groups as string[])].sort();
      for (const h of hooks.values()) if (h.trackingId === b.trackingId && h.groups.join() === groups.join()) return send(res, 409);
      const hook: BringHook = { id: randomUUID(), trackingId: b.trackingId, url: b.configuration.url as string, headers: b.configuration.headers ?? [], groups, expiry: new Date(Date.now() + lifetimeDays * 86_400_000) };
      hooks.set(hook.id, hook);
      return send(res, 201, view(hook));
    }
    const one = /^\/event-cast\/api\/v1\/webhooks\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && one) return hooks.delete(one[1]!) ? send(res, 204) : send(res, 404);
    if (req.method === 'GET' && one) return hooks.has(one[1]!) ? send(res, 200, view(hooks.get(one[1]!)!)) : send(res, 404);
    if (req.method === 'GET' && url.pathname === '/event-cast/api/v1/webhooks/') return send(res, 200, [...hooks.values()].map(view));
    send(res, 404);
  });
  // The header values are never shown back (RAML: "This value will not be available in any response").
  const view = (h: BringHook) => ({
    id: h.id,
    authenticator: 'paluu@example.com',
    configuration: { url: h.url, content_type: 'application/json', headers: h.headers.map((x) => ({ key: x.key })) },
    trackingId: h.trackingId,
    event_groups: h.groups,
    expiry: bringInstant(h.expiry),
    created: bringInstant(new Date()),
  });
  return { server, hooks, requests, failNext };
}

const servers: Server[] = [];
async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  vi.unstubAllEnvs();
});

const number = (prefix: string) => `${prefix}${Date.now()}${Math.floor(Math.random() * 1e6)}`;
const rowFor = async (carrier: 'bring' | 'dhl', ref: string) =>
  (await db.select().from(carrierPushSubscriptions).where(and(eq(carrierPushSubscriptions.carrier, carrier), eq(carrierPushSubscriptions.scopeRef, ref))))[0];

const bring = fakeEventCast();
beforeAll(async () => {
  const base = await listen(bring.server);
  vi.stubEnv('PALUU_CARRIER_BRING_API_UID', 'paluu@example.com');
  vi.stubEnv('PALUU_CARRIER_BRING_API_KEY', 'bring-key');
  vi.stubEnv('PALUU_CARRIER_BRING_WEBHOOK_AUTH', 'header');
  vi.stubEnv('PALUU_CARRIER_BRING_WEBHOOK_HEADER', 'x-paluu-bring');
  vi.stubEnv('PALUU_CARRIER_BRING_WEBHOOK_SECRET', BRING_SECRET);
  vi.stubEnv('PALUU_CARRIER_BRING_PUSH_BASE_URL', `${base}/event-cast`);
  vi.stubEnv('PALUU_CARRIER_BRING_PUSH_CALLBACK_BASE_URL', CALLBACK);
});

describe('Bring Event Cast subscriptions', () => {
  it('the shipment.created subscriber queues one pending subscription for a Bring parcel, none for Posti', async () => {
    expect(SUBSCRIBERS).toContain(pushSubscriptionSubscriber);
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438101'), status: 'info_received' });
    const posti = await createShipment(db, { carrier: 'posti', trackingNumber: number('JJFI'), status: 'info_received' });
    const event = (shipmentId: string) => ({ data: { shipmentId, orderId: parcel.orderId } }) as never;
    await db.transaction((tx) => pushSubscriptionSubscriber.handle(tx, event(parcel.id)));
    await db.transaction((tx) => pushSubscriptionSubscriber.handle(tx, event(parcel.id))); // replayed event
    await db.transaction((tx) => pushSubscriptionSubscriber.handle(tx, event(posti.id)));
    const rows = await db.select().from(carrierPushSubscriptions).where(eq(carrierPushSubscriptions.scopeRef, parcel.trackingNumber));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ carrier: 'bring', scopeKind: 'tracking_number', status: 'pending', shipmentId: parcel.id });
    expect(await rowFor('bring', posti.trackingNumber)).toBeUndefined();
  });

  it('subscribes a new parcel with our callback, secret header and the Event Cast groups; the carrier expiry is kept', async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438102'), status: 'in_transit' });
    expect(await queueShipmentSubscription(db, parcel.id)).toBe('queued');
    const r = await runPushSubscriptions(db, 'bring');
    expect(r.notReady).toBeUndefined();
    const post = bring.requests.find((q) => q.method === 'POST' && (q.body as { trackingId: string }).trackingId === parcel.trackingNumber);
    expect(post).toBeDefined();
    // Same shape as Bring's own example (fixtures/carriers/bring/push-subscription-create-request.json).
    const example = JSON.parse(readFileSync(path.join(fixtures, 'bring/push-subscription-create-request.json'), 'utf8'));
    expect(Object.keys(post!.body as object).sort()).toEqual(Object.keys(example).sort());
    expect(post!.body).toMatchObject({
      trackingId: parcel.trackingNumber,
      configuration: { url: `${CALLBACK}/api/webhooks/carriers/bring`, content_type: 'application/json', headers: [{ key: 'x-paluu-bring', value: BRING_SECRET }] },
      event_groups: [...BRING_EVENT_GROUPS],
    });
    const row = await rowFor('bring', parcel.trackingNumber);
    expect(row).toMatchObject({ status: 'active', attempts: 0, lastError: null, callbackUrl: `${CALLBACK}/api/webhooks/carriers/bring`, secretRef: 'settings:carriers.bring.webhookSecret' });
    expect(bring.hooks.get(row!.externalId!)?.trackingId).toBe(parcel.trackingNumber);
    const expiry = bring.hooks.get(row!.externalId!)!.expiry;
    expect(Math.abs(row!.expiresAt!.getTime() - expiry.getTime())).toBeLessThan(1000);
    // The secret itself is not in the row.
    expect(JSON.stringify(row)).not.toContain(BRING_SECRET);
    // A second run does nothing for it.
    const before = bring.requests.length;
    await runPushSubscriptions(db, 'bring');
    expect(bring.requests.slice(before).filter((q) => JSON.stringify(q.body ?? '').includes(parcel.trackingNumber))).toHaveLength(0);
  });

  it('renews a subscription that expires within the margin: the old webhook is deleted and a new one made', async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438103'), status: 'in_transit' });
    await queueShipmentSubscription(db, parcel.id);
    await runPushSubscriptions(db, 'bring');
    const first = (await rowFor('bring', parcel.trackingNumber))!;
    // 29 days later: one day left.
    const later = new Date(first.expiresAt!.getTime() - 86_400_000);
    await db.update(carrierPushSubscriptions).set({ nextAttemptAt: later }).where(eq(carrierPushSubscriptions.id, first.id));
    const r = await runPushSubscriptions(db, 'bring', { now: later });
    expect(r.renewed).toBeGreaterThanOrEqual(1);
    const second = (await rowFor('bring', parcel.trackingNumber))!;
    expect(second.externalId).not.toBe(first.externalId);
    expect(bring.hooks.has(first.externalId!)).toBe(false);
    expect(bring.hooks.get(second.externalId!)?.trackingId).toBe(parcel.trackingNumber);
    expect(bring.requests.some((q) => q.method === 'DELETE' && q.path.endsWith(first.externalId!))).toBe(true);
  });

  it('re-registers when the webhook secret is rotated (the old secret is never sent again)', async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438104'), status: 'in_transit' });
    await queueShipmentSubscription(db, parcel.id);
    await runPushSubscriptions(db, 'bring');
    const first = (await rowFor('bring', parcel.trackingNumber))!;
    const rotated = 'push-test-bring-secret-ROTATED-0123456789';
    const env = { ...process.env, PALUU_CARRIER_BRING_WEBHOOK_SECRET: rotated };
    await runPushSubscriptions(db, 'bring', { env });
    const second = (await rowFor('bring', parcel.trackingNumber))!;
    expect(second.externalId).not.toBe(first.externalId);
    expect(bring.hooks.get(second.externalId!)!.headers).toEqual([{ key: 'x-paluu-bring', value: rotated }]);
    expect(second.secretFingerprint).not.toBe(first.secretFingerprint);
  });

  it('deletes the subscription 48 h after delivery, not before', async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438105'), status: 'in_transit' });
    await queueShipmentSubscription(db, parcel.id);
    await runPushSubscriptions(db, 'bring');
    const active = (await rowFor('bring', parcel.trackingNumber))!;
    await db.update(shipments).set({ status: 'delivered', lastEventAt: new Date(Date.now() - 3_600_000) }).where(eq(shipments.id, parcel.id));
    await runPushSubscriptions(db, 'bring');
    expect((await rowFor('bring', parcel.trackingNumber))!.status).toBe('active'); // within the grace period
    await db.update(shipments).set({ lastEventAt: new Date(Date.now() - 49 * 3_600_000) }).where(eq(shipments.id, parcel.id));
    const r = await runPushSubscriptions(db, 'bring');
    expect(r.deleted).toBeGreaterThanOrEqual(1);
    expect((await rowFor('bring', parcel.trackingNumber))!.status).toBe('deleted');
    expect(bring.hooks.has(active.externalId!)).toBe(false);
  });

  it('a carrier error is recorded and retried with backoff; it succeeds on a later run', async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438106'), status: 'in_transit' });
    await queueShipmentSubscription(db, parcel.id);
    bring.failNext.set(parcel.trackingNumber, 2);
    const t0 = new Date();
    await runPushSubscriptions(db, 'bring', { now: t0, onlyScopeRefs: [parcel.trackingNumber] });
    let row = (await rowFor('bring', parcel.trackingNumber))!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, externalId: null });
    expect(row.lastError).toContain('HTTP 500');
    expect(row.nextAttemptAt.getTime() - t0.getTime()).toBe(30_000);
    // Not due yet: nothing is sent.
    const posts = () => bring.requests.filter((q) => q.method === 'POST' && (q.body as { trackingId?: string })?.trackingId === parcel.trackingNumber).length;
    expect(posts()).toBe(1);
    await runPushSubscriptions(db, 'bring', { now: new Date(t0.getTime() + 10_000), onlyScopeRefs: [parcel.trackingNumber] });
    expect(posts()).toBe(1);
    await runPushSubscriptions(db, 'bring', { now: new Date(t0.getTime() + 31_000), onlyScopeRefs: [parcel.trackingNumber] });
    row = (await rowFor('bring', parcel.trackingNumber))!;
    expect(row).toMatchObject({ attempts: 2, status: 'pending' });
    expect(row.nextAttemptAt.getTime() - (t0.getTime() + 31_000)).toBe(60_000);
    // The staff page's summary shows the error while it lasts.
    const summary = (await pushSubscriptionSummary(db)).find((s) => s.carrier === 'bring')!;
    expect(summary.lastError).toContain('HTTP 500');
    await runPushSubscriptions(db, 'bring', { now: new Date(t0.getTime() + 92_000), onlyScopeRefs: [parcel.trackingNumber] });
    row = (await rowFor('bring', parcel.trackingNumber))!;
    expect(row).toMatchObject({ status: 'active', attempts: 0, lastError: null });
    expect(posts()).toBe(3);
  });

  it(`gives up after ${PUSH_MAX_ATTEMPTS} attempts and says so`, async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438107'), status: 'in_transit' });
    await queueShipmentSubscription(db, parcel.id);
    await db.update(carrierPushSubscriptions).set({ attempts: PUSH_MAX_ATTEMPTS - 1 }).where(eq(carrierPushSubscriptions.scopeRef, parcel.trackingNumber));
    bring.failNext.set(parcel.trackingNumber, 1);
    await runPushSubscriptions(db, 'bring');
    const row = (await rowFor('bring', parcel.trackingNumber))!;
    expect(row.status).toBe('failed');
    expect((await pushSubscriptionSummary(db)).find((s) => s.carrier === 'bring')!.counts.failed).toBeGreaterThanOrEqual(1);
  });

  it('two workers at once create exactly one subscription per parcel', async () => {
    const parcels = await Promise.all([1, 2, 3, 4, 5].map((i) => createShipment(db, { carrier: 'bring', trackingNumber: number(`7043811${i}`), status: 'in_transit' })));
    // Both workers also race on queueing (the subscriber and the backfill sweep).
    await Promise.all(parcels.flatMap((p) => [queueShipmentSubscription(db, p.id), queueShipmentSubscription(db, p.id)]));
    await Promise.all([runPushSubscriptions(db, 'bring'), runPushSubscriptions(db, 'bring'), runPushSubscriptions(db, 'bring')]);
    for (const p of parcels) {
      const posts = bring.requests.filter((q) => q.method === 'POST' && (q.body as { trackingId?: string })?.trackingId === p.trackingNumber);
      expect(posts, p.trackingNumber).toHaveLength(1);
      expect([...bring.hooks.values()].filter((h) => h.trackingId === p.trackingNumber)).toHaveLength(1);
      const rows = await db.select().from(carrierPushSubscriptions).where(eq(carrierPushSubscriptions.scopeRef, p.trackingNumber));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('active');
    }
  });

  it('a webhook Bring already has for us (409) is adopted, not duplicated', async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438108'), status: 'in_transit' });
    await queueShipmentSubscription(db, parcel.id);
    await runPushSubscriptions(db, 'bring');
    const row = (await rowFor('bring', parcel.trackingNumber))!;
    // A crash lost our record of it: the row is pending again, the webhook still exists at Bring.
    await db.update(carrierPushSubscriptions).set({ status: 'pending', externalId: null }).where(eq(carrierPushSubscriptions.id, row.id));
    await runPushSubscriptions(db, 'bring');
    const again = (await rowFor('bring', parcel.trackingNumber))!;
    expect(again).toMatchObject({ status: 'active', externalId: row.externalId });
    expect([...bring.hooks.values()].filter((h) => h.trackingId === parcel.trackingNumber)).toHaveLength(1);
  });

  it('a pushed Event Cast body, sent the way the subscription says, lands as the parcel’s event', async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438109'), status: 'info_received' });
    await queueShipmentSubscription(db, parcel.id);
    await runPushSubscriptions(db, 'bring');
    const hook = [...bring.hooks.values()].find((h) => h.trackingId === parcel.trackingNumber)!;
    // Bring's own callback example (fixtures/carriers/bring/push-event-cast.json), for our parcel, now.
    const body = JSON.parse(readFileSync(path.join(fixtures, 'bring/push-event-cast.json'), 'utf8'));
    body.package = parcel.trackingNumber;
    body.id = randomUUID();
    body.created = bringInstant(new Date(Date.now() - 60_000));
    const headers = Object.fromEntries([['content-type', 'application/json'], ...hook.headers.map((h) => [h.key, h.value])]);
    const res = await receiveWebhook(db, 'bring', new Request(hook.url, { method: 'POST', headers, body: JSON.stringify(body) }));
    expect(res.status).toBe(202);
    // Without the registered header: refused.
    const bad = await receiveWebhook(db, 'bring', new Request(hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, id: randomUUID() }) }));
    expect(bad.status).toBe(401);
    await processInbox(db, { carriers: ['bring'], limit: 500 });
    const events = await db.select().from(trackingEvents).where(eq(trackingEvents.shipmentId, parcel.id));
    expect(events.map((e) => e.status)).toContain('in_transit');
    const [after] = await db.select().from(shipments).where(eq(shipments.id, parcel.id));
    expect(after!.status).toBe('in_transit');
  });

  it('Bring’s EXPIRED callback puts the subscription back to be created again', async () => {
    const parcel = await createShipment(db, { carrier: 'bring', trackingNumber: number('70438110'), status: 'in_transit' });
    await queueShipmentSubscription(db, parcel.id);
    await runPushSubscriptions(db, 'bring');
    const body = { status: 'EXPIRED', id: randomUUID(), shipment: parcel.trackingNumber, package: parcel.trackingNumber, created: bringInstant(new Date()), pushed: bringInstant(new Date()) };
    const res = await receiveWebhook(db, 'bring', new Request(`${CALLBACK}/api/webhooks/carriers/bring`, { method: 'POST', headers: { 'x-paluu-bring': BRING_SECRET }, body: JSON.stringify(body) }));
    expect(res.status).toBe(202);
    expect((await rowFor('bring', parcel.trackingNumber))!.status).toBe('pending');
    await runPushSubscriptions(db, 'bring');
    expect((await rowFor('bring', parcel.trackingNumber))!.status).toBe('active');
  });

  it('does nothing without a public callback URL, and says why', async () => {
    const env = { ...process.env, PALUU_CARRIER_BRING_PUSH_CALLBACK_BASE_URL: '', APP_URL: 'http://localhost:3000' };
    const r = await runPushSubscriptions(db, 'bring', { env });
    expect(r.notReady).toBe('no_public_url');
    const hmac = await runPushSubscriptions(db, 'bring', { env: { ...process.env, PALUU_CARRIER_BRING_WEBHOOK_AUTH: 'hmac' } });
    // Bring sends a fixed header; it cannot sign bodies.
    expect(hmac.notReady).toBe('hmac_auth');
  });
});

type DhlSub = { id: string; shipmentIDs: string[]; hook: { uri: string; authentication?: { type: string; header: string; token: string } }; secret: string; active: boolean };

/** DHL Unified Push on loopback, per DHL's collection and the validate/activate flow (see fixtures/SOURCES.md). */
function fakeDhlPush() {
  const subs = new Map<string, DhlSub>();
  const requests: Req[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readJson(req);
    requests.push({ method: req.method!, path: url.pathname, headers: req.headers, body });
    if (req.headers['dhl-api-key'] !== 'dhl-key') return send(res, 401, { status: 401, title: 'Unauthorized' });
    if (req.method === 'POST' && url.pathname === '/tracking/push/v1/subscription') {
      const b = body as Partial<DhlSub> & { type?: string; service?: string; events?: string[] };
      if (b.type !== 'Shipment' || !Array.isArray(b.shipmentIDs) || !b.hook?.uri || !b.service || !b.events?.length) return send(res, 400, { status: 400, title: 'Bad Request', detail: 'Invalid input parameter' });
      const sub: DhlSub = { id: randomUUID(), shipmentIDs: b.shipmentIDs, hook: b.hook, secret: randomUUID().replace(/-/g, ''), active: false };
      subs.set(sub.id, sub);
      return send(res, 201, { self: `https://api-eu.dhl.com/tracking/push/v1/subscription/${sub.id}`, scope: 'subscription.created', shipmentIDs: sub.shipmentIDs, service: b.service, format: 'Default', type: 'Shipment', hook: { uri: sub.hook.uri } });
    }
    const one = /^\/tracking\/push\/v1\/subscription\/([^/]+)$/.exec(url.pathname);
    if (one && req.method === 'POST') {
      const sub = subs.get(one[1]!);
      if (!sub) return send(res, 404);
      if (req.headers['dhl-api-hook-secret'] !== sub.secret) return send(res, 403, { status: 403, title: 'Forbidden', detail: 'wrong hook secret' });
      sub.active = true;
      return send(res, 204);
    }
    if (one && req.method === 'DELETE') return subs.delete(one[1]!) ? send(res, 204) : send(res, 404);
    send(res, 404);
  });
  return { server, subs, requests };
}

describe('DHL Unified Push subscriptions', () => {
  const dhl = fakeDhlPush();
  beforeAll(async () => {
    const base = await listen(dhl.server);
    vi.stubEnv('PALUU_CARRIER_DHL_API_KEY', 'dhl-key');
    vi.stubEnv('PALUU_CARRIER_DHL_WEBHOOK_AUTH', 'header');
    vi.stubEnv('PALUU_CARRIER_DHL_WEBHOOK_HEADER', 'x-paluu-dhl');
    vi.stubEnv('PALUU_CARRIER_DHL_WEBHOOK_SECRET', DHL_SECRET);
    vi.stubEnv('PALUU_CARRIER_DHL_PUSH_BASE_URL', `${base}/tracking/push/v1`);
    vi.stubEnv('PALUU_CARRIER_DHL_PUSH_CALLBACK_BASE_URL', CALLBACK);
    vi.stubEnv('PALUU_CARRIER_DHL_PUSH_SERVICE', 'parcel-de');
  });

  it('subscribes, is validated through the callback, activates with the hook secret, receives a push, and removes it after delivery', async () => {
    const parcel = await createShipment(db, { carrier: 'dhl', trackingNumber: number('00340434161094'), status: 'info_received' });
    await queueShipmentSubscription(db, parcel.id);
    await runPushSubscriptions(db, 'dhl');
    const post = dhl.requests.find((q) => q.method === 'POST' && JSON.stringify(q.body).includes(parcel.trackingNumber))!;
    // DHL's own account example (fixtures/carriers/dhl/push-subscription-account-request.json) has the same hook shape.
    const example = JSON.parse(readFileSync(path.join(fixtures, 'dhl/push-subscription-account-request.json'), 'utf8'));
    expect(Object.keys((post.body as { hook: object }).hook).sort()).toEqual(Object.keys(example.hook).sort());
    expect(post.body).toMatchObject({
      hook: { uri: `${CALLBACK}/api/webhooks/carriers/dhl`, authentication: { type: 'ApiKeyAuthentication', header: 'x-paluu-dhl', token: DHL_SECRET } },
      format: 'Default',
      type: 'Shipment',
      service: 'parcel-de',
      shipmentIDs: [parcel.trackingNumber],
    });
    let row = (await rowFor('dhl', parcel.trackingNumber))!;
    expect(row.status).toBe('validating');
    const sub = dhl.subs.get(row.externalId!)!;
    expect(sub.shipmentIDs).toEqual([parcel.trackingNumber]);

    // DHL validates: it posts the activation secret to the hook with the header we registered.
    const auth = { [sub.hook.authentication!.header]: sub.hook.authentication!.token, 'content-type': 'application/json' };
    const validate = { scope: 'subscription.validate', self: `https://api-eu.dhl.com/tracking/push/v1/subscription/${sub.id}`, secret: sub.secret };
    expect((await receiveWebhook(db, 'dhl', new Request(sub.hook.uri, { method: 'POST', headers: auth, body: JSON.stringify(validate) }))).status).toBe(202);
    row = (await rowFor('dhl', parcel.trackingNumber))!;
    expect(row.activationSealed).toBeTruthy();
    expect(row.activationSealed).not.toContain(sub.secret);
    const r = await runPushSubscriptions(db, 'dhl');
    expect(r.activated).toBeGreaterThanOrEqual(1);
    expect(sub.active).toBe(true);
    expect((await rowFor('dhl', parcel.trackingNumber))!).toMatchObject({ status: 'active', activationSealed: null });

    // A push (the shipments document) lands as the parcel's event.
    const push = {
      scope: 'subscription.push',
      self: validate.self,
      shipments: [{ id: parcel.trackingNumber, service: 'parcel-de', status: { timestamp: new Date(Date.now() - 60_000).toISOString(), statusCode: 'delivered', status: 'Delivered', description: 'The shipment has been delivered' }, events: [{ timestamp: new Date(Date.now() - 60_000).toISOString(), statusCode: 'delivered', status: 'Delivered', description: 'The shipment has been delivered' }] }],
    };
    expect((await receiveWebhook(db, 'dhl', new Request(sub.hook.uri, { method: 'POST', headers: auth, body: JSON.stringify(push) }))).status).toBe(202);
    expect((await receiveWebhook(db, 'dhl', new Request(sub.hook.uri, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(push) }))).status).toBe(401);
    await processInbox(db, { carriers: ['dhl'], limit: 500 });
    const [after] = await db.select().from(shipments).where(eq(shipments.id, parcel.id));
    expect(after!.status).toBe('delivered');

    await db.update(shipments).set({ lastEventAt: new Date(Date.now() - 49 * 3_600_000) }).where(eq(shipments.id, parcel.id));
    await runPushSubscriptions(db, 'dhl');
    expect((await rowFor('dhl', parcel.trackingNumber))!.status).toBe('deleted');
    expect(dhl.subs.has(sub.id)).toBe(false);
  });
});

describe('Bring’s published list example read by the Event Cast client', () => {
  it('reads ids, tracking numbers, callback URLs and expiry (yyyy-MM-dd’T’HH:mm:ssZ, UTC) off fixtures/carriers/bring/push-subscription-list-response.json', async () => {
    const raw = readFileSync(path.join(fixtures, 'bring/push-subscription-list-response.json'), 'utf8');
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/event-cast/api/v1/webhooks/' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url === '/event-cast/api/v1/webhooks/' ? raw : '');
    });
    const base = await listen(server);
    const { bringPush } = await import('./bring/push');
    const config = { enabled: true, webhookAuth: 'header', webhookHeader: 'x', pollIntervalMinutes: 30, reconcileAfterMinutes: 1440, rateLimitPerMinute: 60, requestTimeoutMs: 2000, apiUid: 'u', apiKey: 'k', pushBaseUrl: `${base}/event-cast` } as const;
    const list = await bringPush.list({ config, callbackUrl: 'https://x', secretHeader: 'x', secret: 's' });
    // Values read off the document by hand.
    expect(list).toEqual([
      { externalId: '111111-222222-33333-4444-7777777', expiresAt: new Date('2019-04-13T05:41:49Z'), state: 'active', scopeRef: 'TESTPACKAGEDELIVERED', callbackUrl: 'http://localhost:8888/some/random/location' },
      { externalId: '111111-222222-33333-4444-555555555', expiresAt: new Date('2019-04-13T05:41:49Z'), state: 'active', scopeRef: 'TESTPACKAGEDELIVERED', callbackUrl: 'http://localhost:8888/some/random/location' },
    ]);
  });
});
