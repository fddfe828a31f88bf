/**
 * Scheduled report emails (issue #17): what an admin saves (one zod schema for the form and the action), where
 * it is kept (the `settings` row `report_schedules`, no table of its own) and when each one is due.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import { dateIn, localToInstant } from '@/lib/time/zoned';
import { REPORT_IDS, REPORT_TABLES } from './definitions';
import { addDays } from './range';

export const REPORT_SCHEDULES_KEY = 'report_schedules';
export const SCHEDULE_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
/** The period just ended that a send covers. */
export const SCHEDULE_RANGES = ['yesterday', 'lastWeek', 'lastMonth'] as const;
export const SCHEDULE_LOCALES = ['fi', 'sv', 'en'] as const;
export const MAX_SCHEDULE_RECIPIENTS = 10;
/** Local hour (shop's time zone) from which a schedule's send of the day is due. */
export const SEND_HOUR = 7;
/** The email's kind in the outbox; its dedupe key is `report-schedule:<scheduleId>:<period>`. */
export const SCHEDULE_EMAIL_KIND = 'email.report_schedule';
export const scheduleDedupeKey = (scheduleId: string, period: string) => `report-schedule:${scheduleId}:${period}`;

/** The admin's form: `table` '' means every table of the report (one CSV each); `weekday` 1 = Monday … 7 = Sunday. */
export const reportScheduleFormSchema = z
  .object({
    report: z.enum(REPORT_IDS, { error: 'reportInvalid' }),
    table: z.string().max(40, 'tableInvalid'),
    frequency: z.enum(SCHEDULE_FREQUENCIES, { error: 'frequencyInvalid' }),
    weekday: z.number({ error: 'weekdayInvalid' }).int('weekdayInvalid').min(1, 'weekdayInvalid').max(7, 'weekdayInvalid'),
    range: z.enum(SCHEDULE_RANGES, { error: 'rangeInvalid' }),
    recipients: z.array(z.uuid('recipientsRequired'), { error: 'recipientsRequired' }).min(1, 'recipientsRequired').max(MAX_SCHEDULE_RECIPIENTS, 'tooManyRecipients'),
    locale: z.enum(SCHEDULE_LOCALES, { error: 'localeInvalid' }),
  })
  .superRefine((v, ctx) => {
    if (v.table !== '' && !(REPORT_TABLES[v.report] ?? []).includes(v.table)) ctx.addIssue({ code: 'custom', path: ['table'], message: 'tableInvalid' });
    if (new Set(v.recipients).size !== v.recipients.length) ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'recipientsRequired' });
  });
export type ReportScheduleForm = z.infer<typeof reportScheduleFormSchema>;
export type ReportScheduleFormInput = z.input<typeof reportScheduleFormSchema>;

export type ReportSchedule = ReportScheduleForm & { id: string; createdBy: string; createdAt: string; updatedAt: string };

const storedSchema = z.object({ schedules: z.array(z.looseObject({ id: z.string() })) });

/** The saved schedules (an unreadable row reads as none; `forUpdate` locks the row for a change). */
export async function readReportSchedules(db: DbOrTx, options: { forUpdate?: boolean } = {}): Promise<ReportSchedule[]> {
  const query = db.select({ value: settings.value }).from(settings).where(eq(settings.key, REPORT_SCHEDULES_KEY));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  const parsed = storedSchema.safeParse(row?.value ?? { schedules: [] });
  return parsed.success ? (parsed.data.schedules as ReportSchedule[]) : [];
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** The period just ended, seen from local date `today`: yesterday, last Monday–Sunday, or last calendar month. */
export function periodBefore(range: ReportScheduleForm['range'], today: string): { from: string; to: string } {
  switch (range) {
    case 'yesterday': {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case 'lastWeek': {
      const monday = addDays(today, 1 - isoWeekday(today));
      return { from: addDays(monday, -7), to: addDays(monday, -1) };
    }
    case 'lastMonth': {
      const first = `${today.slice(0, 7)}-01`;
      const to = addDays(first, -1);
      return { from: `${to.slice(0, 7)}-01`, to };
    }
  }
}

/**
 * The period a schedule sends for at `now`, or null when nothing is due: on its day (every day, its weekday, or
 * the 1st) from 07:00 in the shop's time zone until that local day ends. A worker that was down at 07:00 sends
 * when it is back the same day; the outbox's dedupe key makes sure it is once per schedule and period.
 */
export function dueReportPeriod(schedule: Pick<ReportScheduleForm, 'frequency' | 'weekday' | 'range'>, now: Date, timeZone: string): { period: string; from: string; to: string } | null {
  const today = dateIn(now, timeZone);
  const sendFrom = localToInstant(`${today}T${String(SEND_HOUR).padStart(2, '0')}:00`, timeZone);
  if (!sendFrom || now < sendFrom) return null;
  if (schedule.frequency === 'weekly' && isoWeekday(today) !== schedule.weekday) return null;
  if (schedule.frequency === 'monthly' && !today.endsWith('-01')) return null;
  const { from, to } = periodBefore(schedule.range, today);
  return { period: from === to ? from : `${from}_${to}`, from, to };
}
