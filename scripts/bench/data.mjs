// npm run bench:data — generates orders with shipments and tracking events in SQL (generate_series, no
// round trip per row) in a fresh bench database, and measures the lookup and the tracking page at
// 10,000 and at 1,000,000 orders. Target: latency at 1M within 1.5 × the latency at 10k. Prints, asserts nothing.
// BENCH_SMALL / BENCH_LARGE change the sizes; BENCH_DATA_DIR the database directory (wiped first).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { lookupOrder } from '../../lib/orders/lookup-order.ts';
import { getCustomerOrderByNumber } from '../../lib/orders/queries.ts';
import { getTrackingByNumber } from '../../lib/tracking/queries.ts';
import { lookupRequest, linkCookie, measure, startServer, stopServer, BASE } from './stack.mjs';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const BATCH = 100_000;
const CONNECTIONS = Number(process.env.BENCH_DATA_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? '.data/pg-bench-data');

rmSync(dataDir, { recursive: true, force: true });
rmSync(`${dataDir}.json`, { force: true });
// A server sized for its data, as a production one would be: the 1M-order database is ~2.8 GB, and the
// embedded default of 128 MB shared buffers would measure page-cache copies instead of the queries.
const sharedBuffers = process.env.BENCH_DATA_SHARED_BUFFERS ?? '3GB';
const database = await startEmbedded({ dataDir, port: Number(process.env.BENCH_PG_PORT ?? 54349) + 1, log: () => {}, settings: ['-c', `shared_buffers=${sharedBuffers}`] });
console.log(`bench database: shared_buffers=${sharedBuffers}`);
await runMigrations(database.url);
const db = createDb(database.url, { max: 4 });
await seedDemoShop(db);

const number = (i) => `BD-${String(i).padStart(7, '0')}`;

/** Orders from..to (inclusive): 2 lines, 1 parcel (every 3rd at a pickup point), 4 tracking events each. */
async function generate(from, to) {
  const id = (kind, expr) => sql.raw(`md5('${kind}-' || ${expr})::uuid`);
  await db.transaction(async (tx) => {
    // Bulk load: the generated rows are consistent by construction, so skip per-row FK triggers and the commit flush.
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.execute(sql`
      insert into orders (id, order_number, email, customer_name, phone, locale, currency, market, placed_at, shipping_name, shipping_line1,
        shipping_postal_code, shipping_city, shipping_country, payment_method, shipping_amount, captured_amount)
      select ${id('o', 'i')}, 'BD-' || lpad(i::text, 7, '0'), 'bench' || i || '@example.fi', 'Bench Asiakas ' || i, '+35840' || lpad(i::text, 7, '0'),
        (array['fi','sv','en','da','nb'])[1 + i % 5]::locale, 'EUR', 'FI', now() - ((i % 90) || ' days')::interval, 'Bench Asiakas ' || i,
        'Benchkatu ' || (i % 200), lpad((i % 99000)::text, 5, '0'), 'Helsinki', 'FI', 'card', 590, 590 + 5990 + 1490
      from generate_series(${from}::int, ${to}::int) as i`);
    await tx.execute(sql`
      insert into order_lines (id, order_id, position, sku, title, variant_options, unit_price, quantity, fulfilled_quantity)
      select ${id('l', "i || '-' || p")}, ${id('o', 'i')}, p, 'SKU-' || p, case p when 0 then 'Merino Sweater' else 'Wool Socks' end, '{}'::jsonb,
        case p when 0 then 5990 else 1490 end, 1, 1
      from generate_series(${from}::int, ${to}::int) as i, generate_series(0, 1) as p`);
    await tx.execute(sql`
      insert into shipments (id, order_id, carrier, tracking_number, status, promised_date, predicted_date, pickup_point, pickup_deadline,
        shipped_at, first_scan_at, last_event_at, delivered_at)
      select ${id('s', 'i')}, ${id('o', 'i')}, 'posti', 'JJFIBD' || lpad(i::text, 9, '0'),
        (case when i % 3 = 0 then 'available_for_pickup' when i % 3 = 1 then 'delivered' else 'in_transit' end)::shipment_status,
        (now() - ((i % 90) || ' days')::interval + interval '3 days')::date, (now() - ((i % 90) || ' days')::interval + interval '2 days')::date,
        case when i % 3 = 0 then '{"name":"K-Market Kallio","address":"Helsinginkatu 1","postalCode":"00500","city":"Helsinki"}'::jsonb end,
        case when i % 3 = 0 then (now() + interval '5 days')::date end,
        now() - ((i % 90) || ' days')::interval, now() - ((i % 90) || ' days')::interval, now() - ((i % 90) || ' days')::interval + interval '2 days',
        case when i % 3 = 1 then now() - ((i % 90) || ' days')::interval + interval '2 days' end
      from generate_series(${from}::int, ${to}::int) as i`);
    await tx.execute(sql`
      insert into shipment_lines (shipment_id, order_line_id, quantity)
      select ${id('s', 'i')}, ${id('l', "i || '-' || p")}, 1 from generate_series(${from}::int, ${to}::int) as i, generate_series(0, 1) as p`);
    await tx.execute(sql`
      insert into tracking_events (shipment_id, carrier, tracking_number, carrier_code, status, description, location, occurred_at, source, dedupe_key)
      select ${id('s', 'i')}, 'posti', 'JJFIBD' || lpad(i::text, 9, '0'), e::text,
        (array['info_received','in_transit','in_transit', case when i % 3 = 0 then 'available_for_pickup' when i % 3 = 1 then 'delivered' else 'in_transit' end])[e]::shipment_status,
        (array['Lähetys on rekisteröity','Lähetys on lajiteltu','Lähetys on matkalla','Lähetys on perillä'])[e], (array['Vantaa','Vantaa','Tampere','Helsinki'])[e],
        now() - ((i % 90) || ' days')::interval + (e * 10 || ' hours')::interval, 'seed', 'bench:' || i || ':' || e
      from generate_series(${from}::int, ${to}::int) as i, generate_series(1, 4) as e`);
  });
}

