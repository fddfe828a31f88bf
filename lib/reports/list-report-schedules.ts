import 'server-only';
import { asc, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { staffUsers } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { readReportSchedules, type ReportSchedule, SCHEDULE_EMAIL_KIND } from './report-schedules';

export type ReportScheduleRow = ReportSchedule & {
  recipientNames: string[];
  /** The latest email this schedule queued: when, for which period and to whom (the outbox keeps it). */
  lastSend: { at: string; period: string; to: string; status: string } | null;
};

/** The schedules for the admin page, with each one's last send, and the active staff to choose recipients from. */
export async function listReportSchedules(ctx: { db: DbOrTx; actor: Actor }): Promise<{ schedules: ReportScheduleRow[]; staff: { id: string; name: string; email: string }[] }> {
  authorize(ctx.actor, 'settings.manage');
  const [schedules, staff, sends] = await Promise.all([
    readReportSchedules(ctx.db),
    ctx.db.select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email, disabledAt: staffUsers.disabledAt }).from(staffUsers).orderBy(asc(staffUsers.name)),
    ctx.db.execute<{ schedule_id: string; period: string; recipient: string; status: string; at_ms: string }>(sql`
      select distinct on (split_part(dedupe_key, ':', 2)) split_part(dedupe_key, ':', 2) as schedule_id, split_part(dedupe_key, ':', 3) as period,
        recipient, status, (extract(epoch from created_at) * 1000)::bigint::text as at_ms
      from outbox where kind = ${SCHEDULE_EMAIL_KIND}
      order by split_part(dedupe_key, ':', 2), created_at desc`),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const lastSends = new Map(sends.map((row) => [row.schedule_id, { at: new Date(Number(row.at_ms)).toISOString(), period: row.period, to: row.recipient, status: row.status }]));
  return {
    schedules: schedules.map((s) => ({ ...s, recipientNames: s.recipients.map((id) => names.get(id) ?? '—'), lastSend: lastSends.get(s.id) ?? null })),
    staff: staff.filter((s) => s.disabledAt === null).map(({ id, name, email }) => ({ id, name, email })),
  };
}
