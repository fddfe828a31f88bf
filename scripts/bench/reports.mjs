// npm run bench:reports — generates BENCH_ORDERS (default 1,000,000) orders over the last 365 days with
// lines, parcels, returns, refunds, cases (with their events), claims, surveys, delay incidents, notices and tracking-page views in
// SQL (generate_series, no round trip per row) in a fresh bench database; rebuilds the report rollups
// and times every report over 30 days, 90 days and 12 months: the first (cold) read and p50/p95 of warm
// reads. Also times the rollup rebuilds (12 months, the 120-day window, 30 days, the minute job with two changed older days) and the tracking-view counter. Prints, asserts nothing.
// BENCH_PG_PORT: the embedded database's port; BENCH_DATA_DIR: its directory (wiped first).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createDb } from '../../db/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { figuresAsOf, loadReport } from '../../lib/reports/queries.ts';
import { REPORT_IDS } from '../../lib/reports/definitions.ts';
import { addDays, resolveRange } from '../../lib/reports/range.ts';
import { refreshRecentReports, refreshReports, refreshTodayReports } from '../../lib/reports/refresh-reports.ts';
import { countTrackingView } from '../../lib/reports/tracking-views.ts';
import { todayIn } from '../../lib/time/today.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const BATCH = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const TZ = 'Europe/Helsinki';
const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? '.data/pg-bench-reports');

rmSync(dataDir, { recursive: true, force: true });
rmSync(`${dataDir}.json`, { force: true });
const sharedBuffers = process.env.BENCH_SHARED_BUFFERS ?? '1GB';
const database = await startEmbedded({ dataDir, port: Number(process.env.BENCH_PG_PORT ?? 54359), log: () => {}, settings: ['-c', `shared_buffers=${sharedBuffers}`] });
console.log(`bench database: shared_buffers=${sharedBuffers}`);
await runMigrations(database.url);
const db = createDb(database.url, { max: 4 });
await seedDemoShop(db);
const [{ staff }] = await db.execute(sql`select array_agg(id) as staff from staff_users`);

const REASONS = "array['too_small','too_large','not_as_described','defective','changed_mind','arrived_late']";
const CARRIERS = "array['posti','postnord','matkahuolto','bring','budbee','dhl']";

