// npm run bench:delays — the delay sweep over 1,000,000 active parcels (target ≤ 10 s) and notice sending into a
// local SMTP sink (target ≥ 100 emails/s). A fresh database in .data/pg-bench-delays (BENCH_PG_PORT); the parcels are
// generated in SQL (generate_series, no round trip per row). Prints figures, asserts nothing.
// BENCH_PARCELS (default 1,000,000), BENCH_NOTICES (default 2,000), BENCH_DISPATCHERS (default 8: four workers × two dispatch loops).
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { sendNotices } from '../../lib/delays/send-notices.ts';
import { DELAY_KINDS } from '../../lib/delays/settings.ts';
import { sweepDelays } from '../../lib/delays/sweep-delays.ts';
import { dispatchOutbox } from '../../lib/outbox/dispatch-outbox.ts';
import { createSmtpMailer } from '../../lib/outbox/smtp-mailer.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

const PARCELS = Number(process.env.BENCH_PARCELS ?? 1_000_000);
const NOTICES = Number(process.env.BENCH_NOTICES ?? 2_000);
const DISPATCHERS = Number(process.env.BENCH_DISPATCHERS ?? 8);
const BATCH = 200_000;
const dataDir = path.resolve(process.env.BENCH_DELAYS_DIR ?? '.data/pg-bench-delays');

rmSync(dataDir, { recursive: true, force: true });
rmSync(`${dataDir}.json`, { force: true });
// A server sized for its data, as a production one would be: 1 GB shared buffers, and WAL room for a sweep that
// opens 90,000 incidents at once (its foreign-key checks lock as many order and parcel rows).
const sharedBuffers = process.env.BENCH_SHARED_BUFFERS ?? '1GB';
const database = await startEmbedded({
  dataDir,
  port: Number(process.env.BENCH_PG_PORT ?? 54351),
  log: () => {},
  settings: ['-c', `shared_buffers=${sharedBuffers}`, '-c', 'max_wal_size=4GB'],
});
await runMigrations(database.url);
const db = createDb(database.url, { max: 8 });
await seedDemoShop(db);
console.log(`bench database: ${dataDir} (shared_buffers=${sharedBuffers})`);

/**
 * Parcels from..to: every one active (not delivered). Carriers rotate; about 7 % are late in some way, as a busy
 * shop's share: i % 100 → 0–59 moving with a fresh scan, 60–61 stalled (last scan 6–9 days ago), 62 no first
 * scan for 5 days, 63–65 promised date passed, 66 exception, 67 failed attempt, 68–79 at a pickup point (1 in 12 of
 * them close to the deadline), 80–99 label created today. Plus 1 in 200 orders without a parcel, placed 3–9 days ago.
 */
async function generate(from, to) {
  const id = (kind, expr) => sql.raw(`md5('${kind}-' || ${expr})::uuid`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.execute(sql`
      insert into orders (id, order_number, email, customer_name, locale, currency, market, placed_at, shipping_name, shipping_line1,
        shipping_postal_code, shipping_city, shipping_country, captured_amount)
      select ${id('o', 'i')}, 'BDL-' || lpad(i::text, 7, '0'), 'bench' || i || '@example.fi', 'Bench Asiakas ' || i,
        (array['fi','sv','en','da','nb'])[1 + i % 5]::locale, 'EUR', 'FI',
        case when i % 200 = 7 then now() - ((3 + i % 7) || ' days')::interval else now() - interval '2 days' end,
        'Bench Asiakas ' || i, 'Benchkatu ' || (i % 200), '00100', 'Helsinki', 'FI', 4990
      from generate_series(${from}::int, ${to}::int) as i`);
    await tx.execute(sql`
      insert into shipments (id, order_id, carrier, tracking_number, status, sub_status, promised_date, pickup_deadline,
        shipped_at, first_scan_at, last_event_at, created_at)
      select ${id('s', 'i')}, ${id('o', 'i')}, (array['posti','postnord','matkahuolto','bring','budbee','dhl'])[1 + i % 6]::carrier,
        'BDL' || lpad(i::text, 10, '0'),
        (case when m < 60 then 'in_transit' when m <= 61 then 'in_transit' when m = 62 then 'info_received' when m <= 65 then 'in_transit'
              when m = 66 then 'exception' when m = 67 then 'failed_attempt' when m <= 79 then 'available_for_pickup' else 'info_received' end)::shipment_status,
        case when m = 66 then (array['address_issue','customs','damaged','lost','weather','other'])[1 + i % 6]::exception_sub_status end,
        case when m between 63 and 65 then (now() - interval '6 days')::date else (now() + interval '3 days')::date end,
        case when m between 68 and 79 then (now() + (case when i % 12 = 0 then 1 else 6 end || ' days')::interval)::date end,
        case when m = 62 then now() - interval '5 days' when m >= 80 then now() else now() - interval '2 days' end,
        case when m = 62 or m >= 80 then null else now() - interval '2 days' end,
        case when m = 62 or m >= 80 then null when m between 60 and 61 then now() - ((6 + i % 4) || ' days')::interval else now() - interval '1 hour' end,
        now() - interval '2 days'
      from (select i, i % 100 as m from generate_series(${from}::int, ${to}::int) as i) g
      where i % 200 <> 7`);
  });
}

