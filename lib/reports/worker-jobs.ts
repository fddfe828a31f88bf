/**
 * The reports' worker jobs, registered by scripts/worker.mjs in one call: today and yesterday every minute (figures
 * at most a minute old), the rolling 120-day window every 10 minutes (returns, refunds and cases that settle later).
 */
import type PgBoss from 'pg-boss';
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { refreshRecentReports, refreshTodayReports } from './refresh-reports';

type Boss = JobBoss & Pick<PgBoss, 'send'>;

export const REPORT_REFRESH_QUEUE = 'report-refresh';
export const REPORT_REFRESH_TODAY_QUEUE = 'report-refresh-today';

export async function registerReportJobs(boss: Boss, db: Db, log: (message: string) => void): Promise<void> {
  await registerPeriodicJob(boss, {
    queue: REPORT_REFRESH_TODAY_QUEUE,
    cron: '* * * * *',
    // A late run is worth nothing once the next minute's is due: no piling up, no retries a minute later.
    policy: 'stately',
    retryDelaySeconds: 10,
    run: async () => {
      const r = await refreshTodayReports(db);
      if (!r) log('reports: today skipped, another refresh is under way');
    },
  });
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