/** Orders from..to: placed over the last 365 days; 2 lines (200 SKUs), 1 parcel; every 6th order returns a line, … */
async function generate(from, to) {
  const id = (kind, expr) => sql.raw(`md5('${kind}-' || ${expr})::uuid`);
  const placed = sql.raw(`now() - ((i % 365) || ' days')::interval - ((i % 86400) || ' seconds')::interval`);
  await db.transaction(async (tx) => {
    // Bulk load: consistent by construction, so skip per-row FK triggers (and the refunds trigger: refunded_amount is set here).
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.execute(sql`
      insert into orders (id, order_number, email, customer_name, locale, currency, market, placed_at, shipping_name, shipping_line1,
        shipping_postal_code, shipping_city, shipping_country, shipping_amount, captured_amount, refunded_amount)
      select ${id('o', 'i')}, 'BR-' || lpad(i::text, 7, '0'), 'bench' || i || '@example.fi', 'Bench ' || i, 'fi', 'EUR',
        (array['FI','SE','NO','DK'])[1 + i % 4], ${placed}, 'Bench ' || i, 'Benchkatu 1', '00100', 'Helsinki', 'FI', 590, 590 + 5990 + 1490,
        case when i % 6 = 0 and i % 12 <> 0 then 1490 else 0 end
      from generate_series(${from}::int, ${to}::int) as i`);
    await tx.execute(sql`
      insert into order_lines (id, order_id, position, sku, title, unit_price, quantity, fulfilled_quantity)
      select ${id('l', "i || '-' || p")}, ${id('o', 'i')}, p, 'SKU-' || ((i + p * 7) % 200), 'Product ' || ((i + p * 7) % 200),
        case p when 0 then 5990 else 1490 end, 1, 1
      from generate_series(${from}::int, ${to}::int) as i, generate_series(0, 1) as p`);
    await tx.execute(sql`
      insert into shipments (id, order_id, carrier, tracking_number, status, shipped_at, delivered_at)
      select ${id('s', 'i')}, ${id('o', 'i')}, (${sql.raw(CARRIERS)})[1 + i % 6]::carrier, 'BR' || lpad(i::text, 9, '0'), 'delivered', ${placed} + interval '1 day', ${placed} + interval '3 days'
      from generate_series(${from}::int, ${to}::int) as i`);
    await tx.execute(sql`
      insert into shipment_lines (shipment_id, order_line_id, quantity)
      select ${id('s', 'i')}, ${id('l', "i || '-' || p")}, 1 from generate_series(${from}::int, ${to}::int) as i, generate_series(0, 1) as p`);
    // Every 6th order returns its second line (half of them refunded, a quarter exchanged… by i % 12 / 18).
    await tx.execute(sql`
      insert into returns (id, rma_number, order_id, status, method, currency, requested_at, received_at)
      select ${id('r', 'i')}, 'RB-' || i, ${id('o', 'i')}, (case when i % 30 = 0 then 'rejected' else 'completed' end)::return_status, 'drop_off', 'EUR', ${placed} + interval '6 days',
        ${placed} + interval '7 days'
      from generate_series(${from}::int, ${to}::int) as i where i % 6 = 0`);
    await tx.execute(sql`
      insert into return_items (return_id, order_line_id, quantity, reason_code, resolution, exchange_variant_id)
      select ${id('r', 'i')}, ${id('l', "i || '-1'")}, 1, (${sql.raw(REASONS)})[1 + (i / 6) % 6],
        (case when i % 12 <> 0 then 'refund' when i % 18 = 0 then 'store_credit' else 'exchange' end)::resolution,
        case when i % 12 = 0 and i % 18 <> 0 then (select id from variants limit 1) end
      from generate_series(${from}::int, ${to}::int) as i where i % 6 = 0`);
    await tx.execute(sql`
      insert into refunds (order_id, return_id, amount, currency, created_at)
      select ${id('o', 'i')}, ${id('r', 'i')}, 1490, 'EUR', ${placed} + interval '8 days'
      from generate_series(${from}::int, ${to}::int) as i where i % 6 = 0 and i % 12 <> 0`);
    // Every 10th order has a case; answered after 0.5–30 h; 80 % resolved; resolved ones get a survey, 60 % answered.
    await tx.execute(sql`
      insert into cases (id, number, type, status, subject, order_id, customer_email, assignee_id, created_at, first_response_due_at,
        first_responded_at, resolution_due_at, resolved_at)
      select ${id('c', 'i')}, 100000 + i, (array['return','question','delivery_issue','claim','question'])[1 + (i / 10) % 5]::case_type,
        (case when i % 50 = 0 then 'open' else 'resolved' end)::case_status, 'Bench case ' || i, ${id('o', 'i')}, 'bench' || i || '@example.fi',
        st.a[1 + i % 2], ${placed} + interval '2 days', ${placed} + interval '2 days 8 hours',
        ${placed} + interval '2 days' + (((i * 37) % 1800) || ' minutes')::interval, ${placed} + interval '5 days',
        case when i % 50 <> 0 then ${placed} + interval '2 days' + (((i * 13) % 120) || ' hours')::interval end
      from generate_series(${from}::int, ${to}::int) as i, (select array_agg(id order by email) as a from staff_users) as st where i % 10 = 0`);
    await tx.execute(sql`
      insert into csat_responses (case_id, token_hash, agent_id, score, sent_at, responded_at)
      select ${id('c', 'i')}, md5('t-' || i) || md5('u-' || i), st.a[1 + i % 2], case when i % 5 < 3 then 1 + (i / 10) % 5 end,
        ${placed} + interval '4 days', case when i % 5 < 3 then ${placed} + interval '5 days' end
      from generate_series(${from}::int, ${to}::int) as i, (select array_agg(id order by email) as a from staff_users) as st where i % 10 = 0 and i % 50 <> 0`);
    // The cases' history in the event log (the backlog reads reopenings from it): each resolution, a customer
    // message on every case a day after it opened, and every 10th case resolved, reopened by the customer and resolved again.
    await tx.execute(sql`
      insert into domain_events (type, aggregate_type, aggregate_id, case_id, actor_type, data, occurred_at)
      select e.type, 'case', c.id::text, c.id, e.actor::actor_type, e.data, e.at
      from cases c cross join lateral (values
        ('case.customer_replied', 'customer', jsonb_build_object('caseId', c.id, 'reopened', false), c.created_at + interval '1 day'),
        ('case.resolved', 'staff', jsonb_build_object('caseId', c.id), case when c.number % 100 = 0 then c.created_at + interval '1 day 2 hours' end),
        ('case.customer_replied', 'customer', jsonb_build_object('caseId', c.id, 'reopened', true), case when c.number % 100 = 0 then c.created_at + interval '2 days' end),
        ('case.resolved', 'staff', jsonb_build_object('caseId', c.id), c.resolved_at)) as e(type, actor, data, at)
      where c.number between 100000 + ${from}::int and 100000 + ${to}::int and e.at is not null`);
    // Every 100th order has a claim: damaged or wrong item.
    await tx.execute(sql`
      insert into claims (order_id, type, requested_remedy, created_at)
      select ${id('o', 'i')}, (case when i % 200 = 0 then 'wrong_item' else 'damaged' end)::claim_type, 'refund', ${placed} + interval '4 days'
      from generate_series(${from}::int, ${to}::int) as i where i % 100 = 0`);
    // Every 40th parcel has a delay incident with a notice; a third escalated, a third dismissed.
    await tx.execute(sql`
      insert into delay_episodes (id, order_id, shipment_id, opened_at, closed_at)
      select ${id('e', 'i')}, ${id('o', 'i')}, ${id('s', 'i')}, ${placed} + interval '2 days', ${placed} + interval '4 days'
      from generate_series(${from}::int, ${to}::int) as i where i % 40 = 0`);
    // The episode trigger is off in this bulk load (replica role): each incident names its episode itself.
    await tx.execute(sql`
      insert into delay_incidents (id, shipment_id, order_id, episode_id, kind, case_id, opened_at, dismissed_at, resolved_at)
      select ${id('d', 'i')}, ${id('s', 'i')}, ${id('o', 'i')}, ${id('e', 'i')}, (array['dispatch_late','no_first_scan','stalled_in_transit','eta_breached','carrier_exception','failed_attempt','pickup_expiring'])[1 + (i / 40) % 7]::delay_kind,
        case when i % 120 = 0 then ${id('c', 'i')} end, ${placed} + interval '2 days', case when i % 120 = 40 then ${placed} + interval '3 days' end, ${placed} + interval '4 days'
      from generate_series(${from}::int, ${to}::int) as i where i % 40 = 0`);
    await tx.execute(sql`
      insert into notices (incident_id, episode_id, order_id, locale, status, remedies_offered, remedy_chosen, dedupe_key, sent_at)
      select ${id('d', 'i')}, ${id('e', 'i')}, ${id('o', 'i')}, 'fi', 'sent', '{keep_waiting,cancel_refund}', case when i % 80 = 0 then 'keep_waiting'::remedy end, 'bench-notice:' || i, ${placed} + interval '2 days'
      from generate_series(${from}::int, ${to}::int) as i where i % 40 = 0 and i % 120 <> 40`);
  });
}

