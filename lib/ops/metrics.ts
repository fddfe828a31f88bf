import 'server-only';
import { sql } from 'drizzle-orm';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '@/db';

/** What the database says about the system's backlogs, read in one round trip per scrape. */
export type OperationalSnapshot = {
  outbox: { status: string; count: number; oldestAgeSeconds: number }[];
  inbox: { backlog: number; failing: number; oldestAgeSeconds: number };
  jobs: { queue: string; state: string; count: number }[];
  openIncidents: { kind: string; count: number }[];
  cases: { open: number; slaBreached: number };
  connections: { state: string; count: number }[];
};

export async function readOperationalSnapshot(db: Db): Promise<OperationalSnapshot> {
  const [row] = await db.execute<{ snapshot: OperationalSnapshot }>(sql`
    select json_build_object(
      'outbox', coalesce((select json_agg(json_build_object('status', status, 'count', n, 'oldestAgeSeconds', age)) from (
          select status::text, count(*)::int as n, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as age
          from outbox where status in ('pending', 'sending', 'failed') group by status) o), '[]'::json),
      'inbox', (select json_build_object(
          'backlog', count(*)::int,
          'failing', (count(*) filter (where error is not null))::int,
          'oldestAgeSeconds', coalesce(extract(epoch from now() - min(received_at)), 0)::float8)
        from webhook_inbox where processed_at is null),
      'openIncidents', coalesce((select json_agg(json_build_object('kind', kind, 'count', n)) from (
          select kind::text, count(*)::int as n from delay_incidents where resolved_at is null group by kind) d), '[]'::json),
      'cases', (select json_build_object(
          'open', count(*)::int,
          'slaBreached', (count(*) filter (where resolution_due_at < now()))::int)
        from cases where status in ('open', 'waiting_customer', 'waiting_carrier')),
      'connections', coalesce((select json_agg(json_build_object('state', state, 'count', n)) from (
          select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
          where datname = current_database() and backend_type = 'client backend' group by 1) c), '[]'::json)
    ) as snapshot`);
  if (!row) throw new Error("the metrics snapshot query returned no row");
  const snapshot = row.snapshot;
  snapshot.jobs = await readJobCounts(db);
  return snapshot;
}

/** pg-boss keeps its jobs in schema `pgboss`; absent until the first worker has started. */
async function readJobCounts(db: Db): Promise<OperationalSnapshot['jobs']> {
  const [exists] = await db.execute<{ present: boolean }>(sql`select to_regclass('pgboss.job') is not null as present`);
  if (!exists?.present) return [];
  const rows = await db.execute<{ queue: string; state: string; count: number }>(sql`
    select name as queue, state::text as state, count(*)::int as count from pgboss.job
    where state in ('created', 'retry', 'active', 'failed') group by name, state order by name, state`);
  return [...rows];
}

const globalForMetrics = globalThis as unknown as {
  paluuProcessRegistry?: Registry;
  /** Set by scripts/server.mjs (scripts/lib/http-metrics.mjs): the web server's request and process metrics, summed over a cluster. */
  paluuProcessMetrics?: () => Promise<string>;
};

/** Process metrics (CPU, memory, event-loop lag, GC) when no web server provides them (tests, scripts). */
function processRegistry(): Registry {
  if (!globalForMetrics.paluuProcessRegistry) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'paluu_web_' });
    globalForMetrics.paluuProcessRegistry = registry;
  }
  return globalForMetrics.paluuProcessRegistry;
}

/** The Prometheus text exposition: database gauges read now, plus this process's own metrics. */
export async function renderMetrics(db: Db): Promise<{ contentType: string; body: string }> {
  const started = performance.now();
  const snapshot = await readOperationalSnapshot(db);
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });

  const outboxBacklog = gauge('paluu_outbox_messages', 'Emails not yet sent, by status (pending, sending, failed).', ['status']);
  const outboxAge = gauge('paluu_outbox_oldest_age_seconds', 'Age of the oldest email in each unsent status.', ['status']);
  for (const status of ['pending', 'sending', 'failed']) {
    const entry = snapshot.outbox.find((o) => o.status === status);
    outboxBacklog.set({ status }, entry?.count ?? 0);
    outboxAge.set({ status }, entry?.oldestAgeSeconds ?? 0);
  }
  gauge('paluu_inbox_backlog', 'Carrier webhook/poll deliveries received but not yet processed.').set(snapshot.inbox.backlog);
  gauge('paluu_inbox_failing', 'Unprocessed carrier deliveries whose last processing attempt failed.').set(snapshot.inbox.failing);
  gauge('paluu_inbox_oldest_age_seconds', 'Age of the oldest unprocessed carrier delivery.').set(snapshot.inbox.oldestAgeSeconds);
  const jobs = gauge('paluu_jobs', 'Background jobs by queue and state (created and retry are waiting).', ['queue', 'state']);
  for (const job of snapshot.jobs) jobs.set({ queue: job.queue, state: job.state }, job.count);
  const incidents = gauge('paluu_delay_incidents_open', 'Open delay incidents by kind.', ['kind']);
  for (const incident of snapshot.openIncidents) incidents.set({ kind: incident.kind }, incident.count);
  gauge('paluu_cases_open', 'Cases not yet resolved or closed.').set(snapshot.cases.open);
  gauge('paluu_cases_sla_breached', 'Unresolved cases past their resolution due time.').set(snapshot.cases.slaBreached);
  const connections = gauge('paluu_db_connections', 'Client connections to this database by state (all instances).', ['state']);
  for (const c of snapshot.connections) connections.set({ state: c.state }, c.count);
  gauge('paluu_metrics_scrape_duration_seconds', 'Time taken to read the database gauges for this scrape.').set((performance.now() - started) / 1000);

  const serverMetrics = globalForMetrics.paluuProcessMetrics;
  if (serverMetrics) return { contentType: registry.contentType, body: `${await registry.metrics()}\n${await serverMetrics()}` };
  const merged = Registry.merge([registry, processRegistry()]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
