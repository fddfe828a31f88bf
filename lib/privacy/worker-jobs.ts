/** The data-protection worker job: the daily retention purge (lib/privacy/purge.ts). */
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { purgeExpiredData } from './purge';

export const PRIVACY_PURGE_QUEUE = 'privacy-purge';

export async function registerPrivacyJobs(boss: JobBoss, db: Db, log: (message: string) => void): Promise<void> {
  await registerPeriodicJob(boss, {
    queue: PRIVACY_PURGE_QUEUE,
    cron: '37 3 * * *', // daily, at a quiet hour (UTC)
    retryDelaySeconds: 300,
    run: async () => {
      const counts = await purgeExpiredData(db);
      const moved = Object.entries(counts).filter(([, n]) => n > 0);
      log(`privacy purge: ${moved.length ? moved.map(([k, n]) => `${k} ${n}`).join(', ') : 'nothing past its retention period'}`);
    },
  });
}
