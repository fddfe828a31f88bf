import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierPolls, settings, shipments, webhookInbox } from '@/db/schema';
import { createShipment, fixtureFor } from '@/test/carriers';
import { testDb } from '@/test/db';
import { saveCarrierConfig } from '../config';
import { pollCarrier } from './poll-carrier';

const db = testDb();

/** A fake carrier API on loopback: `handle` answers in that carrier's documented format. */
async function fakeCarrier(handle: (req: IncomingMessage, res: ServerResponse, url: URL) => void): Promise<{ server: Server; base: string; log: string[] }> {
  const log: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    log.push(`${req.method} ${url.pathname}${url.search}`);
    handle(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

const sleeps: number[] = [];
const sleep = async (ms: number) => {
  sleeps.push(ms);
};
const rand = () => String(Math.floor(Math.random() * 1e9)).padStart(9, '0');

async function rowsFor(carrier: 'posti' | 'postnord' | 'matkahuolto' | 'budbee', needle: string) {
  const rows = await db.select().from(webhookInbox).where(and(eq(webhookInbox.carrier, carrier), eq(webhookInbox.source, 'poll')));
  return rows.filter((r) => r.rawBody.includes(needle));
}

describe('Posti poller (OAuth2 token, one parcel per request)', () => {
  const slow = `JJFI64321${rand()}001`;
  const limited = `JJFI64321${rand()}002`;
  const fine = `JJFI64321${rand()}003`;
  const specimen = `SPECIMEN-R-${rand()}`;
  const awaitingShop = `PENDING-R-${rand()}`;
  let fake: Awaited<ReturnType<typeof fakeCarrier>>;
  let tokens = 0;
  let limitedOnce = false;

  beforeAll(async () => {
    fake = await fakeCarrier((req, res, url) => {
      if (url.pathname === '/oauth/token') {
        tokens += 1;
        return json(res, 200, { token_type: 'bearer', access_token: 'tok-123', expires_in: 3599 });
      }
      if (req.headers.authorization !== 'Bearer tok-123') return json(res, 401, { error: 'unauthorized' });
      const number = decodeURIComponent(url.pathname.split('/').at(-1)!);
      if (number === slow) return; // never answers: the poller's timeout must fire
      if (number === limited && !limitedOnce) {
        limitedOnce = true;
        return json(res, 429, { error: 'rate limit' }, { 'retry-after': '2' });
      }
      if (number === limited || number === fine) return json(res, 200, fixtureFor('posti', 'out_for_delivery', number));
      return json(res, 404, { error: 'not found' });
    });
    servers.push(fake.server);
    await saveCarrierConfig(db, 'posti', { baseUrl: fake.base, tokenUrl: `${fake.base}/oauth/token`, clientId: 'paluu', clientSecret: 's3cret', rateLimitPerMinute: 60_000, requestTimeoutMs: 300, pollIntervalMinutes: 30 });
    for (const n of [slow, limited, fine, specimen, awaitingShop]) await createShipment(db, { carrier: 'posti', trackingNumber: n, status: 'in_transit' });
  });

  it('stores each answer once in the inbox as a poll, honours Retry-After, survives a timeout', async () => {
    sleeps.length = 0;
    const result = await pollCarrier(db, 'posti', { sleep, maxParcels: 10_000, attempts: 2 });
    expect(tokens).toBe(1);
    expect(sleeps).toContain(2000); // the 429's Retry-After
    expect((await rowsFor('posti', limited)).length).toBe(1);
    expect((await rowsFor('posti', fine)).length).toBe(1);
    expect(await rowsFor('posti', slow)).toHaveLength(0);
    expect(result.errors.some((e) => e.startsWith(slow) && e.includes('timed out'))).toBe(true);
    expect(fake.log.filter((l) => l.endsWith(`/${slow}`))).toHaveLength(2); // retried once, then gave up
    // A SPECIMEN return label was never booked: the carrier is never asked about it.
    expect(fake.log.filter((l) => l.includes(specimen))).toHaveLength(0);
    // Nor a parcel still awaiting the shop's tracking number (an exchange's or a reship's).
    expect(fake.log.filter((l) => l.includes(awaitingShop))).toHaveLength(0);
    // Polled parcels are not asked again within the poll interval.
    const again = await pollCarrier(db, 'posti', { sleep, maxParcels: 10_000, attempts: 2 });
    expect(fake.log.filter((l) => l.endsWith(`/${fine}`))).toHaveLength(1);
    expect(again.stored).toBe(0);
  });
});

describe('PostNord poller (apikey query parameter)', () => {
  const flaky = `00373123450${rand()}`;
  const unknown = `00373123451${rand()}`;
  let fake: Awaited<ReturnType<typeof fakeCarrier>>;
  let failures = 0;

  beforeAll(async () => {
    fake = await fakeCarrier((_req, res, url) => {
      if (url.searchParams.get('apikey') !== 'pn-key-1234567890') return json(res, 401, { message: 'bad key' });
      const id = url.searchParams.get('id');
      if (id === flaky && failures < 1) {
        failures += 1;
        return json(res, 503, 'Service Unavailable');
      }
      if (id === flaky) return json(res, 200, fixtureFor('postnord', 'available_for_pickup', flaky));
      // §2.1: an unknown id is an empty shipment list, not an error.
      return json(res, 200, { TrackingInformationResponse: { shipments: [] } });
    });
    servers.push(fake.server);
    await saveCarrierConfig(db, 'postnord', { baseUrl: fake.base, apiKey: 'pn-key-1234567890', rateLimitPerMinute: 60_000, requestTimeoutMs: 1000 });
    await createShipment(db, { carrier: 'postnord', trackingNumber: flaky, status: 'in_transit' });
    await createShipment(db, { carrier: 'postnord', trackingNumber: unknown, status: 'info_received' });
  });

  it('retries a 503 with backoff; an unknown parcel is counted as not found and nothing is stored', async () => {
    sleeps.length = 0;
    const result = await pollCarrier(db, 'postnord', { sleep, maxParcels: 10_000 });
    expect(fake.log.filter((l) => l.includes(`id=${flaky}`))).toHaveLength(2);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(await rowsFor('postnord', flaky)).toHaveLength(1);
    expect(await rowsFor('postnord', unknown)).toHaveLength(0);
    // PostNord's empty shipment list is its "not found", not "no news" (other files' PostNord parcels in the
    // shared database are polled too and are unknown to this fake, so count at least ours).
    expect(fake.log.filter((l) => l.includes(`id=${unknown}`))).toHaveLength(1);
    expect(result.notFound).toBeGreaterThanOrEqual(1);
    expect(result.errors).toEqual([]);
    const polled = await db.select().from(carrierPolls).innerJoin(shipments, eq(carrierPolls.shipmentId, shipments.id)).where(eq(shipments.trackingNumber, unknown));
    expect(polled).toHaveLength(1);
  });
});

describe('Matkahuolto poller (time windows, Basic auth)', () => {
  const number = `MH${rand()}FI`;
  let fake: Awaited<ReturnType<typeof fakeCarrier>>;
  const now = new Date('2026-07-15T12:00:00Z');

  beforeAll(async () => {
    fake = await fakeCarrier((req, res, url) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('mh-user:mh-pass').toString('base64')}`) return json(res, 401, { ErrorCode: 50 });
      const from = url.searchParams.get('from')!;
      const to = url.searchParams.get('to')!;
      const minutes = (Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 60_000;
      // §3.1: 400/13 when the range is too large; this fake accepts at most 30 minutes.
      if (minutes > 30) return json(res, 400, { ErrorCode: 13, ErrorMessage: 'Time range too large' });
      // Helsinki local time in summer: 12:00Z window start = 15:00 local. Events in the window only.
      const all = JSON.parse(fixtureFor('matkahuolto', 'available_for_pickup', number)).MHTrackingResults as Array<{ EventTime: string }>;
      const inWindow = all.filter((e) => e.EventTime >= from && e.EventTime < to);
      return json(res, 200, inWindow.length > 0 ? { MHTrackingResults: inWindow } : '');
    });
    servers.push(fake.server);
    await db.delete(settings).where(eq(settings.key, 'carrier_poll_cursors'));
    await saveCarrierConfig(db, 'matkahuolto', { baseUrl: fake.base, username: 'mh-user', password: 'mh-pass', rateLimitPerMinute: 60_000 });
  });

  it('walks the windows from the cursor, halves a window the API finds too large, stores each non-empty window once', async () => {
    const result = await pollCarrier(db, 'matkahuolto', { sleep, now });
    // 24 h back at 30-minute windows after one refused 60-minute window.
    const requests = fake.log.filter((l) => l.startsWith('GET /public/tracking'));
    expect(requests.length).toBe(result.requests);
    expect(requests[0]).toContain('from=2026-07-14T14%3A59%3A00');
    expect(result.errors).toEqual([]);
    // Fixture events 02 (14.7. 12:00), 08 (16:31), 25 (21:10), 50 (15.7. 13:05) local; the first run reads
    // 24 h back from 14:59 local, so 02 is outside.
    const stored = await rowsFor('matkahuolto', number);
    const events = stored.flatMap((r) => JSON.parse(r.rawBody).MHTrackingResults.map((e: { EventCode: string }) => e.EventCode));
    expect(events.sort()).toEqual(['08', '25', '50']);
    // The next run starts where this one ended: no request for an old window again.
    const before = fake.log.length;
    await pollCarrier(db, 'matkahuolto', { sleep, now: new Date(now.getTime() + 30 * 60_000) });
    const next = fake.log.slice(before);
    expect(next).toHaveLength(1);
    expect(next[0]).toContain('from=2026-07-15T14%3A59%3A00');
  });
});

describe('Budbee poller', () => {
  const token = `BB${rand()}`;
  let fake: Awaited<ReturnType<typeof fakeCarrier>>;

  beforeAll(async () => {
    fake = await fakeCarrier((_req, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '3600' }));
    servers.push(fake.server);
    await saveCarrierConfig(db, 'budbee', { baseUrl: fake.base, apiKey: 'bb-key', rateLimitPerMinute: 60_000 });
    await createShipment(db, { carrier: 'budbee', trackingNumber: token, status: 'in_transit' });
  });

  it('stops the run when the carrier asks for a long pause, and leaves the parcel due', async () => {
    const result = await pollCarrier(db, 'budbee', { sleep, maxParcels: 10_000 });
    expect(result.stoppedByRateLimit).toBe(true);
    expect(result.requests).toBe(1);
    const polled = await db.select().from(carrierPolls).innerJoin(shipments, eq(carrierPolls.shipmentId, shipments.id)).where(eq(shipments.trackingNumber, token));
    expect(polled).toHaveLength(0);
  });
});

describe('DHL reconciliation (push carrier, WH-10)', () => {
  const quiet = `JJD${rand()}01`;
  const recent = `JJD${rand()}02`;
  let fake: Awaited<ReturnType<typeof fakeCarrier>>;

  beforeAll(async () => {
    fake = await fakeCarrier((req, res, url) => {
      if (req.headers['dhl-api-key'] !== 'dhl-key') return json(res, 401, { title: 'Unauthorized' });
      const n = url.searchParams.get('trackingNumber');
      if (n === quiet) return json(res, 200, fixtureFor('dhl', 'delivered', quiet));
      return json(res, 404, { title: 'No shipment with given tracking number found.' });
    });
    servers.push(fake.server);
    await saveCarrierConfig(db, 'dhl', { baseUrl: fake.base, apiKey: 'dhl-key', rateLimitPerMinute: 60_000, reconcileAfterMinutes: 1440 });
    const a = await createShipment(db, { carrier: 'dhl', trackingNumber: quiet, status: 'in_transit' });
    const b = await createShipment(db, { carrier: 'dhl', trackingNumber: recent, status: 'in_transit' });
    await db.update(shipments).set({ lastEventAt: new Date(Date.now() - 30 * 3_600_000) }).where(eq(shipments.id, a.id));
    await db.update(shipments).set({ lastEventAt: new Date(Date.now() - 3_600_000) }).where(eq(shipments.id, b.id));
  });

  it('re-fetches only parcels quiet for a day and feeds the answer to the inbox', async () => {
    await pollCarrier(db, 'dhl', { sleep, maxParcels: 10_000 });
    expect(fake.log.some((l) => l.includes(`trackingNumber=${quiet}`))).toBe(true);
    expect(fake.log.some((l) => l.includes(`trackingNumber=${recent}`))).toBe(false);
    expect((await db.select().from(webhookInbox).where(and(eq(webhookInbox.carrier, 'dhl'), eq(webhookInbox.source, 'poll')))).filter((r) => r.rawBody.includes(quiet))).toHaveLength(1);
  });
});
