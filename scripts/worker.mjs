// npm run worker — background jobs on pg-boss. Any number of workers can run against one database.
import { register } from 'node:module';
import PgBoss from 'pg-boss';
import postgres from 'postgres';
import { createDb } from '../db/index.ts';
import { runMigrations } from '../db/migrate.ts';
import { dispatchOutbox } from '../lib/outbox/dispatch-outbox.ts';
import { OUTBOX_CHANNEL } from '../lib/outbox/enqueue-email.ts';
import { EVENTS_CHANNEL } from '../lib/core/events/index.ts';
import { createSubscriberPump } from '../lib/core/events/pump.ts';
import { dispatchWebhooks, WEBHOOKS_CHANNEL } from '../lib/webhooks/dispatch-webhooks.ts';
import { createSmtpMailer } from '../lib/outbox/smtp-mailer.ts';
import { createOrUpdateQueue, registerPeriodicJob } from '../lib/core/periodic-job.ts';
import { registerCarrierJobs } from '../lib/carrier-inbox/worker-jobs.ts';
import { registerDelayJobs } from '../lib/delays/worker-jobs.ts';
import { registerReportJobs } from '../lib/reports/worker-jobs.ts';
import { purgeExpiredLimits } from '../lib/rate-limit/purge-expired-limits.ts';
import { purgeLoginThrottle } from '../lib/auth/login-throttle.ts';
import { purgeExpiredIdempotencyKeys } from '../lib/api/idempotency.ts';
import { purgeOrphanPhotos } from '../lib/photos/purge-orphan-photos.ts';
import { purgeExpiredStaffSessions } from '../lib/auth/staff-sessions.ts';
import { reassignUnanswered } from '../lib/cases/reassign-unanswered.ts';
import { registerPrivacyJobs } from '../lib/privacy/worker-jobs.ts';
import { registerInboundJobs } from '../lib/inbound/worker-jobs.ts';
import { resolveDatabase } from './lib/embedded-db.mjs';
import { exitWhenOrphaned } from './lib/orphan.mjs';
import { logger, scrubText } from './lib/log.mjs';
import { createWakeLoop } from '../lib/core/wake-loop.ts';
import { executeDueRefunds } from '../lib/refunds/execute-refunds.ts';
import { REFUND_RAILS } from '../lib/refund-rails.ts';
import { registerRefundJobs } from '../lib/refunds/worker-jobs.ts';
import { startTracing, traceJob } from './lib/tracing.mjs';
import { reportSlow } from '../lib/core/report-slow.ts';

// OpenTelemetry (scripts/lib/tracing.mjs): on only with OTEL_EXPORTER_OTLP_ENDPOINT; every job is a span.
const stopTracing = await startTracing('paluu-worker');

// The subscribers build webhook bodies with the API's DTO queries, which carry `import 'server-only'` (a marker
// for the Next.js bundle): let plain Node load them, then import the subscribers (scripts/lib/server-only-hook.mjs).
register('./lib/server-only-hook.mjs', import.meta.url);
const { SUBSCRIBERS } = await import('../lib/event-subscribers.ts');


// JSON lines (scripts/lib/log.mjs); `log(text)` for the worker's own notes, `jobLog` for structured lines.
const jobLog = logger('worker');
const log = (message) => jobLog.info(message);
let stopping = false;
const database = await resolveDatabase({ log });
await runMigrations(database.url);

// Four connections for every job and loop of this process. A transaction left idle for a minute is ended by
// PostgreSQL, which frees what it locked (no worker transaction waits on anything but its own statements).
const db = createDb(database.url, { max: 4, idleInTransactionTimeoutMs: 60_000 });
const mailer = createSmtpMailer();
const boss = new PgBoss({ connectionString: database.url, schema: 'pgboss', max: 4 });
// 57P01: PostgreSQL is shutting down with us (Ctrl-C reaches the whole process group).
boss.on('error', (error) => {
  if (!stopping && error.code !== '57P01') jobLog.error({ err: error }, 'pg-boss');
});
await boss.start();
// Every job handler and loop pass runs inside a `job <name>` span, and one still running after 30 s is logged
// (again when it ends): a hang names itself instead of silently holding its queue.
const runJob = (name, run) =>
  reportSlow(() => traceJob(name, run), 30_000, ({ elapsedMs, done }) =>
    jobLog.warn({ job: name, elapsedMs }, done ? `job ${name} ended after ${Math.round(elapsedMs / 1000)} s` : `job ${name} still running after ${Math.round(elapsedMs / 1000)} s`),
  );
