/**
 * Returns' worker job, registered by scripts/worker.mjs: the ship-now overdue sweep every 15 minutes
 * (lib/returns/flag-overdue-ship-now.ts).
 */
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { flagOverdueShipNow } from './flag-overdue-ship-now';

export const SHIP_NOW_OVERDUE_QUEUE = 'returns-ship-now-overdue';

export async function registerReturnJobs(boss: JobBoss, db: Db, log: (message: string) => void): Promise<void> {
  await registerPeriodicJob(boss, {
    queue: SHIP_NOW_OVERDUE_QUEUE,
    cron: '*/15 * * * *',
    run: async () => {
      const { flagged } = await flagOverdueShipNow(db);
      if (flagged > 0) log(`returns: ${flagged} ship-now returns overdue, cases flagged`);
    },
  });
}
