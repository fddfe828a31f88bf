/** The reports' worker job, registered by scripts/worker.mjs in one call: the rolling rollup refresh. */
import type PgBoss from 'pg-boss';
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { refreshRecentReports } from './refresh-reports';

type Boss = JobBoss & Pick<PgBoss, 'send'>;

export const REPORT_REFRESH_QUEUE = 'report-refresh';

export async function registerReportJobs(boss: Boss, db: Db, log: (message: string) => void): Promise<void> {
  await registerPeriodicJob(boss, {
    queue: REPORT_REFRESH_QUEUE,
    cron: '*/10 * * * *',
    run: async () => {
      const r = await refreshRecentReports(db);
      log(`reports: rollups rebuilt for ${r.from} – ${r.to} (${r.timeZone}) in ${r.durationMs} ms`);
    },
  });
  // Fresh figures right after a start (the schedule's first run may be ten minutes away).
  await boss.send(REPORT_REFRESH_QUEUE, {});
}