const bossWork = boss.work.bind(boss);
boss.work = (name, ...rest) => {
  const handler = rest.pop();
  return bossWork(name, ...rest, (jobs) => runJob(name, () => handler(jobs)));
};
// Workers starting at the same moment create the same pg-boss queues in different orders, and PostgreSQL
// killed one with a deadlock (seen by scripts/ops/multi-instance-check.mjs). One worker sets up at a time:
// a session advisory lock on its own connection, released when setup is done (or when the process dies).
const setupLock = postgres(database.url, { max: 1, onnotice: () => {} });
await setupLock`select pg_advisory_lock(727275)`;

// The minute job is the backstop (retries and anything missed). `stately` keeps one queued and one running;
// a short expiry frees the slot soon after a worker holding it was SIGKILLed (pg-boss's default is 15 min).
await createOrUpdateQueue(boss, 'outbox-dispatch', { policy: 'stately', retryLimit: 3, retryDelay: 5, expireInSeconds: 120 });
await boss.schedule('outbox-dispatch', '* * * * *');
async function drainOutbox() {
  let total;
  do {
    // One line per message: its id, kind and the web request that queued it (never the address).
    total = await dispatchOutbox(db, mailer, 50, (outcome) =>
      jobLog[outcome.status === 'failed' || outcome.status === 'retry' ? 'warn' : 'info']({ job: 'outbox', outboxId: outcome.id, kind: outcome.kind, requestId: outcome.requestId ?? undefined, status: outcome.status, attempts: outcome.attempts, error: scrubText(outcome.error) }, 'email'),
    );
    const moved = total.sent + total.captured + total.retried + total.failed;
    if (moved === 0) break;
  } while (true);
}
await boss.work('outbox-dispatch', { pollingIntervalSeconds: 0.5 }, drainOutbox);

// Hourly housekeeping: expired rate-limit counters.
await registerPeriodicJob(boss, {
  queue: 'rate-limits-purge',
  cron: '17 * * * *',
  run: async () => {
    const removed = await purgeExpiredLimits(db);
    if (removed > 0) log(`rate limits: ${removed} expired counters removed`);
    const idle = await purgeLoginThrottle(db);
    if (idle > 0) log(`staff sign-in throttle: ${idle} idle counters removed`);
  },
});

// Hourly housekeeping (merchant API): Idempotency-Key responses older than 24 h.
await registerPeriodicJob(boss, {
  queue: 'idempotency-purge',
  cron: '23 * * * *',
  run: async () => {
    const removed = await purgeExpiredIdempotencyKeys(db);
    if (removed > 0) log(`idempotency keys: ${removed} expired responses removed`);
  },
});

// Hourly housekeeping (returns): photos uploaded in an abandoned return wizard.
await registerPeriodicJob(boss, {
  queue: 'orphan-photos-purge',
  cron: '29 * * * *',
  run: async () => {
    const removed = await purgeOrphanPhotos(db);
    if (removed > 0) log(`photos: ${removed} unattached uploads removed`);
  },
});

// Staff desk: reassign cases without a first response (settings.sla.reassignAfterMinutes; off at 0),
// and purge staff sessions past their idle or absolute timeout.
await registerPeriodicJob(boss, {
  queue: 'cases-reassign',
  cron: '*/5 * * * *',
  run: async () => {
    const moved = await reassignUnanswered(db);
    if (moved > 0) log(`cases: ${moved} reassigned (no first response)`);
  },
});
await registerPeriodicJob(boss, {
  queue: 'staff-sessions-purge',
  cron: '41 * * * *',
  run: async () => {
    const removed = await purgeExpiredStaffSessions(db);
    if (removed > 0) log(`staff sessions: ${removed} expired removed`);
  },
});

