/**
 * The carriers' worker jobs, registered by scripts/worker.mjs in one call: inbox processing (woken by
 * NOTIFY, cron backstop) and one poll job per carrier without push.
 */
import type PgBoss from 'pg-boss';
import type { Db } from '@/db';
import { createOrUpdateQueue, type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { CARRIER_INBOX_CHANNEL, purgeInboxBodies } from '@/lib/carriers/inbox';
import { POLLED_CARRIERS, pollCarrier, RECONCILED_CARRIERS } from '@/lib/carriers/pollers/poll-carrier';
import { PUSH_SUBSCRIPTION_CARRIERS, runPushSubscriptions } from '@/lib/carriers/push-subscriptions';
import { refreshPredictedDates } from '@/lib/tracking/predict-delivery';
import { drainInbox } from './process-inbox';

type Boss = JobBoss & Pick<PgBoss, 'send'>;
type Listener = { listen(channel: string, onNotify: () => void): Promise<unknown> };

export const CARRIER_INBOX_QUEUE = 'carrier-inbox';

/** `inboxDb`: the pool the inbox job uses (the worker gives it its own connections); `db` by default. */
export async function registerCarrierJobs(boss: Boss, db: Db, listener: Listener, log: (message: string) => void, options: { inboxDb?: Db } = {}): Promise<void> {
  const inboxDb = options.inboxDb ?? db;
  // `stately`: one run active, one waiting. A run that never returned would hold the one active slot, and this
  // worker's loop with it, for pg-boss's default 15 minutes while every push waited (seen once in CI). A run
  // drains for at most a minute and queues the next for the rest; after two minutes pg-boss fails it and moves on.
  await createOrUpdateQueue(boss, CARRIER_INBOX_QUEUE, { policy: 'stately', retryLimit: 3, retryDelay: 5, expireInSeconds: 120 });
  await boss.schedule(CARRIER_INBOX_QUEUE, '* * * * *'); // backstop: backoff retries and anything missed
  await boss.work(CARRIER_INBOX_QUEUE, { pollingIntervalSeconds: 0.5 }, async () => {
    const { more } = await drainInbox(inboxDb, {
      budgetMs: 60_000,
      onBatch: (r) =>
        log(`carrier inbox: ${r.processed} processed (${r.accepted} new events, ${r.duplicates} duplicates, ${r.unmatched} unmatched), ${r.failed} to retry, ${r.parked} parked`),
    });
    if (more) await boss.send(CARRIER_INBOX_QUEUE, {});
  });
  await listener.listen(CARRIER_INBOX_CHANNEL, () => {
    boss.send(CARRIER_INBOX_QUEUE, {}).catch(() => {});
  });

  for (const carrier of [...POLLED_CARRIERS, ...RECONCILED_CARRIERS]) {
    await registerPeriodicJob(boss, {
      queue: `carrier-poll-${carrier}`,
      // Push carriers only need the reconciliation sweep now and then.
      cron: RECONCILED_CARRIERS.includes(carrier) ? '7 * * * *' : '*/5 * * * *',
      run: async () => {
        const r = await pollCarrier(db, carrier);
        if (r.requests > 0 || (r.errors.length > 0 && r.errors[0] !== 'not configured'))
          log(`poll ${carrier}: ${r.requests} requests, ${r.stored} new answers, ${r.notFound} unknown, ${r.errors.length} errors${r.stoppedByRateLimit ? ' (rate limited)' : ''}`);
      },
    });
  }
  // Push subscriptions (Bring Event Cast, DHL Unified Push): create, activate, renew before expiry, delete when done.
  await registerPeriodicJob(boss, {
    queue: 'carrier-push-subscriptions',
    cron: '*/2 * * * *',
    run: async () => {
      for (const carrier of PUSH_SUBSCRIPTION_CARRIERS) {
        const r = await runPushSubscriptions(db, carrier);
        if (r.created + r.renewed + r.activated + r.deleted + r.errors.length > 0)
          log(`push ${carrier}: ${r.created} subscribed, ${r.renewed} renewed, ${r.activated} activated, ${r.deleted} removed, ${r.errors.length} errors${r.errors[0] ? ` (${r.errors[0]})` : ''}`);
      }
    },
  });

  // Predicted delivery dates for parcels on the way (the learned table is rebuilt on each run).
  await registerPeriodicJob(boss, {
    queue: 'delivery-predictions',
    cron: '23 * * * *',
    run: async () => {
      const updated = await refreshPredictedDates(db);
      if (updated > 0) log(`predicted delivery dates: ${updated} parcels`);
    },
  });

  await registerPeriodicJob(boss, {
    queue: 'carrier-inbox-purge',
    cron: '41 3 * * *',
    run: async () => {
      const purged = await purgeInboxBodies(db);
      if (purged > 0) log(`carrier inbox: ${purged} raw bodies older than 30 days emptied`);
    },
  });

  await boss.send(CARRIER_INBOX_QUEUE, {});
}
