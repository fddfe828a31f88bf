/**
 * The delays' worker job, registered by scripts/worker.mjs in one call: a cycle (sweep → auto notices →
 * notice status → escalation) every 5 minutes; `singleton` so two workers never run it at the same time.
 */
import type { Db } from '@/db';
import { formatCounts, runDelayCycle } from './run-delay-cycle';

type Boss = {
  createQueue(name: string, options: Record<string, unknown>): Promise<unknown>;
  schedule(name: string, cron: string): Promise<unknown>;
  work(name: string, handler: () => Promise<void>): Promise<unknown>;
};

export const DELAYS_QUEUE = 'delays-sweep';

export async function registerDelayJobs(boss: Boss, db: Db, log: (message: string) => void): Promise<void> {
  await boss.createQueue(DELAYS_QUEUE, { name: DELAYS_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 30 });
  await boss.schedule(DELAYS_QUEUE, '*/5 * * * *');
  await boss.work(DELAYS_QUEUE, async () => {
    const r = await runDelayCycle(db);
    const moved = r.notices.queued + r.synced + r.escalation.escalated + r.escalation.investigations;
    const opened = formatCounts(r.sweep.opened);
    const closed = formatCounts(r.sweep.closed);
    if (opened !== 'none' || closed !== 'none' || moved > 0)
      log(
        `delays: opened ${opened}; closed ${closed}; ${r.notices.queued} notices queued; ${r.escalation.escalated} escalated (${r.escalation.casesOpened} new cases, ${r.escalation.investigations} carrier investigations)`,
      );
  });
}