// Stop the database whatever happens (a failed run must not leave it holding the port).
try {
  const started = Date.now();
  for (let from = 1; from <= ORDERS; from += BATCH) {
    await generate(from, Math.min(ORDERS, from + BATCH - 1));
    process.stdout.write(`\r  ${Math.min(ORDERS, from + BATCH - 1).toLocaleString('en')} orders`);
  }
  // About 20 tracking-page views per order, spread over the hours of the year.
  await db.execute(sql`
    insert into tracking_view_hours (hour, views)
    select date_trunc('hour', now()) - (h || ' hours')::interval, (${ORDERS}::bigint * 20 / 8760) + (h % 7) from generate_series(0, 8759) as h
    on conflict (hour) do nothing`);
  await db.execute(sql`analyze`);
  const [counts] = await db.execute(sql`select (select count(*)::int from orders) as orders, (select count(*)::int from return_items) as items,
    (select count(*)::int from cases) as cases, (select count(*)::int from csat_responses) as surveys, (select count(*)::int from delay_incidents) as incidents`);
  console.log(`\nGenerated in ${((Date.now() - started) / 1000).toFixed(0)} s: ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}`);

  // Rollup rebuilds: the whole year once (what a first deployment or a time-zone change costs), then the worker's rolling window.
  const today = todayIn(TZ);
  let t = performance.now();
  await refreshReports(db, { from: resolveRange({ range: '12m' }, TZ).from, to: today, timeZone: TZ });
  const fullRefresh = performance.now() - t;
  t = performance.now();
  const rolling = await refreshRecentReports(db);
  const rollingRefresh = performance.now() - t;
  t = performance.now();
  await refreshReports(db, { from: resolveRange({ range: '30d' }, TZ).from, to: today, timeZone: TZ });
  const monthRefresh = performance.now() - t;
  // The worker's minute job as it runs between two wide refreshes. The generated rows were written moments ago: date
  // their change times a day back, as if long before these refreshes, so it finds only the changes made below.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const table of ['orders', 'order_lines', 'shipments', 'returns', 'refunds', 'claims', 'cases', 'delay_incidents', 'notices'])
      await tx.execute(sql.raw(`update ${table} set updated_at = updated_at - interval '1 day' where updated_at > now() - interval '1 hour'`));
    for (const table of ['orders', 'order_lines', 'shipments', 'returns', 'return_items', 'csat_responses', 'notices'])
      await tx.execute(sql.raw(`update ${table} set created_at = created_at - interval '1 day' where created_at > now() - interval '1 hour'`));
  });
  await db.execute(sql`vacuum analyze`);
  // Since the refreshes: a return on an order placed ten days ago, a case opened five days ago resolved. The generated
  // rows dated after their order (cases 2 days on, surveys 4–5, refunds 8…) lie partly in the future: they count as
  // changed at every run, so the job here rebuilds about the last 10 days, more than a shop's minute would.
  await db.execute(sql`
    insert into returns (rma_number, order_id, method, currency, status)
    select 'BENCH-MINUTE', id, 'drop_off', 'EUR', 'requested' from orders where placed_at < now() - interval '10 days' order by placed_at desc limit 1`);
  await db.execute(sql`
    update cases set status = 'resolved', resolved_at = now(), updated_at = now()
    where id = (select id from cases where resolved_at is null and created_at < now() - interval '5 days' order by created_at desc limit 1)`);
  const minuteRuns = [];
  const twoDayRuns = [];
  let changed;
  for (let n = 0; n < 5; n++) {
    t = performance.now();
    const run = await refreshTodayReports(db);
    minuteRuns.push(performance.now() - t);
    changed ??= run;
    // What the minute job cost before it looked for changed days: today and yesterday alone.
    t = performance.now();
    await refreshReports(db, { from: addDays(today, -1), to: today, timeZone: TZ });
    twoDayRuns.push(performance.now() - t);
  }
  await db.execute(sql`analyze`);
  const [rollupRows] = await db.execute(sql`select (select count(*)::int from report_sales_days) as sales, (select count(*)::int from report_return_days) as returns,
    (select count(*)::int from report_case_days) as cases, (select count(*)::int from report_csat_days) as csat,
    (select count(*)::int from report_csat_cause_days) as "csat causes", (select count(*)::int from report_backlog_days) as backlog, (select count(*)::int from report_delay_days) as delays`);
  console.log(`Rollup rows: ${Object.entries(rollupRows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
  console.log(`Rollup rebuild: 12 months ${(fullRefresh / 1000).toFixed(1)} s; worker window (${rolling.from} – ${rolling.to}) ${(rollingRefresh / 1000).toFixed(1)} s; 30 days (staff "Refresh figures") ${(monthRefresh / 1000).toFixed(1)} s`);
  const median = (runs) => {
    const sorted = [...runs].sort((a, b) => a - b);
    return `${sorted.map((ms) => ms.toFixed(0)).join(', ')} ms (median ${sorted[2].toFixed(0)} ms)`;
  };
  console.log(`Minute job (today, yesterday and ${changed.changedDays.length} changed days: ${changed.changedDays.join(', ')}; wide: ${changed.wide}), 5 runs: ${median(minuteRuns)}`);
  console.log(`Today and yesterday alone, 5 runs: ${median(twoDayRuns)}`);
  t = performance.now();
  await figuresAsOf(db, { ...resolveRange({ range: '12m' }, TZ), timeZone: TZ });
  console.log(`"Figures as of" over 12 months: ${(performance.now() - t).toFixed(1)} ms`);

  const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
  const actor = { type: 'staff', staffId: staff[0], role: 'agent' };
  const rows = [];
  for (const preset of ['30d', '90d', '12m']) {
    const range = resolveRange({ range: preset }, TZ);
    for (const id of REPORT_IDS) {
      // Cold: a fresh connection pool (no cached plans, the rollup pages maybe not in shared buffers yet).
      const fresh = createDb(database.url, { max: 1 });
      let s = performance.now();
      const data = await loadReport(fresh, actor, id, { range, timeZone: TZ, locale: 'en' });
      const cold = performance.now() - s;
      await fresh.$end();
      const warm = [];
      for (let n = 0; n < RUNS; n++) {
        s = performance.now();
        await loadReport(db, actor, id, { range, timeZone: TZ, locale: 'en' });
        warm.push(performance.now() - s);
      }
      rows.push({ report: id, range: preset, 'table rows': data.tables.reduce((a, tb) => a + tb.rows.length, 0), 'cold ms': +cold.toFixed(1), 'warm p50 ms': +percentile(warm, 50).toFixed(1), 'warm p95 ms': +percentile(warm, 95).toFixed(1) });
    }
  }
  console.log(`\nReport reads at ${ORDERS.toLocaleString('en')} orders, in-process (one cold read on a new connection, then ${RUNS} warm; target < 500 ms):`);
  console.table(rows);
  const worst = Math.max(...rows.map((r) => Math.max(r['cold ms'], r['warm p95 ms'])));
  console.log(`slowest report read: ${worst.toFixed(1)} ms (target < 500 ms)`);

  // The tracking page's hook: one in-memory increment per view.
  const N = 1_000_000;
  t = performance.now();
  for (let i = 0; i < N; i++) countTrackingView();
  console.log(`countTrackingView(): ${(((performance.now() - t) * 1e6) / N).toFixed(0)} ns per view (budget 100,000 ns)`);
} finally {
  await db.$end();
  await database.stop();
}
process.exit(0);