const started = performance.now();
for (let from = 1; from <= PARCELS; from += BATCH) await generate(from, Math.min(PARCELS, from + BATCH - 1));
// Steady state: in a live database these rows were written long ago and autovacuum has frozen them; a sweep right
// after a bulk load would otherwise pay for setting every page's hint bits.
await db.execute(sql`vacuum (freeze, analyze) orders`);
await db.execute(sql`vacuum (freeze, analyze) shipments`);
const [{ active }] = await db.execute(sql`select count(*)::int as active from shipments where status not in ('delivered', 'returned_to_sender', 'canceled')`);
console.log(`generated ${PARCELS.toLocaleString('en')} orders, ${active.toLocaleString('en')} active parcels in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const total = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
async function timedSweep(label) {
  const t0 = performance.now();
  const result = await sweepDelays(db);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(6)} s   opened ${String(total(result.opened)).padStart(7)}   closed ${String(total(result.closed)).padStart(7)}`);
  return result;
}

console.log(`\nSweep over all active parcels (target ≤ 10 s); machine load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores:`);
const first = await timedSweep('first sweep (everything new)');
console.log(`  opened per kind: ${DELAY_KINDS.map((k) => `${k} ${first.opened[k]}`).join(', ')}`);
await timedSweep('repeat sweep (nothing changed)');
// Some news arrives: a new scan for a third of the stalled parcels, a fresh stall elsewhere.
await db.execute(sql`update shipments set last_event_at = now() where status = 'in_transit' and last_event_at < now() - interval '5 days' and ctid in (
  select ctid from shipments where status = 'in_transit' and last_event_at < now() - interval '5 days' limit ${Math.round(PARCELS / 300)})`);
await db.execute(sql`update shipments set last_event_at = now() - interval '8 days' where id in (
  select id from shipments where status = 'in_transit' and last_event_at > now() - interval '2 hours' limit ${Math.round(PARCELS / 500)})`);
const churn = await timedSweep('sweep after scans and new stalls');
console.log(`  closed per kind: ${DELAY_KINDS.map((k) => `${k} ${churn.closed[k]}`).join(', ')}`);

// Notices: queue NOTICES (the real sendNotices: render, token, tracking link, outbox row, audit), then the real
// dispatchOutbox with the SMTP mailer into a local SMTP sink.
let received = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${sink.server.address().port}/?pool=true&maxConnections=1`;

const incidents = await db.execute(sql`select id from delay_incidents where resolved_at is null order by opened_at, id limit ${NOTICES}`);
const ctx = { db, actor: { type: 'system' } };
const q0 = performance.now();
const queued = await sendNotices(ctx, { incidentIds: incidents.map((r) => r.id) });
const queueSeconds = (performance.now() - q0) / 1000;
console.log(`\nNotices: ${queued.queued} queued by sendNotices in ${queueSeconds.toFixed(2)} s (${Math.round(queued.queued / queueSeconds)} notices/s)`);

console.log(`machine load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
const d0 = performance.now();
const dispatchers = Array.from({ length: DISPATCHERS }, async () => {
  const mailer = createSmtpMailer(smtpUrl, 'Kuusikoivu <no-reply@kuusikoivu.example>');
  let sent = 0;
  for (;;) {
    const r = await dispatchOutbox(db, mailer);
    sent += r.sent;
    if (r.sent + r.retried + r.failed === 0) break;
  }
  return sent;
});
const sent = (await Promise.all(dispatchers)).reduce((a, b) => a + b, 0);
const dispatchSeconds = (performance.now() - d0) / 1000;
console.log(
  `Sending (target ≥ 100 emails/s): ${sent} emails via dispatchOutbox + SMTP (${DISPATCHERS} dispatchers) in ${dispatchSeconds.toFixed(2)} s = ${Math.round(sent / dispatchSeconds)} emails/s; the sink received ${received}`,
);

await new Promise((resolve) => sink.close(resolve));
await db.$end();
await database.stop();
process.exit(0);
