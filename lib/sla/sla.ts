import { z } from 'zod';
import { toHolidayCountry } from '@/lib/time/holidays';
import { type BusinessCalendar, DEFAULT_WEEK_HOURS, addBusinessSeconds, businessSecondsBetween, type WeekHours } from './calendar';

import { CASE_TYPES as caseTypes, type CaseType } from '@/lib/core/enums';

export type { CaseType };

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const dayHours = z.object({ open: hhmm, close: hhmm }).nullable();

/** `settings.sla`: calendar, targets per case type (business hours) and assignment rules. */
export const slaSettingsSchema = z.object({
  timeZone: z.string().optional(),
  country: z.string().length(2).optional(),
  hours: z.object({ '1': dayHours, '2': dayHours, '3': dayHours, '4': dayHours, '5': dayHours, '6': dayHours, '7': dayHours }).default(DEFAULT_WEEK_HOURS),
  /** Extra closed days of the shop (local dates), on top of the country's public holidays. */
  closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(366).default([]),
  firstResponseHours: z.number().positive().max(1000).default(4),
  resolutionHours: z.number().positive().max(1000).default(24),
  /** Per-type overrides, e.g. `{ claim: { resolutionHours: 16 } }`. */
  byType: z.partialRecord(z.enum(caseTypes), z.object({ firstResponseHours: z.number().positive().max(1000).optional(), resolutionHours: z.number().positive().max(1000).optional() })).default({}),
  /** "Breaching soon" when less than this share of the target is left (UX: amber at 25 %). */
  warnFraction: z.number().min(0).max(1).default(0.25),
  /** Round-robin new cases among available agents. */
  autoAssign: z.boolean().default(false),
  /** Reassign an assigned case without a first response after this many minutes (0 = never). */
  reassignAfterMinutes: z.number().int().min(0).max(10_000).default(0),
});
export type SlaSettings = z.infer<typeof slaSettingsSchema>;

export function parseSlaSettings(value: unknown): SlaSettings {
  const parsed = slaSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : slaSettingsSchema.parse({});
}

export function slaCalendar(settings: SlaSettings, shop: { timeZone: string; country: string }): BusinessCalendar {
  return { timeZone: settings.timeZone ?? shop.timeZone, country: toHolidayCountry(settings.country ?? shop.country), hours: settings.hours as WeekHours, closedDates: settings.closedDates };
}

export function targetsFor(settings: SlaSettings, type: CaseType): { firstResponseSeconds: number; resolutionSeconds: number } {
  const own = settings.byType[type] ?? {};
  return {
    firstResponseSeconds: Math.round((own.firstResponseHours ?? settings.firstResponseHours) * 3600),
    resolutionSeconds: Math.round((own.resolutionHours ?? settings.resolutionHours) * 3600),
  };
}

/** The SLA columns of a case (mirrors `cases`). `slaPausedSeconds` counts *business* seconds paused. */
export type SlaFacts = {
  type: CaseType;
  createdAt: Date;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  slaPausedAt: Date | null;
  slaPausedSeconds: number;
};

export type SlaColumns = {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  /** The next due time still running (first response until answered, then resolution); null when done or paused. */
  slaDueAt: Date | null;
  /** When "breaching soon" starts for `slaDueAt`. */
  slaWarnAt: Date | null;
};

/** Due times: the targets counted in business time from opening, pushed back by the paused business time. */
export function computeSla(facts: SlaFacts, settings: SlaSettings, cal: BusinessCalendar): SlaColumns {
  const { firstResponseSeconds, resolutionSeconds } = targetsFor(settings, facts.type);
  const at = (seconds: number) => addBusinessSeconds(facts.createdAt, seconds + facts.slaPausedSeconds, cal);
  const firstResponseDueAt = at(firstResponseSeconds);
  const resolutionDueAt = at(resolutionSeconds);
  if (facts.resolvedAt || facts.slaPausedAt) return { firstResponseDueAt, resolutionDueAt, slaDueAt: null, slaWarnAt: null };
  const [target, due] = facts.firstRespondedAt ? [resolutionSeconds, resolutionDueAt] : [firstResponseSeconds, firstResponseDueAt];
  return { firstResponseDueAt, resolutionDueAt, slaDueAt: due, slaWarnAt: at(target * (1 - settings.warnFraction)) };
}

/** Pausing (waiting on the customer) stops the clock at `now`. */
export function pauseSla(facts: SlaFacts, now: Date): SlaFacts {
  return facts.slaPausedAt ? facts : { ...facts, slaPausedAt: now };
}

/** Resuming adds the business time spent paused. */
export function resumeSla(facts: SlaFacts, now: Date, cal: BusinessCalendar): SlaFacts {
  if (!facts.slaPausedAt) return facts;
  return { ...facts, slaPausedAt: null, slaPausedSeconds: facts.slaPausedSeconds + businessSecondsBetween(facts.slaPausedAt, now, cal) };
}

export type SlaClock = { state: 'met' | 'missed' | 'paused' | 'ok' | 'warning' | 'breached'; dueAt: Date | null; remainingSeconds: number | null };

/** What a timer shows now: remaining business time, amber below the warn share, red once breached. */
export function slaClock(facts: SlaFacts & { resolutionDueAt: Date | null; firstResponseDueAt: Date | null }, settings: SlaSettings, cal: BusinessCalendar, now: Date): SlaClock {
  const { firstResponseSeconds, resolutionSeconds } = targetsFor(settings, facts.type);
  if (facts.resolvedAt) {
    const met = facts.resolutionDueAt ? facts.resolvedAt.getTime() <= facts.resolutionDueAt.getTime() : true;
    return { state: met ? 'met' : 'missed', dueAt: facts.resolutionDueAt, remainingSeconds: null };
  }
  const [target, due] = facts.firstRespondedAt ? [resolutionSeconds, facts.resolutionDueAt] : [firstResponseSeconds, facts.firstResponseDueAt];
  if (facts.slaPausedAt) return { state: 'paused', dueAt: due, remainingSeconds: null };
  if (!due) return { state: 'ok', dueAt: null, remainingSeconds: null };
  if (now.getTime() >= due.getTime()) return { state: 'breached', dueAt: due, remainingSeconds: -businessSecondsBetween(due, now, cal) };
  const remaining = businessSecondsBetween(now, due, cal);
  return { state: remaining < target * settings.warnFraction ? 'warning' : 'ok', dueAt: due, remainingSeconds: remaining };
}