// New outbox rows NOTIFY at commit; wake the dispatcher at once instead of waiting for cron.
const listener = postgres(database.url, { max: 1, onnotice: () => {} });
// Every worker drains on a notification itself, one drain at a time per process (a burst while one runs asks for
// one more pass). It does not go through the stately job: a killed worker's active job would hold that slot, and
// the multi-instance check (scripts/ops/multi-instance-check.mjs) saw mail wait for it. Rows are claimed with
// FOR UPDATE SKIP LOCKED, so workers draining at once never send one message twice.
const outboxLoop = createWakeLoop(() => runJob('outbox', drainOutbox), { onError: (error) => jobLog.error({ err: error, job: 'outbox' }, 'outbox drain failed') });
await listener.listen(OUTBOX_CHANNEL, outboxLoop.wake);
// At start: what is due now (also after a crash of this or another worker).
outboxLoop.wake();

// Domain events (lib/core/events): every subscriber reads the log from its own cursor; woken at commit by
// NOTIFY, with a 2 s backstop for events that become readable only after an older transaction ends.
const subscribers = createSubscriberPump(db, SUBSCRIBERS, { log: (message) => log(`events: ${message}`), trace: runJob });
await listener.listen(EVENTS_CHANNEL, subscribers.wake);
subscribers.wake();

// Merchant webhooks (lib/webhooks): new delivery rows NOTIFY at commit; a 5 s backstop picks up retries that
// become due and leases left by a killed worker. Deliveries are claimed with FOR UPDATE SKIP LOCKED, so any
// number of workers send each (endpoint, event) once; one pass at a time per process.
const webhookLoop = createWakeLoop(
  () => runJob('webhooks', async () => {
    const done = await dispatchWebhooks(db);
    const moved = done.delivered + done.retried + done.failed;
    if (moved > 0) log(`webhooks: ${done.delivered} delivered, ${done.retried} to retry, ${done.failed} failed`);
  }),
  { intervalMs: 5000, onError: (error) => jobLog.error({ err: error, job: 'webhooks' }, 'webhook dispatch failed') },
);
await listener.listen(WEBHOOKS_CHANNEL, webhookLoop.wake);
webhookLoop.wake();

// Refunds (lib/refunds): a refund.requested commit NOTIFYs the events channel and wakes the executor; a 5 s
// backstop picks up retries that fall due (exponential backoff) and leases left by a killed worker. Refunds are
// claimed with FOR UPDATE SKIP LOCKED and every attempt row is committed before the rail is called.
const refundLoop = createWakeLoop(
  () => runJob('refunds', async () => {
    const done = await executeDueRefunds(db, { rails: REFUND_RAILS });
    const moved = done.succeeded + done.processing + done.retrying + done.failed;
    if (moved > 0) log(`refunds: ${done.succeeded} succeeded, ${done.processing} processing, ${done.retrying} to retry, ${done.failed} failed`);
  }),
  { intervalMs: 5000, onError: (error) => jobLog.error({ err: error, job: 'refunds' }, 'refund execution failed') },
);
await listener.listen(EVENTS_CHANNEL, refundLoop.wake);
refundLoop.wake();
// Exchanges on the shop's platform (lib/platforms/exchange-orders.ts): exchange.created writes a pending row
// (subscriber), this loop creates the replacement order; woken with the events, a 5 s backstop for retries due.
const { createDueExchangeOrders } = await import('../lib/platforms/exchange-orders.ts');
const exchangeOrderLoop = createWakeLoop(
  () => runJob('exchange-orders', async () => {
    const done = await createDueExchangeOrders(db);
    if (done.created + done.retrying + done.failed > 0) log(`exchange orders: ${done.created} created, ${done.retrying} to retry, ${done.failed} failed`);
  }),
  { intervalMs: 5000, onError: (error) => jobLog.error({ err: error, job: 'exchange-orders' }, 'exchange order creation failed') },
);
await listener.listen(EVENTS_CHANNEL, exchangeOrderLoop.wake);
exchangeOrderLoop.wake();
// Our codes on the shop's platform (lib/platforms/platform-codes.ts): compensation.issued writes a pending row
// (subscriber), this loop creates the gift card / discount / coupon, then the customer's email; woken with the events.
const { createDuePlatformCodes } = await import('../lib/platforms/platform-codes.ts');
const platformCodeLoop = createWakeLoop(
  () => runJob('platform-codes', async () => {
    const done = await createDuePlatformCodes(db);
    if (done.created + done.retrying + done.failed > 0) log(`platform codes: ${done.created} created, ${done.retrying} to retry, ${done.failed} failed`);
  }),
  { intervalMs: 5000, onError: (error) => jobLog.error({ err: error, job: 'platform-codes' }, 'platform code creation failed') },
);
await listener.listen(EVENTS_CHANNEL, platformCodeLoop.wake);
platformCodeLoop.wake();
// Nightly: the ledger against the providers (lib/refunds/reconcile-refunds.ts).
await registerRefundJobs(boss, db, log);

