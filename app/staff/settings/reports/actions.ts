'use server';

import { deleteReportSchedule } from '@/lib/reports/delete-report-schedule';
import type { ReportScheduleFormInput } from '@/lib/reports/report-schedules';
import { saveReportSchedule } from '@/lib/reports/save-report-schedule';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

const PAGES = ['/staff/settings/reports'];

// staffCtx({ role: 'admin' }) refuses agents before the use case (which checks again).
export async function saveReportScheduleAction(input: ReportScheduleFormInput, scheduleId: string | null): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await saveReportSchedule(await staffCtx({ role: 'admin' }), input, scheduleId);
    return { ok: true, done: scheduleId ? 'scheduleSaved' : 'scheduleCreated' };
  }, PAGES);
}

export async function deleteReportScheduleAction(input: { scheduleId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await deleteReportSchedule(await staffCtx({ role: 'admin' }), String(input?.scheduleId ?? ''));
    return { ok: true, done: 'scheduleDeleted' };
  }, PAGES);
}
