import 'server-only';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { outbox, staffUsers } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { reportCsvFiles } from './export-report';
import { readReport } from './queries';
import { resolveRange } from './range';
import { dueReportPeriod, readReportSchedules, SCHEDULE_EMAIL_KIND, scheduleDedupeKey } from './report-schedules';
import { renderReportScheduleEmail } from './report-schedule-email';

const SYSTEM: Actor = { type: 'system' };

/** Thrown inside the send's transaction when another worker queued the same period first: undoes our audit rows. */
class AlreadySent extends Error {}

export type ScheduledSendResult = { sent: number; alreadySent: number; noRecipients: number };

/**
 * Queues the email of every schedule that is due at `now` (./report-schedules.ts, `dueReportPeriod`): one message
 * per schedule and period to its still-active recipients, with one CSV per table, each table audited as
 * `report.exported` in the same transaction as the message. The outbox's dedupe key makes a second run, a
 * restarted worker or a second worker send nothing more.
 */
export async function sendScheduledReports(db: Db, now = new Date()): Promise<ScheduledSendResult> {
  const result: ScheduledSendResult = { sent: 0, alreadySent: 0, noRecipients: 0 };
  const shop = await readShopSettings(db);
  for (const schedule of await readReportSchedules(db)) {
    const due = dueReportPeriod(schedule, now, shop.timeZone);
    if (!due) continue;
    const dedupeKey = scheduleDedupeKey(schedule.id, due.period);
    // Building the CSVs costs queries: skip a period that left already.
    if ((await db.$count(outbox, eq(outbox.dedupeKey, dedupeKey))) > 0) {
      result.alreadySent++;
      continue;
    }
    // A deactivated staff member gets no more reports (the others still do).
    const recipients = await db
      .select({ email: staffUsers.email })
      .from(staffUsers)
      .where(and(inArray(staffUsers.id, schedule.recipients), isNull(staffUsers.disabledAt)));
    if (recipients.length === 0) {
      result.noRecipients++;
      continue;
    }
    const range = resolveRange({ range: 'custom', from: due.from, to: due.to }, shop.timeZone, now);
    const query = { range, timeZone: shop.timeZone, locale: schedule.locale };
    try {
      await db.transaction(async (tx) => {
        const data = await readReport(tx, schedule.report, query);
        const files = await reportCsvFiles(tx, SYSTEM, data, { tables: schedule.table ? [schedule.table] : undefined, query, audit: { scheduleId: schedule.id } });
        const email = await renderReportScheduleEmail({
          locale: schedule.locale,
          to: recipients.map((r) => r.email).join(', '),
          shopName: shop.name,
          report: schedule.report,
          period: due,
          tables: files,
        });
        const attachments = files.map((f) => ({ filename: f.filename, contentType: 'text/csv; charset=utf-8', contentBase64: Buffer.from(f.csv, 'utf8').toString('base64') }));
        const queued = await enqueueEmail(tx, { kind: SCHEDULE_EMAIL_KIND, dedupeKey, locale: schedule.locale, audience: 'staff', email: { ...email, attachments } });
        if (!queued) throw new AlreadySent();
      });
      result.sent++;
    } catch (error) {
      if (!(error instanceof AlreadySent)) throw error;
      result.alreadySent++;
    }
  }
  return result;
}
