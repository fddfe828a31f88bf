// npm run bench:ingest — event ingest through POST /api/v1/tracking-events on the production build, with its own
// embedded database (.data/pg-bench-ingest, BENCH_PG_PORT) and server (BENCH_PORT). Creates BENCH_SHIPMENTS parcels,
// then posts 500-event batches from BENCH_CLIENTS concurrent clients: every parcel's 5-event journey, shuffled across
// batches (out of order: a "delivered" often arrives before its "in_transit"), plus ~10 % re-sent duplicates.
// Prints events/s sustained and per-batch latency; asserts nothing except that every parcel ends up delivered.
import { fork, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { createApiKey } from '../../lib/api-keys/create-api-key.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3210);
const SHIPMENTS = Number(process.env.BENCH_SHIPMENTS ?? 8000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const BATCH = 500;
const DUPLICATE_SHARE = 0.1;
process.env.NEXT_TELEMETRY_DISABLED = '1';

const database = await startEmbedded({ dataDir: path.resolve('.data/pg-bench-ingest'), port: Number(process.env.BENCH_PG_PORT ?? 54510), log: () => {} });
await runMigrations(database.url);
const db = createDb(database.url, { max: 2 });

if (!existsSync('.next/BUILD_ID')) {
  console.log('Building once …');
  spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit' });
}

const server = fork('scripts/server.mjs', [], {
  env: { ...process.env, DATABASE_URL: database.url, PORT: String(PORT), NODE_ENV: 'production', API_RATE_LIMIT_PER_MINUTE: '1000000' },
  stdio: 'ignore',
});
const stop = async (code) => {
  server.kill('SIGTERM');
  await db.$end();
  await database.stop();
  process.exit(code);
};

try {
  await new Promise((resolve) => server.on('message', (m) => m?.type === 'listening' && resolve()));
  const { key } = await createApiKey({ db, actor: { type: 'system' } }, { name: `bench-${Date.now()}`, scopes: ['events:write'] });

  // Parcels: one order per parcel, set-based.
  const run = Date.now().toString(36).toUpperCase();
  const t0 = performance.now();
  await db.execute(sql`
    with o as (
      insert into orders (order_number, email, customer_name, currency, market, placed_at, shipping_name, shipping_line1, shipping_postal_code, shipping_city, shipping_country)
      select 'B' || ${run} || '-' || g, 'bench' || g || '@example.com', 'Bench', 'EUR', 'FI', now(), 'Bench', 'Testikatu 1', '00100', 'Helsinki', 'FI'
      from generate_series(1, ${SHIPMENTS}) g
      returning id, order_number)
    insert into shipments (order_id, carrier, tracking_number, shipped_at)
    select id, 'posti', 'JJFI' || replace(order_number, '-', 'X'), now() from o`);
  console.log(`Created ${SHIPMENTS} parcels in ${Math.round(performance.now() - t0)} ms.`);

  // Every parcel's journey; events of all parcels shuffled together (so order across batches is random).
  const journey = [
    ['info_received', '00', 'Lähetystiedot vastaanotettu'],
    ['in_transit', '20', 'Lähetys on lajiteltu'],
    ['in_transit', '22', 'Lähetys on matkalla'],
    ['out_for_delivery', '35', 'Jakelussa'],
    ['delivered', '68', 'Toimitettu'],
  ];
  const base = Date.now() - 3 * 86_400_000;
  const events = [];
  for (let i = 1; i <= SHIPMENTS; i++) {
    const trackingNumber = `JJFIB${run}X${i}`;
    journey.forEach(([status, code, description], step) => {
      events.push({ carrier: 'posti', trackingNumber, eventId: `${trackingNumber}-${step}`, code, status, description, location: 'Vantaa', occurredAt: new Date(base + i * 1000 + step * 3_600_000).toISOString() });
    });
  }
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [events[i], events[j]] = [events[j], events[i]];
  }
  // New events fill 90 % of each batch; re-sent duplicates fill the rest.
  const fresh = Math.floor(BATCH * (1 - DUPLICATE_SHARE));
  const batches = [];
  for (let i = 0; i < events.length; i += fresh) batches.push(events.slice(i, i + fresh));
  // Duplicates: re-send a share of already-sent events inside later batches (replays, retries).
  const dupCount = Math.round(events.length * DUPLICATE_SHARE);
  for (let n = 0; n < dupCount; n++) {
    const b = 1 + (n % (batches.length - 1));
    const source = batches[Math.floor(Math.random() * b)];
    const target = batches[b];
    if (target.length < BATCH) target.splice(Math.floor(Math.random() * target.length), 0, source[Math.floor(Math.random() * fresh)]);
  }
  const bodies = batches.map((batch) => JSON.stringify({ events: batch }));
  const total = batches.reduce((sum, b) => sum + b.length, 0);

  const url = `http://127.0.0.1:${PORT}/api/v1/tracking-events`;
  const post = (body) => fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  // Warm-up (first request compiles the route): an empty-effect batch of duplicates later re-sent anyway.
  for (let i = 0; i < 3; i++) await (await post(JSON.stringify({ events: batches[0].slice(0, 5) }))).text();

  const latencies = [];
  let accepted = 0;
  let duplicates = 0;
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t = performance.now();
        const res = await post(body);
        const json = await res.json();
        latencies.push(performance.now() - t);
        if (res.status !== 200) {
          failures += 1;
          console.error(res.status, JSON.stringify(json).slice(0, 300));
        } else {
          accepted += json.accepted;
          duplicates += json.duplicates;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]);

  const [check] = await db.execute(sql`
    select count(*) filter (where s.status = 'delivered')::int as delivered, count(*)::int as parcels,
      (select count(*)::int from tracking_events te join shipments s2 on s2.id = te.shipment_id where s2.tracking_number like ${`JJFIB${run}X%`}) as stored
    from shipments s where s.tracking_number like ${`JJFIB${run}X%`}`);

  console.log(`\nPOST /api/v1/tracking-events, ${bodies.length} batches of ≤ ${BATCH} events, ${CLIENTS} concurrent clients, loopback:`);
  console.table([
    {
      'events posted': total,
      'new / duplicate': `${accepted} / ${duplicates}`,
      'events/s sustained': Math.round(total / seconds),
      'batches/s': +(bodies.length / seconds).toFixed(1),
      'p50 ms/batch': pct(50),
      'p99 ms/batch': pct(99),
      'max ms/batch': Math.round(latencies[latencies.length - 1]),
      failures,
    },
  ]);
  console.log(`Check: ${check.delivered} of ${check.parcels} parcels delivered, ${check.stored} events stored (expected ${events.length}).`);
  await stop(failures > 0 || check.delivered !== SHIPMENTS || check.stored !== events.length ? 1 : 0);
} catch (error) {
  console.error(error);
  await stop(1);
}
