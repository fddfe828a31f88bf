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
  /** Merchant webhook deliveries (webhook_deliveries): the backlog, its age, retries and failures. */
  webhooks: { pending: number; retrying: number; failed: number; oldestPendingAgeSeconds: number; failingEndpoints: number };
  /** Refunds by ledger status, and failed rail attempts (failed, timeout, abandoned) of the last 24 hours. */
  refunds: { byStatus: { status: string; count: number }[]; failedAttempts24h: { outcome: string; count: number }[] };
  /** The latest finished delay cycle (pg-boss job `delays-sweep`), null before the first one. */
  delaySweep: { durationSeconds: number; ageSeconds: number } | null;
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
          where datname = current_database() and backend_type = 'client backend' group by 1) c), '[]'::json),
      'webhooks', (select json_build_object(
          'pending', (count(*) filter (where status = 'pending'))::int,
          'retrying', (count(*) filter (where status = 'pending' and attempts > 0))::int,
          'failed', (count(*) filter (where status = 'failed'))::int,
          'oldestPendingAgeSeconds', coalesce(extract(epoch from now() - min(created_at) filter (where status = 'pending')), 0)::float8,
          'failingEndpoints', (select count(*)::int from webhook_endpoints where failing_since is not null))
        from webhook_deliveries where status in ('pending', 'failed')),
      'refunds', json_build_object(
          'byStatus', coalesce((select json_agg(json_build_object('status', status, 'count', n)) from (
              select status::text, count(*)::int as n from refunds group by status) r), '[]'::json),
          'failedAttempts24h', coalesce((select json_agg(json_build_object('outcome', outcome, 'count', n)) from (
              select outcome, count(*)::int as n from refund_attempts
              where outcome in ('failed', 'timeout', 'abandoned') and started_at > now() - interval '24 hours' group by outcome) a), '[]'::json))
    ) as snapshot`);
  if (!row) throw new Error("the metrics snapshot query returned no row");
  const snapshot = row.snapshot;
  // pg-boss keeps its jobs in schema `pgboss`; absent until the first worker has started.
  const [pgBoss] = await db.execute<{ present: boolean }>(sql`select to_regclass('pgboss.job') is not null as present`);
  snapshot.jobs = pgBoss?.present ? await readJobCounts(db) : [];
  snapshot.delaySweep = pgBoss?.present ? await readDelaySweep(db) : null;
  return snapshot;
}

/** lib/delays/worker-jobs.ts's DELAYS_QUEUE (ops is layer 0 and imports no domain; the metrics test pins it). */
const DELAYS_QUEUE = 'delays-sweep';

/** How long the latest finished delay cycle ran, from pg-boss's own record of the job (kept for days). */
async function readDelaySweep(db: Db): Promise<OperationalSnapshot['delaySweep']> {
  const [latest] = await db.execute<{ duration: number; age: number }>(sql`
    select extract(epoch from completed_on - started_on)::float8 as duration, extract(epoch from now() - completed_on)::float8 as age
    from pgboss.job where name = ${DELAYS_QUEUE} and state = 'completed' and started_on is not null
    order by completed_on desc limit 1`);
  return latest ? { durationSeconds: latest.duration, ageSeconds: latest.age } : null;
}

/** Queued, retrying, running and failed pg-boss jobs per queue. */
async function readJobCounts(db: Db): Promise<OperationalSnapshot['jobs']> {
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
  const webhooks = gauge('paluu_webhook_deliveries', 'Merchant webhook deliveries not delivered, by status (pending includes retrying; failed gave up).', ['status']);
  webhooks.set({ status: 'pending' }, snapshot.webhooks.pending);
  webhooks.set({ status: 'failed' }, snapshot.webhooks.failed);
  gauge('paluu_webhook_deliveries_retrying', 'Pending merchant webhook deliveries that failed at least once.').set(snapshot.webhooks.retrying);
  gauge('paluu_webhook_deliveries_oldest_age_seconds', 'Age of the oldest pending merchant webhook delivery.').set(snapshot.webhooks.oldestPendingAgeSeconds);
  gauge('paluu_webhook_endpoints_failing', 'Merchant webhook endpoints whose every attempt has failed since some time.').set(snapshot.webhooks.failingEndpoints);
  const refunds = gauge('paluu_refunds', 'Refunds by ledger status (requested, processing, succeeded, failed).', ['status']);
  for (const status of ['requested', 'processing', 'succeeded', 'failed']) refunds.set({ status }, snapshot.refunds.byStatus.find((r) => r.status === status)?.count ?? 0);
  const refundFailures = gauge('paluu_refund_attempts_failed_24h', 'Refund attempts on a rail that failed, timed out or were abandoned in the last 24 hours.', ['outcome']);
  for (const outcome of ['failed', 'timeout', 'abandoned']) refundFailures.set({ outcome }, snapshot.refunds.failedAttempts24h.find((r) => r.outcome === outcome)?.count ?? 0);
  if (snapshot.delaySweep) {
    gauge('paluu_delay_sweep_duration_seconds', 'Run time of the latest finished delay cycle (sweep, notices, escalation).').set(snapshot.delaySweep.durationSeconds);
    gauge('paluu_delay_sweep_last_run_age_seconds', 'Time since the latest delay cycle finished.').set(snapshot.delaySweep.ageSeconds);
  }
  gauge('paluu_metrics_scrape_duration_seconds', 'Time taken to read the database gauges for this scrape.').set((performance.now() - started) / 1000);

  const serverMetrics = globalForMetrics.paluuProcessMetrics;
  if (serverMetrics) return { contentType: registry.contentType, body: `${await registry.metrics()}\n${await serverMetrics()}` };
  const merged = Registry.merge([registry, processRegistry()]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
