// npm run bench:webhooks — webhook delivery throughput to a local receiver (node:http on 127.0.0.1), with its own
// embedded database (.data/pg-bench-webhooks, BENCH_PG_PORT). Writes BENCH_EVENTS `case.opened` events, fans
// them out to BENCH_ENDPOINTS endpoints (the real subscriber), then runs BENCH_DISPATCHERS dispatchers at once
// (each with its own pool, the worker's concurrency and keep-alive agent) until every delivery is delivered.
// Prints deliveries/s and the receiver's view; fails if a delivery is missing or arrived twice.
// Measured 2026-12-05 (2 cores, while a CI run's vitest shared them): 5,000 events × 2 endpoints → 10,000
// deliveries, fan-out 795/s, dispatch 577 deliveries/s, 0 missing, 0 duplicates (README, "Measurements").
import http from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

process.env.WEBHOOK_ALLOW_PRIVATE_URLS = '1';
const { register } = await import('node:module');
register('../lib/server-only-hook.mjs', import.meta.url);
const { recordEvents, runSubscriber } = await import('../../lib/core/events/index.ts');
const { webhookFanOut } = await import('../../lib/webhooks/subscribers.ts');
const { dispatchWebhooks } = await import('../../lib/webhooks/dispatch-webhooks.ts');
const { createWebhookEndpoint } = await import('../../lib/webhooks/create-webhook-endpoint.ts');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 2);
const DISPATCHERS = Number(process.env.BENCH_DISPATCHERS ?? 2);

console.log('starting PostgreSQL …');
const database = await startEmbedded({ dataDir: path.resolve('.data/pg-bench-webhooks'), port: Number(process.env.BENCH_PG_PORT ?? 54520), log: () => {} });
await runMigrations(database.url);
console.log('database ready');
const db = createDb(database.url, { max: 4 });

const seen = new Map();
let requests = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests++;
    const key = `${req.url} ${req.headers['webhook-id']}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    res.end('ok');
  });
});
server.keepAliveTimeout = 30_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

let code = 0;
try {
  // Earlier runs' endpoints send nothing (their receivers are gone).
  await db.execute(sql`update webhook_endpoints set enabled = false`);
  console.log('endpoints …');
  for (let n = 0; n < ENDPOINTS; n++) await createWebhookEndpoint({ db, actor: { type: 'system' } }, { url: `${base}/e${n}`, events: ['case.opened'] });
  // `case.opened` has no GET of its own: the body is the event's data (the bench measures sending, not DTO queries).
  const t0 = performance.now();
  const system = { type: 'system' };
  for (let done = 0; done < EVENTS; done += 500) {
    const batch = Array.from({ length: Math.min(500, EVENTS - done) }, () => ({ type: 'case.opened', actor: system, data: { caseId: crypto.randomUUID() } }));
    await recordEvents(db, batch);
  }
  const t1 = performance.now();
  console.log('events written; fan-out …');
  await runSubscriber(db, webhookFanOut, { batch: 500 });
  const t2 = performance.now();
  const [{ n: pending }] = await db.execute(sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`);
  const pools = Array.from({ length: DISPATCHERS }, () => createDb(database.url, { max: 4 }));
  console.log('dispatching …');
  const t3 = performance.now();
  const results = await Promise.all(pools.map((p) => dispatchWebhooks(p)));
  const t4 = performance.now();
  await Promise.all(pools.map((p) => p.$end()));
  const delivered = results.reduce((a, r) => a + r.delivered, 0);
  const duplicates = [...seen.values()].filter((v) => v > 1).length;
  const seconds = (t4 - t3) / 1000;
  console.log(`events written: ${EVENTS} in ${((t1 - t0) / 1000).toFixed(2)} s`);
  console.log(`fan-out: ${pending} deliveries for ${ENDPOINTS} endpoints in ${((t2 - t1) / 1000).toFixed(2)} s (${Math.round(pending / ((t2 - t1) / 1000))}/s)`);
  console.log(`dispatch: ${delivered} delivered by ${DISPATCHERS} dispatchers in ${seconds.toFixed(2)} s = ${Math.round(delivered / seconds)} deliveries/s`);
  console.log(`receiver: ${requests} requests, ${seen.size} distinct (endpoint, webhook-id), ${duplicates} duplicates`);
  if (delivered !== pending || seen.size !== pending || duplicates > 0) {
    console.error('MISMATCH: some deliveries are missing or arrived twice');
    code = 1;
  }
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  server.closeAllConnections();
  server.close();
  await db.$end();
  await database.stop();
}
process.exit(code);
