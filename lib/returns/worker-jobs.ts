/**
 * Returns' worker jobs, registered by scripts/worker.mjs: the ship-now overdue sweep every 15 minutes
 * (lib/returns/flag-overdue-ship-now.ts), and every minute the carrier labels still to be fetched whose next try
 * is due (lib/labels/fetch-carrier-label.ts; its backoff spaces the tries of one label).
 */
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { fetchDueCarrierLabels } from '@/lib/labels/fetch-carrier-label';
import { flagOverdueShipNow } from './flag-overdue-ship-now';

export const SHIP_NOW_OVERDUE_QUEUE = 'returns-ship-now-overdue';
export const CARRIER_LABEL_FETCH_QUEUE = 'returns-carrier-label-fetch';

export async function registerReturnJobs(boss: JobBoss, db: Db, log: (message: string) => void): Promise<void> {
  await registerPeriodicJob(boss, {
    queue: SHIP_NOW_OVERDUE_QUEUE,
    cron: '*/15 * * * *',
    run: async () => {
      const { flagged } = await flagOverdueShipNow(db);
      if (flagged > 0) log(`returns: ${flagged} ship-now returns overdue, cases flagged`);
    },
  });
  await registerPeriodicJob(boss, {
    queue: CARRIER_LABEL_FETCH_QUEUE,
    cron: '* * * * *',
    run: async () => {
      const { fetched, stillMissing } = await fetchDueCarrierLabels(db);
      if (fetched + stillMissing > 0) log(`returns: ${fetched} carrier labels fetched, ${stillMissing} still missing`);
    },
  });
}
