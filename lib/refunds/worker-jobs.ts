/** The refunds' scheduled job, registered by scripts/worker.mjs: the nightly reconciliation with the providers. */
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { reconcileRefunds } from './reconcile-refunds';

export const REFUND_RECONCILE_QUEUE = 'refunds-reconcile';

export async function registerRefundJobs(boss: JobBoss, db: Db, log: (message: string) => void): Promise<void> {
  // A run that fails (a provider down at 03:37) is retried twice, a minute apart; reconciling is idempotent.
  await registerPeriodicJob(boss, {
    queue: REFUND_RECONCILE_QUEUE,
    cron: '37 3 * * *',
    run: async () => {
      const r = await reconcileRefunds(db);
      if (r.checked > 0) log(`refunds: reconciled ${r.checked} with their providers, ${r.settled} settled, ${r.differences.length} differences for staff`);
    },
  });
}
