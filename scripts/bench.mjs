// npm run bench — serves the production build on its own embedded database (.data/pg-bench)
// and measures the customer pages with autocannon on loopback. Prints figures; asserts nothing.
import autocannon from 'autocannon';
import { fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { seedDemoShop } from '../db/seed.ts';
import { addGrant, signGrants } from '../lib/auth/grant-token.ts';
import { startEmbedded } from './lib/embedded-db.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
process.env.NEXT_TELEMETRY_DISABLED = '1';

const database = await startEmbedded({ dataDir: path.resolve('.data/pg-bench'), port: Number(process.env.BENCH_PG_PORT ?? 54349), log: () => {} });
await runMigrations(database.url);
const db = createDb(database.url, { max: 2 });
const demo = await seedDemoShop(db);

if (!existsSync('.next/BUILD_ID')) {
  console.log('Building once …');
  spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit' });
}

const server = fork('scripts/server.mjs', [], {
  env: { ...process.env, DATABASE_URL: database.url, PORT: String(PORT), NODE_ENV: 'production' },
  stdio: 'ignore',
});
await new Promise((resolve) => server.on('message', (m) => m?.type === 'listening' && resolve()));

// The order page needs the grant a lookup would give: sign one with the instance's key
// (created here exactly as the app does on first use).
const sample = demo.sampleOrders[0];
await db.execute(sql`insert into settings (key, value) values ('app_secret', to_jsonb(${randomBytes(32).toString('base64url')}::text)) on conflict do nothing`);
const [secretRow] = await db.execute(sql`select value from settings where key = 'app_secret'`);
const [orderRow] = await db.execute(sql`select id from orders where order_number = ${sample.orderNumber}`);
const grants = addGrant([], orderRow.id, Math.floor(Date.now() / 1000) + 3600);
const cookie = `paluu_order_access=${signGrants(Buffer.from(String(secretRow.value)), grants)}`;

const targets = [
  { name: 'GET /api/health (DB ping)', path: '/api/health' },
  { name: 'GET /en (lookup page)', path: '/en' },
  { name: `GET /en/orders/${sample.orderNumber} (order page)`, path: `/en/orders/${sample.orderNumber}`, headers: { cookie } },
];

const check = await fetch(`http://127.0.0.1:${PORT}${targets[2].path}`, { headers: { cookie }, redirect: 'manual' });
if (check.status !== 200) throw new Error(`order page answered ${check.status}, expected 200`);

const rows = [];
for (const target of targets) {
  // A short warm-up so the first compile of each route is not measured.
  await autocannon({ url: `http://127.0.0.1:${PORT}${target.path}`, connections: 4, duration: 2, headers: target.headers });
  const result = await autocannon({ url: `http://127.0.0.1:${PORT}${target.path}`, connections: CONNECTIONS, duration: DURATION, headers: target.headers });
  rows.push({
    target: target.name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.non2xx,
  });
}

const orders = await db.execute(sql`select count(*)::int as n from orders`);
console.log(`\nautocannon, ${CONNECTIONS} connections, ${DURATION} s each, loopback, ${orders[0].n} orders in the database:`);
console.table(rows);

server.kill('SIGTERM');
await db.$end();
await database.stop();

// Then each area's benchmark, one after another, each on its own embedded database and port.
// `npm run bench -- --pages` stops after the table above; bench:data (1,000,000 orders) runs alone.
if (!process.argv.includes('--pages')) {
  for (const topic of ['pages', 'tracking', 'ingest', 'webhooks', 'returns', 'labels', 'queue', 'prediction']) {
    console.log(`\n=== npm run bench:${topic}`);
    const run = spawnSync('npm', ['run', '--silent', `bench:${topic}`], { stdio: 'inherit' });
    if (run.status !== 0) console.log(`bench:${topic} exited with ${run.status}`);
  }
  console.log('\nAt scale (generates 1,000,000 orders first, several minutes): npm run bench:data');
}
process.exit(0);
