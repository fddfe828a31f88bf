import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { writeSetting } from '@/lib/settings/save-setting';
import { readReportSchedules, REPORT_SCHEDULES_KEY, type ReportSchedule, reportScheduleFormSchema, type ReportScheduleFormInput } from './report-schedules';

const RECIPIENT_LIST_MAX = 320;

function recipientsError(message: string, input: unknown): never {
  throw new z.ZodError([{ code: 'custom', path: ['recipients'], message, input }]);
}

/**
 * Adds a scheduled report email (`id` null) or changes one: admin only; the recipients must be active staff
 * members (a report never leaves the team). Saved and audited (`report_schedule.created|updated`) in one transaction.
 */
export async function saveReportSchedule(ctx: Ctx, input: ReportScheduleFormInput, id: string | null): Promise<{ id: string }> {
  const actor = authorize(ctx.actor, 'settings.manage');
  const form = reportScheduleFormSchema.parse(input);
  if (id !== null && !z.uuid().safeParse(id).success) throw new AppError('not_found');
  return ctx.db.transaction(async (tx) => {
    const active = await tx.select({ email: staffUsers.email }).from(staffUsers).where(and(inArray(staffUsers.id, form.recipients), isNull(staffUsers.disabledAt)));
    if (active.length !== form.recipients.length) recipientsError('recipientsInactive', form.recipients);
    // One email per send, addressed to all of them: the outbox keeps the address list in 320 characters.
    if (active.map((r) => r.email).join(', ').length > RECIPIENT_LIST_MAX) recipientsError('tooManyRecipients', form.recipients);
    const schedules = await readReportSchedules(tx, { forUpdate: true });
    const now = new Date().toISOString();
    let saved: ReportSchedule;
    if (id === null) {
      saved = { id: randomUUID(), ...form, createdBy: actor.staffId, createdAt: now, updatedAt: now };
      schedules.push(saved);
      await recordEvent(tx, { actor, type: 'report_schedule.created', data: { scheduleId: saved.id, report: saved.report, recipients: saved.recipients.length } });
    } else {
      const index = schedules.findIndex((s) => s.id === id);
      const before = schedules[index];
      if (!before) throw new AppError('not_found');
      saved = { ...before, ...form, updatedAt: now };
      schedules[index] = saved;
      const changed = (Object.keys(form) as (keyof typeof form)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(form[key]));
      await recordEvent(tx, { actor, type: 'report_schedule.updated', data: { scheduleId: id, report: saved.report, changed } });
    }
    // The report_schedule.* event is the audit row; a settings.changed copy of the whole list would say less.
    await writeSetting(tx, actor, REPORT_SCHEDULES_KEY, { schedules }, { audit: false });
    return { id: saved.id };
  });
}
