/**
 * Automation's worker job, registered by scripts/worker.mjs: the "close after N days waiting on the customer"
 * sweep every 15 minutes.
 */
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { closeWaitingCases } from './close-waiting-cases';

export const AUTOMATION_CLOSE_QUEUE = 'automation-close-waiting';

export async function registerAutomationJobs(boss: JobBoss, db: Db, log: (message: string) => void): Promise<void> {
  await registerPeriodicJob(boss, {
    queue: AUTOMATION_CLOSE_QUEUE,
    cron: '*/15 * * * *',
    run: async () => {
      const { closed } = await closeWaitingCases(db);
      if (closed > 0) log(`automation: resolved ${closed} cases after waiting on the customer`);
    },
  });
}
