/**
 * The reports' worker jobs, registered by scripts/worker.mjs in one call: every minute today, yesterday and the days of
 * the 120-day window whose inputs changed (figures at most a minute old), the whole window every 10 minutes (what no
 * change time shows: deleted rows, a write transaction longer than the minute job's margin).
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
      if (!r) log('reports: minute refresh skipped, another refresh is under way');
      // A bulk import or backfill (more changed days than it rebuilds one by one), or days never computed.
      else if (r.wide) log(`reports: ${r.changedDays.length} changed and ${r.missingDays} missing days, rebuilt the whole window ${r.from} – ${r.to} in ${r.durationMs} ms`);
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
