// npm run bench:queue — the staff queue's first page with 1,000,000 cases in the database.
// Runs the real data-access function (listQueue: rows + live counts per view) in-process against
// its own embedded PostgreSQL (.data/pg-bench-queue), prints p50/p95 per view and the EXPLAIN
// (ANALYZE, BUFFERS) plan of the main query. Prints figures; asserts nothing.
// Started with --conditions=react-server so `import 'server-only'` resolves as it does in the app.
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from '../../db/schema/index.ts';
import { runMigrations } from '../../db/migrate.ts';
import { seedDemoShop } from '../../db/seed.ts';
import { listQueue } from '../../lib/cases/queue.ts';
import { queueQuerySchema } from '../../lib/cases/schemas.ts';
import { startEmbedded } from '../lib/embedded-db.mjs';

const TOTAL = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const database = await startEmbedded({ dataDir: path.resolve('.data/pg-bench-queue'), port: Number(process.env.BENCH_PG_PORT ?? 54359), log: () => {} });
await runMigrations(database.url);

let lastQuery = null;
const client = postgres(database.url, { max: 4, onnotice: () => {} });
const db = drizzle({ client, schema, casing: 'snake_case', logger: { logQuery: (query, params) => (lastQuery = { query, params }) } });
await seedDemoShop(db);

const [{ n }] = await client`select count(*)::int as n from cases`;
if (n < TOTAL) {
  const missing = TOTAL - n;
  console.log(`Generating ${missing.toLocaleString('en')} cases …`);
  const t0 = performance.now();
  // 92 % closed or resolved, the rest open / waiting (opened in the last 3 days); a third of
  // the open ones assigned to the demo agent; a few tags and languages.
  await client.unsafe(
    `insert into cases (type, status, priority, subject, customer_email, customer_name, locale, assignee_id, tags,
                        created_at, updated_at, first_response_due_at, resolution_due_at, first_responded_at,
                        sla_paused_at, sla_due_at, sla_warn_at, queue_at, resolved_at, closed_at)
     select (array['return','exchange','claim','delivery_issue','withdrawal','question'])[1 + g % 6]::case_type,
            s.status::case_status,
            (array['low','normal','normal','normal','high','urgent'])[1 + (g / 7) % 6]::case_priority,
            'Generated case ' || g,
            'customer' || (g % 200000) || '@bench.example',
            'Bench Customer ' || (g % 200000),
            (array['fi','fi','sv','en','da','nb'])[1 + (g / 3) % 6]::locale,
            case when s.status in ('open','waiting_customer','waiting_carrier') and g % 3 = 0 then (select id from staff_users where role = 'agent' order by email limit 1) end,
            case when g % 10 = 0 then array['vip'] when g % 10 = 1 then array['damaged'] else '{}' end,
            c.created, c.created + interval '1 hour',
            c.created + interval '4 hours', c.created + interval '3 days', null,
            case when s.status = 'waiting_customer' then c.created + interval '1 hour' end,
            case when s.status in ('open','waiting_carrier') then c.created + interval '3 days' end,
            case when s.status in ('open','waiting_carrier') then c.created + interval '2 days 6 hours' end,
            c.created + interval '3 days',
            case when s.status in ('resolved','closed') then c.created + interval '20 hours' end,
            case when s.status = 'closed' then c.created + interval '2 days' end
       from generate_series(1, ${missing}) as g
       cross join lateral (select case when g % 100 < 5 then 'open' when g % 100 < 7 then 'waiting_customer' when g % 100 < 8 then 'waiting_carrier'
                                       when g % 100 < 30 then 'resolved' else 'closed' end as status) s
       -- Closed cases spread over a year; open ones are recent (the last 3 days), as in a working shop.
       cross join lateral (select now() - make_interval(mins => case when s.status in ('resolved','closed') then g % 525600 else g % 4320 end) as created) c`,
  );
  await client`vacuum analyze cases`;
  console.log(`… in ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
}
const [{ total, open }] = await client`select count(*)::int as total, count(*) filter (where status in ('open','waiting_customer','waiting_carrier'))::int as open from cases`;
const [agent] = await client`select id from staff_users where role = 'agent' order by email limit 1`;
const ctx = { db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } };

const views = [
  { name: 'All open, first page', query: { view: 'open' } },
  { name: 'Mine', query: { view: 'mine' } },
  { name: 'Unassigned', query: { view: 'unassigned' } },
  { name: 'Breaching soon', query: { view: 'breaching' } },
  { name: 'Waiting on customer', query: { view: 'waiting' } },
  { name: 'Closed', query: { view: 'closed' } },
  { name: 'All open + type + priority filter', query: { view: 'open', type: 'claim', priority: 'urgent' } },
  { name: 'Search by email', query: { view: 'closed', q: 'customer4242@bench.example' } },
];
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

console.log(`\nQueue first page (25 rows + live counts of all six views), ${total.toLocaleString('en')} cases (${open.toLocaleString('en')} open), ${RUNS} runs each, in-process listQueue():`);
const rows = [];
for (const view of views) {
  const query = queueQuerySchema.parse(view.query);
  for (let i = 0; i < 10; i++) await listQueue(ctx, query);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await listQueue(ctx, query);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  rows.push({ view: view.name, 'p50 ms': quantile(times, 0.5).toFixed(1), 'p95 ms': quantile(times, 0.95).toFixed(1), 'max ms': times.at(-1).toFixed(1) });
}
console.table(rows);

// The plan of the page query of "All open" (the last statement the row query ran, captured from the logger).
await listQueue(ctx, queueQuerySchema.parse({ view: 'open' }));
let pageQuery = null;
const capture = drizzle({ client, schema, casing: 'snake_case', logger: { logQuery: (query, params) => { if (!pageQuery && query.includes('order by')) pageQuery = { query, params }; } } });
await listQueue({ ...ctx, db: capture }, queueQuerySchema.parse({ view: 'open' }));
const explain = async (label, q) => {
  const plan = await client.unsafe(`explain (analyze, buffers, costs off) ${q.query}`, q.params);
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) — ${label}:\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
};
await explain('"All open" first page', pageQuery);
await explain('live counts', lastQuery);
await client.end();
await database.release?.();
await database.stop?.();
process.exit(0);