async function growTo(target, current) {
  const started = Date.now();
  for (let from = current + 1; from <= target; from += BATCH) await generate(from, Math.min(target, from + BATCH - 1));
  await db.execute(sql`analyze`);
  const [{ orders, events }] = await db.execute(sql`select (select count(*)::int from orders) as orders, (select count(*)::int from tracking_events) as events`);
  console.log(`  ${target.toLocaleString('en')} generated orders in ${((Date.now() - started) / 1000).toFixed(1)} s (${orders.toLocaleString('en')} orders, ${events.toLocaleString('en')} events in the database)`);
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** The same reads the pages make, in-process and one at a time (no HTTP, no other load): random orders across the whole range. */
async function measureReads(size, samples = 300) {
  const times = { lookup: [], page: [], poll: [] };
  for (let n = 0; n < samples; n++) {
    const i = 1 + Math.floor(Math.random() * size);
    const [{ id }] = await db.execute(sql`select md5('o-' || ${i}::int)::uuid as id`);
    let t = performance.now();
    await lookupOrder({ db, clientKey: `bench-${n}` }, { orderNumber: number(i), contact: `bench${i}@example.fi` });
    times.lookup.push(performance.now() - t);
    t = performance.now();
    const order = await getCustomerOrderByNumber(db, number(i), { verified: [id], links: [] }, 'Europe/Helsinki');
    times.page.push(performance.now() - t);
    t = performance.now();
    await getTrackingByNumber(db, number(i), { verified: [id], links: [] }, 'Europe/Helsinki');
    times.poll.push(performance.now() - t);
    if (!order || order.parcels.length !== 1 || order.parcels[0].events.length !== 4) throw new Error(`order ${number(i)} read back wrong`);
  }
  const row = (name, values) => ({ orders: size.toLocaleString('en'), read: name, 'p50 ms': +percentile(values, 50).toFixed(2), 'p99 ms': +percentile(values, 99).toFixed(2) });
  return [row('lookupOrder (rate limits + match)', times.lookup), row('order page read (one query)', times.page), row('live poll read (one query)', times.poll)];
}

async function measureAt(size) {
  // The render cache off: this compares the database work at 10k and 1M orders, so every request renders.
  const server = await startServer(database.url, [], { PAGE_CACHE_ORDERS: '0' });
  const orderNumber = number(Math.ceil(size / 2));
  const { cookie, path: pagePath } = await linkCookie(db, orderNumber);
  const lookup = await lookupRequest('fi', orderNumber, `bench${Math.ceil(size / 2)}@example.fi`);
  const opts = { connections: CONNECTIONS, duration: SECONDS };
  const rows = [
    await measure(`lookup POST /fi (${orderNumber} + email → 303)`, `${BASE}/fi`, lookup, opts),
    await measure(`tracking page ${pagePath} (rendered, cache off)`, `${BASE}${pagePath}`, { headers: { cookie } }, opts),
    await measure('live poll /api/orders/…/tracking', `${BASE}/api/orders/${orderNumber}/tracking`, { headers: { cookie } }, opts),
  ];
  await stopServer(server);
  return rows.map((r) => ({ orders: size.toLocaleString('en'), ...r }));
}

console.log(`Generating ${SMALL.toLocaleString('en')} orders …`);
await growTo(SMALL, 0);
const smallReads = await measureReads(SMALL);
const small = await measureAt(SMALL);
console.log(`Generating up to ${LARGE.toLocaleString('en')} orders …`);
await growTo(LARGE, SMALL);
const largeReads = await measureReads(LARGE);
const large = await measureAt(LARGE);

console.log('\nDatabase reads of the lookup, the tracking page and the live poll, in-process, one at a time, 300 random orders:');
console.table([...smallReads, ...largeReads]);
for (let i = 0; i < smallReads.length; i++) {
  console.log(`${smallReads[i].read}: p50 ×${(largeReads[i]['p50 ms'] / smallReads[i]['p50 ms']).toFixed(2)} at ${LARGE.toLocaleString('en')} vs ${SMALL.toLocaleString('en')} (target ≤ 1.5)`);
}

console.log(`\nOver HTTP: autocannon, ${CONNECTIONS} connections, ${SECONDS} s each, loopback (the lookup answers 303, counted as non2xx):`);
console.table([...small, ...large]);
for (let i = 0; i < small.length; i++) {
  const ratio = large[i]['p50 ms'] / Math.max(1, small[i]['p50 ms']);
  const ratio99 = large[i]['p99 ms'] / Math.max(1, small[i]['p99 ms']);
  console.log(`${small[i].target.split(' (')[0]}: p50 ×${ratio.toFixed(2)}, p99 ×${ratio99.toFixed(2)} at ${LARGE.toLocaleString('en')} vs ${SMALL.toLocaleString('en')} (target ≤ 1.5)`);
}

await db.$end();
await database.stop();
process.exit(0);
