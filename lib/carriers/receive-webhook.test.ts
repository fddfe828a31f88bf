import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingEvents, webhookInbox } from '@/db/schema';
import { testDb } from '@/test/db';
import { saveCarrierConfig } from './config';
import { receiveWebhook } from './receive-webhook';
import { signBody } from './webhook-auth';

const db = testDb();
const fixtures = path.resolve(import.meta.dirname, '../../test/generated/carriers');
const BRING_SECRET = 'bring-webhook-secret-0123456789abcdef';
const DHL_SECRET = 'dhl-signing-secret-0123456789abcdef';
const env = { ...process.env };

beforeAll(async () => {
  // The suite owns these two carriers' webhook settings (no other test file touches them).
  await saveCarrierConfig(db, 'bring', { webhookAuth: 'header', webhookHeader: 'x-bring-secret', webhookSecret: BRING_SECRET });
  await saveCarrierConfig(db, 'dhl', { webhookAuth: 'hmac', webhookSecret: DHL_SECRET });
});
afterAll(() => {
  process.env = env;
});

let n = 0;
/** A Bring Event Cast body with a fresh event id (every test owns its rows). */
function bringBody(): string {
  const body = JSON.parse(readFileSync(path.join(fixtures, 'bring/event-cast.json'), 'utf8'));
  body.id = `test-${Date.now()}-${n++}-${Math.random().toString(36).slice(2)}`;
  body.package = `0037070112${String(Date.now()).slice(-8)}${n}`;
  // Event Cast sends events as they happen (our clock decides what is "too old").
  body.created = `${new Date().toISOString().slice(0, 19)}+0000`;
  return JSON.stringify(body);
}

function dhlBody(): string {
  const body = JSON.parse(readFileSync(path.join(fixtures, 'dhl/delivered.json'), 'utf8'));
  body.shipments[0].id = `JJD${Date.now()}${n++}`;
  return JSON.stringify(body);
}

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request('http://localhost/api/webhooks/carriers/x', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

async function inboxRows(carrier: 'bring' | 'dhl', rawBody: string) {
  return db.select().from(webhookInbox).where(and(eq(webhookInbox.carrier, carrier), eq(webhookInbox.rawBody, rawBody)));
}

describe('POST /api/webhooks/carriers/bring (secret header)', () => {
  it('good secret → 202 and one inbox row', async () => {
    const body = bringBody();
    const res = await receiveWebhook(db, 'bring', post(body, { 'x-bring-secret': BRING_SECRET }));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ received: true, duplicate: false });
    const rows = await inboxRows('bring', body);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dedupeKey).toBe(`event:${JSON.parse(body).id}`);
    expect(rows[0]!.signatureResult).toBe('ok');
    // The secret header is never stored.
    expect(JSON.stringify(rows[0]!.headers)).not.toContain(BRING_SECRET);
  });

  it('replayed delivery → acknowledged without a second row', async () => {
    const body = bringBody();
    const first = await receiveWebhook(db, 'bring', post(body, { 'x-bring-secret': BRING_SECRET }));
    const again = await receiveWebhook(db, 'bring', post(body, { 'x-bring-secret': BRING_SECRET }));
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ duplicate: true });
    expect(await inboxRows('bring', body)).toHaveLength(1);
  });

  it.each([
    ['bad secret', { 'x-bring-secret': `${BRING_SECRET.slice(0, -1)}X` }],
    ['secret of another length', { 'x-bring-secret': 'short' }],
    ['missing secret', {}],
    ['secret in the wrong header', { authorization: BRING_SECRET }],
  ])('%s → 401 and nothing stored', async (_name, headers) => {
    const body = bringBody();
    const res = await receiveWebhook(db, 'bring', post(body, headers));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'The webhook could not be authenticated.' } });
    expect(await inboxRows('bring', body)).toHaveLength(0);
    const pkg = JSON.parse(body).package;
    expect(await db.select().from(trackingEvents).where(eq(trackingEvents.trackingNumber, pkg))).toHaveLength(0);
  });

  it('an authentic delivery whose events are all older than 30 days is acknowledged and ignored', async () => {
    const body = JSON.parse(bringBody());
    body.created = '2020-01-01T10:00:00+0000';
    const raw = JSON.stringify(body);
    const res = await receiveWebhook(db, 'bring', post(raw, { 'x-bring-secret': BRING_SECRET }));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ events: 0, ignored: 'events older than 30 days' });
    expect(await inboxRows('bring', raw)).toHaveLength(0);
  });

  it('malformed body with a good secret → 400, nothing stored', async () => {
    for (const body of ['{"status":', '{"hello":"world"}', '[]x', '']) {
      const res = await receiveWebhook(db, 'bring', post(body, { 'x-bring-secret': BRING_SECRET }));
      expect(res.status, body).toBe(400);
      expect(await inboxRows('bring', body)).toHaveLength(0);
    }
  });

  it('body over 1 MB → 413 before anything else', async () => {
    const big = JSON.stringify({ status: 'IN_TRANSIT', id: 'x', package: '1', created: '2026-01-01T00:00:00+0000', pad: 'x'.repeat(1024 * 1024) });
    expect((await receiveWebhook(db, 'bring', post(big, { 'x-bring-secret': BRING_SECRET }))).status).toBe(413);
    expect((await receiveWebhook(db, 'bring', post(big))).status).toBe(413);
  });
});

describe('POST /api/webhooks/carriers/dhl (HMAC over the raw body with a timestamp)', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  const signed = (body: string, timestamp = ts, secret = DHL_SECRET) => ({ 'x-paluu-timestamp': String(timestamp), 'x-paluu-signature': `v1=${signBody(secret, timestamp, body)}` });

  it('good signature → 202, stored once; replay → 202 duplicate', async () => {
    const body = dhlBody();
    const res = await receiveWebhook(db, 'dhl', post(body, signed(body)), now);
    expect(res.status).toBe(202);
    const replay = await receiveWebhook(db, 'dhl', post(body, signed(body, ts + 60)), now);
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ duplicate: true });
    expect(await inboxRows('dhl', body)).toHaveLength(1);
  });

  it.each([
    ['bad signature', (body: string) => signed(body, ts, 'another-secret-0123456789abcdef')],
    ['signature over other bytes', (body: string) => signed(`${body} `)],
    ['missing signature', () => ({ 'x-paluu-timestamp': String(ts) })],
    ['missing timestamp', (body: string) => ({ 'x-paluu-signature': signed(body)['x-paluu-signature'] })],
    ['stale timestamp (6 minutes old)', (body: string) => signed(body, ts - 360)],
    ['timestamp from the future (6 minutes)', (body: string) => signed(body, ts + 360)],
    ['non-numeric timestamp', (body: string) => ({ ...signed(body), 'x-paluu-timestamp': 'yesterday' })],
  ])('%s → 401, nothing stored', async (_name, headers) => {
    const body = dhlBody();
    const res = await receiveWebhook(db, 'dhl', post(body, headers(body)), now);
    expect(res.status).toBe(401);
    expect(await inboxRows('dhl', body)).toHaveLength(0);
  });

  it('accepts within the 5-minute window', async () => {
    const body = dhlBody();
    expect((await receiveWebhook(db, 'dhl', post(body, signed(body, ts - 290)), now)).status).toBe(202);
  });
});

describe('carriers without push', () => {
  it.each(['posti', 'postnord', 'matkahuolto', 'budbee', 'ups', '..%2F'])('%s → 404', async (carrier) => {
    const res = await receiveWebhook(db, carrier, post('{}'));
    expect(res.status).toBe(404);
  });
});
