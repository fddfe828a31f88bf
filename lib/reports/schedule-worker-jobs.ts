/** Scheduled report emails (issue #17), registered by scripts/worker.mjs after its `server-only` hook. */
import type { Db } from '@/db';
import { type JobBoss, registerPeriodicJob } from '@/lib/core/periodic-job';
import { sendScheduledReports } from './send-scheduled-reports';

export async function registerReportScheduleJobs(boss: JobBoss, db: Db, log: (message: string) => void): Promise<void> {
  // Every 15 minutes: a schedule is due from 07:00 shop time, so it leaves by 07:15 (or when a stopped worker is back).
  await registerPeriodicJob(boss, {
    queue: 'report-schedules',
    cron: '*/15 * * * *',
    run: async () => {
      const r = await sendScheduledReports(db);
      if (r.sent + r.noRecipients > 0) log(`reports: ${r.sent} scheduled emails queued, ${r.noRecipients} schedules without an active recipient`);
    },
  });
}
