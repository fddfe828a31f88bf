import type { Ctx } from '@/lib/core/actor';
import { saveSetting } from '@/lib/settings/save-setting';
import { localDate } from '@/lib/sla/calendar';
import { getRawSetting, type SlaConfig } from '@/lib/sla/config';
import { computeSla, parseSlaSettings, type SlaSettings, slaSettingsSchema } from '@/lib/sla/sla';
import { holidaysOf } from '@/lib/time/holidays';
import { type SlaForm, type SlaFormInput, slaFormSchema, WEEKDAYS } from './schemas';
import { CASE_TYPES } from './constants';
import { authorize } from '@/lib/core/authorize';

/** The form's values from the settings lib/sla uses (calendar defaults: the shop's zone and country). */
export function slaFormValues(config: SlaConfig): SlaForm {
  const s = config.settings;
  return {
    timeZone: config.calendar.timeZone,
    country: config.calendar.country,
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, s.hours[d] ? { open: true, from: s.hours[d].open, to: s.hours[d].close } : { open: false, from: '08:00', to: '16:00' }])) as SlaForm['hours'],
    closedDates: s.closedDates,
    firstResponseHours: s.firstResponseHours,
    resolutionHours: s.resolutionHours,
    byType: Object.fromEntries(CASE_TYPES.map((t) => [t, { firstResponseHours: s.byType[t]?.firstResponseHours ?? null, resolutionHours: s.byType[t]?.resolutionHours ?? null }])) as SlaForm['byType'],
    warnPercent: Math.round(s.warnFraction * 100),
  };
}

/** Form → `settings.sla`, keeping what the form does not edit (assignment rules). */
export function slaSettingsFromForm(form: SlaForm, current: SlaSettings): SlaSettings {
  const byType: SlaSettings['byType'] = {};
  for (const t of CASE_TYPES) {
    const own = form.byType[t];
    const entry = { ...(own.firstResponseHours !== null ? { firstResponseHours: own.firstResponseHours } : {}), ...(own.resolutionHours !== null ? { resolutionHours: own.resolutionHours } : {}) };
    if (Object.keys(entry).length > 0) byType[t] = entry;
  }
  return slaSettingsSchema.parse({
    ...current,
    timeZone: form.timeZone,
    country: form.country,
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, form.hours[d].open ? { open: form.hours[d].from, close: form.hours[d].to } : null])),
    closedDates: [...new Set(form.closedDates)].sort(),
    firstResponseHours: form.firstResponseHours,
    resolutionHours: form.resolutionHours,
    byType,
    warnFraction: form.warnPercent / 100,
  });
}

/** Validates and saves the SLA targets and business calendar (audited by saveSetting). */
export async function saveSlaSettingsForm(ctx: Ctx, input: SlaFormInput): Promise<void> {
  authorize(ctx.actor, 'settings.manage');
  const form = slaFormSchema.parse(input);
  const current = parseSlaSettings(await getRawSetting(ctx.db, 'sla'));
  await saveSetting(ctx, 'sla', slaSettingsFromForm(form, current));
}

export type SlaPreviewRow = { type: (typeof CASE_TYPES)[number]; firstResponseDueAt: string; resolutionDueAt: string };

/** When a case of each type opened at `now` is due, on the saved calendar. */
export function slaPreview(config: SlaConfig, now: Date = new Date()): SlaPreviewRow[] {
  return CASE_TYPES.map((type) => {
    const due = computeSla({ type, createdAt: now, firstRespondedAt: null, resolvedAt: null, slaPausedAt: null, slaPausedSeconds: 0 }, config.settings, config.calendar);
    return { type, firstResponseDueAt: due.firstResponseDueAt.toISOString(), resolutionDueAt: due.resolutionDueAt.toISOString() };
  });
}

/** The country's public holidays of the current local year. */
export function holidaysThisYear(config: SlaConfig, now: Date = new Date()): { year: number; dates: string[] } {
  const year = Number(localDate(now, config.calendar.timeZone).slice(0, 4));
  return { year, dates: [...holidaysOf(config.calendar.country, year)].sort() };
}