// Carriers: webhook/poll inbox processing (NOTIFY + cron backstop) and the pollers (lib/carrier-inbox/worker-jobs.ts).
// Carrier pushes get two connections of their own. With every connection of a pool busy, postgres.js sends the
// next query down a busy one, behind whatever runs there: a push must not wait behind another job's lock wait.
const inboxDb = createDb(database.url, { max: 2, idleInTransactionTimeoutMs: 60_000 });
await registerCarrierJobs(boss, db, listener, log, { inboxDb });

// Delays (issue 6): sweep → auto notices → escalation every 5 minutes (lib/delays/worker-jobs.ts).
await registerDelayJobs(boss, db, log);
// Reports: the report rollups, today every minute and the last 120 days every 10 (lib/reports/worker-jobs.ts).
await registerReportJobs(boss, db, log);
// Data protection: the daily retention purge (lib/privacy/worker-jobs.ts; settings key `retention`).
await registerPrivacyJobs(boss, db, log);
// Inbound email (docs/inbound-email.md): SMTP listener (INBOUND_SMTP_PORT) and IMAP polling (INBOUND_IMAP_URL).
const inbound = await registerInboundJobs(boss, db, log);
// Automation rules (issue #17): "close after N days waiting on the customer" every 15 minutes (lib/automation/worker-jobs.ts).
const { registerAutomationJobs } = await import('../lib/automation/worker-jobs.ts');
await registerAutomationJobs(boss, db, log);
// Product images (issue #18): fetch each new imageUrl once, resize, store (lib/product-images/worker-jobs.ts).
const { registerProductImageJobs } = await import('../lib/product-images/worker-jobs.ts');
await registerProductImageJobs(boss, db, listener, log);
// Returns (issue #18): ship-now exchanges whose old item is overdue flag their case every 15 minutes (lib/returns/worker-jobs.ts).
const { registerReturnJobs } = await import('../lib/returns/worker-jobs.ts');
await registerReturnJobs(boss, db, log);
// Scheduled report emails (issue #17): every 15 minutes, the CSVs of the schedules due at 07:00 shop time (lib/reports/schedule-worker-jobs.ts).
const { registerReportScheduleJobs } = await import('../lib/reports/schedule-worker-jobs.ts');
await registerReportScheduleJobs(boss, db, log);
await setupLock`select pg_advisory_unlock(727275)`;
await setupLock.end({ timeout: 2 });
log(`ready (mail ${mailer ? 'via SMTP' : 'captured in the outbox: SMTP_URL is not set'})`);


async function stop(reason) {
  if (stopping) return;
  stopping = true;
  log(`stopping (${reason})`);
  await listener.end({ timeout: 2 }).catch(() => {});
  await Promise.race([subscribers.stop(), new Promise((resolve) => setTimeout(resolve, 8000))]);
  await inbound.smtp?.close().catch(() => {});
  // A webhook pass in flight finishes its sends (each at most 15 s); what it does not finish is retried after its lease.
  await Promise.race([webhookLoop.stop(), new Promise((resolve) => setTimeout(resolve, 8000))]);
  await Promise.race([refundLoop.stop(), new Promise((resolve) => setTimeout(resolve, 8000))]);
  // A platform call in flight finishes (at most 15 s); one cut off is retried after its lease and finds the order it made.
  await Promise.race([exchangeOrderLoop.stop(), new Promise((resolve) => setTimeout(resolve, 8000))]);
  await Promise.race([platformCodeLoop.stop(), new Promise((resolve) => setTimeout(resolve, 8000))]);
  // A drain in progress finishes the message it holds (at most one batch) before the pool closes.
  await Promise.race([outboxLoop.stop(), new Promise((resolve) => setTimeout(resolve, 8000))]);
  await boss.stop({ graceful: true, timeout: 8000, wait: true }).catch(() => {});
  await db.$end().catch(() => {});
  await inboxDb.$end().catch(() => {});
  await database.release();
  await stopTracing();
  process.exit(0);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
exitWhenOrphaned(stop);
