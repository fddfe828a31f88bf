/**
 * The delays' worker job, registered by scripts/worker.mjs in one call: a cycle (sweep → auto notices →
 * notice status → escalation) every 5 minutes; `singleton` so two workers never run it at the same time.
 */
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { formatCounts, runDelayCycle } from './run-delay-cycle';

export const DELAYS_QUEUE = 'delays-sweep';

export async function registerDelayJobs(boss: JobBoss, db: Db, log: (message: string) => void): Promise<void> {
  await registerPeriodicJob(boss, {
    queue: DELAYS_QUEUE,
    cron: '*/5 * * * *',
    retryDelaySeconds: 30,
    run: async () => {
      const r = await runDelayCycle(db);
      const moved = r.notices.queued + r.synced + r.escalation.escalated + r.escalation.investigations;
      const opened = formatCounts(r.sweep.opened);
      const closed = formatCounts(r.sweep.closed);
      if (opened !== 'none' || closed !== 'none' || moved > 0)
        log(
          `delays: opened ${opened}; closed ${closed}; ${r.notices.queued} notices queued; ${r.escalation.escalated} escalated (${r.escalation.casesOpened} new cases, ${r.escalation.investigations} carrier investigations)`,
        );
    },
  });
}
