// npm run bench:tracking — the tracking page (a real order's link view, as a merchant's email link opens
// it; served from the render cache after the first request, lib/tracking/page-cache.ts) against a static
// page of the same build (public/offline.html, served by the same Next.js server), in one run on loopback
// with autocannon. A last row measures the page with the cache off. Target: tracking page ≥ 0.5 × the static page's throughput, p99 ≤ 250 ms. Prints, asserts nothing.
import { sql } from 'drizzle-orm';
import { BASE, CONNECTIONS, DURATION, linkCookie, measure, startDatabase, startServer, stopServer } from './stack.mjs';

const { database, db, demo } = await startDatabase();
let server = await startServer(database.url, process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=.data/profiles'] : []);

// The split-delivery demo order: two parcels, a pickup point, a dozen events.
const sample = demo.sampleOrders[0];
const { cookie, path } = await linkCookie(db, sample.orderNumber);
const page = await fetch(`${BASE}${path}`, { headers: { cookie } });
if (page.status !== 200) throw new Error(`tracking page answered ${page.status}`);
const html = await page.text();
const api = await fetch(`${BASE}/api/orders/${sample.orderNumber}/tracking`, { headers: { cookie } });
const etag = api.headers.get('etag');

const rows = [];
// BENCH_ONLY=page measures just the tracking page (for profiling with BENCH_CPU_PROF=1).
const only = process.env.BENCH_ONLY;
if (!only) rows.push(await measure('GET /offline.html (static file, same server)', `${BASE}/offline.html`));
rows.push(await measure(`GET ${path} (tracking page, link view)`, `${BASE}${path}`, { headers: { cookie } }));
if (!only) {
  rows.push(await measure('GET /api/orders/…/tracking (live poll, 200)', `${BASE}/api/orders/${sample.orderNumber}/tracking`, { headers: { cookie } }));
  rows.push(await measure('GET /api/orders/…/tracking (live poll, 304)', `${BASE}/api/orders/${sample.orderNumber}/tracking`, { headers: { cookie, 'if-none-match': etag } }));
}

const cacheState = (await fetch(`${BASE}${path}`, { headers: { cookie } })).headers.get('x-paluu-cache');
// The same page with the render cache off: what every request would cost without it (a cache miss).
if (!only) {
  await stopServer(server);
  server = await startServer(database.url, [], { PAGE_CACHE_ORDERS: '0' });
  rows.push(await measure(`GET ${path} (tracking page, cache off: rendered every time)`, `${BASE}${path}`, { headers: { cookie } }));
}

const [{ n }] = await db.execute(sql`select count(*)::int as n from orders`);
if (!only) console.log(`\nOne more request to the tracking page with the cache on answered x-paluu-cache: ${cacheState}`);
console.log(`\nautocannon, ${CONNECTIONS} connections, ${DURATION} s each, loopback, ${n} orders; tracking page ${Math.round(html.length / 1024)} KB HTML`);
console.table(rows);
const ratio = only ? NaN : rows[1]['req/s'] / rows[0]['req/s'];
if (!only) console.log(
  `tracking page / static page throughput: ${ratio.toFixed(2)} (target ≥ 0.50) · tracking page p99 ${rows[1]['p99 ms']} ms (target ≤ 250) → ${
    ratio >= 0.5 && rows[1]['p99 ms'] <= 250 ? 'met' : 'NOT met'
  }`,
);

await stopServer(server);
await db.$end();
await database.stop();
process.exit(0);
