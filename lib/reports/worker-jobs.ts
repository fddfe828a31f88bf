/** The reports' worker job, registered by scripts/worker.mjs in one call: the rolling rollup refresh. */
import type { Db } from '@/db';
import { refreshRecentReports } from './refresh-reports';

type Boss = {
  createQueue(name: string, options: Record<string, unknown>): Promise<unknown>;
  schedule(name: string, cron: string): Promise<unknown>;
  work(name: string, handler: () => Promise<void>): Promise<unknown>;
  send(name: string, data: object): Promise<unknown>;
};

export const REPORT_REFRESH_QUEUE = 'report-refresh';

export async function registerReportJobs(boss: Boss, db: Db, log: (message: string) => void): Promise<void> {
  await boss.createQueue(REPORT_REFRESH_QUEUE, { name: REPORT_REFRESH_QUEUE, policy: 'singleton' });
  await boss.schedule(REPORT_REFRESH_QUEUE, '*/10 * * * *');
  await boss.work(REPORT_REFRESH_QUEUE, async () => {
    const r = await refreshRecentReports(db);
    log(`reports: rollups rebuilt for ${r.from} – ${r.to} (${r.timeZone}) in ${r.durationMs} ms`);
  });
  // Fresh figures right after a start (the schedule's first run may be ten minutes away).
  await boss.send(REPORT_REFRESH_QUEUE, {});
}
