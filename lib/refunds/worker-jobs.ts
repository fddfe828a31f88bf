/** The refunds' scheduled job, registered by scripts/worker.mjs: the nightly reconciliation with the providers. */
import type { Db } from '@/db';
import { reconcileRefunds } from './reconcile-refunds';

type Boss = {
  createQueue(name: string, options: Record<string, unknown>): Promise<unknown>;
  schedule(name: string, cron: string): Promise<unknown>;
  work(name: string, handler: () => Promise<void>): Promise<unknown>;
};

export const REFUND_RECONCILE_QUEUE = 'refunds-reconcile';

export async function registerRefundJobs(boss: Boss, db: Db, log: (message: string) => void): Promise<void> {
  await boss.createQueue(REFUND_RECONCILE_QUEUE, { name: REFUND_RECONCILE_QUEUE, policy: 'singleton' });
  await boss.schedule(REFUND_RECONCILE_QUEUE, '37 3 * * *');
  await boss.work(REFUND_RECONCILE_QUEUE, async () => {
    const r = await reconcileRefunds(db);
    if (r.checked > 0) log(`refunds: reconciled ${r.checked} with their providers, ${r.settled} settled, ${r.differences.length} differences for staff`);
  });
}
