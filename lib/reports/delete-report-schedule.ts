import 'server-only';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { writeSetting } from '@/lib/settings/save-setting';
import { readReportSchedules, REPORT_SCHEDULES_KEY } from './report-schedules';

/** Removes a scheduled report email (admin only), audited as `report_schedule.deleted` in the same transaction. */
export async function deleteReportSchedule(ctx: Ctx, id: string): Promise<void> {
  const actor = authorize(ctx.actor, 'settings.manage');
  await ctx.db.transaction(async (tx) => {
    const schedules = await readReportSchedules(tx, { forUpdate: true });
    const gone = schedules.find((s) => s.id === id);
    if (!gone) throw new AppError('not_found');
    await writeSetting(tx, actor, REPORT_SCHEDULES_KEY, { schedules: schedules.filter((s) => s.id !== id) }, { audit: false });
    await recordEvent(tx, { actor, type: 'report_schedule.deleted', data: { scheduleId: id, report: gone.report } });
  });
}
