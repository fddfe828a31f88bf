import { z } from 'zod';
import { todayIn } from '@/lib/time/today';

/** Report date ranges: presets relative to today in the shop's time zone, or custom local dates. */
export const RANGE_PRESETS = ['7d', '30d', '90d', 'thisMonth', 'lastMonth', 'thisYear', '12m'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = '30d';
/** Longest custom range: two years of days. */
export const MAX_RANGE_DAYS = 731;

export type Granularity = 'day' | 'week' | 'month';
export type ReportRange = { preset: RangePreset | 'custom'; from: string; to: string; days: number; granularity: Granularity };

const isoDate = z.iso.date();

/** The one boundary schema for `?range=` / `?from=&to=` (page, CSV route, refresh action). */
export const rangeQuerySchema = z
  .object({
    range: z.enum([...RANGE_PRESETS, 'custom']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .superRefine((v, ctx) => {
    // A preset ignores from/to; a custom range needs both, in order, at most MAX_RANGE_DAYS long.
    if (v.range === 'custom' || (v.range === undefined && (v.from || v.to))) {
      if (!v.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'required' });
      if (!v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'required' });
      if (v.from && v.to) {
        const days = daysBetween(v.from, v.to) + 1;
        if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before_from' });
        else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'too_long' });
        if (v.from < '2000-01-01') ctx.addIssue({ code: 'custom', path: ['from'], message: 'too_early' });
      }
    }
  });
export type RangeQuery = z.infer<typeof rangeQuerySchema>;

const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY);
}
export function addDays(date: string, days: number): string {
  return iso(utc(date) + days * DAY);
}

function granularityFor(days: number): Granularity {
  return days <= 62 ? 'day' : days <= 190 ? 'week' : 'month';
}

/** Resolves a parsed query to concrete local dates; a preset wins over from/to. */
export function resolveRange(query: RangeQuery, timeZone: string, now = new Date()): ReportRange {
  const today = todayIn(timeZone, now);
  let preset: ReportRange['preset'] = query.range ?? (query.from && query.to ? 'custom' : DEFAULT_PRESET);
  let from: string;
  let to = today;
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'custom':
      if (query.from && query.to) {
        [from, to] = [query.from, query.to];
        break;
      }
      preset = DEFAULT_PRESET;
      from = addDays(today, -29);
      break;
    case '7d':
      from = addDays(today, -6);
      break;
    case '30d':
      from = addDays(today, -29);
      break;
    case '90d':
      from = addDays(today, -89);
      break;
    case 'thisMonth':
      from = `${today.slice(0, 7)}-01`;
      break;
    case 'lastMonth': {
      const first = iso(Date.UTC(y, m - 2, 1));
      from = first;
      to = addDays(`${today.slice(0, 7)}-01`, -1);
      break;
    }
    case 'thisYear':
      from = `${y}-01-01`;
      break;
    case '12m':
      from = addDays(iso(Date.UTC(y - 1, m - 1, Number(today.slice(8)))), 1);
      break;
  }
  const days = daysBetween(from, to) + 1;
  return { preset, from, to, days, granularity: granularityFor(days) };
}

/** Parses untrusted search params; invalid input falls back to the default range and says so. */
export function parseRange(params: Record<string, string | string[] | undefined>, timeZone: string, now = new Date()): { range: ReportRange; invalid: boolean } {
  const flat = Object.fromEntries(['range', 'from', 'to'].map((k) => [k, typeof params[k] === 'string' && params[k] !== '' ? params[k] : undefined]));
  const parsed = rangeQuerySchema.safeParse(flat);
  if (!parsed.success) return { range: resolveRange({}, timeZone, now), invalid: true };
  return { range: resolveRange(parsed.data, timeZone, now), invalid: false };
}
