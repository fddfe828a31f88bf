import { addCalendarDays, type HolidayCountry, isHoliday } from '@/lib/time/holidays';

/** Opening hours per ISO weekday (1 = Monday … 7 = Sunday), local 'HH:MM'; null = closed. */
export type WeekHours = Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', { open: string; close: string } | null>;

/** `closedDates`: the shop's own extra closed days ('YYYY-MM-DD', local), on top of public holidays. */
export type BusinessCalendar = { timeZone: string; country: HolidayCountry; hours: WeekHours; closedDates?: readonly string[] };

export const DEFAULT_WEEK_HOURS: WeekHours = {
  '1': { open: '08:00', close: '16:00' },
  '2': { open: '08:00', close: '16:00' },
  '3': { open: '08:00', close: '16:00' },
  '4': { open: '08:00', close: '16:00' },
  '5': { open: '08:00', close: '16:00' },
  '6': null,
  '7': null,
};

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone. */
function localParts(at: Date, timeZone: string) {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute), s: Number(parts.second) };
}

function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(at.getTime() / 1000) * 1000;
}

// Every SLA figure walks the business days between two instants and asks for each day's opening and closing
// instant: two formatToParts calls each, for every row of a queue page (2.3 % of the queue's CPU). The answer
// depends on the arguments alone, so it is kept (a day's two instants per time zone; cleared when large).
const zonedTimes = new Map<string, number>();
const CACHE_MAX = 20_000;

/** `cache[key]`, computed and kept on a miss; the cache is emptied when it reaches CACHE_MAX entries. */
function kept(cache: Map<string, number>, key: string, compute: () => number): number {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, value);
  }
  return value;
}

/** The instant of a local wall-clock time (DST-correct: the offset is taken at the result). */
export function zonedTime(date: string, hhmm: string, timeZone: string): Date {
  const instant = kept(zonedTimes, `${timeZone} ${date} ${hhmm}`, () => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [h, mi] = hhmm.split(':').map(Number) as [number, number];
    const guess = Date.UTC(y, m - 1, d, h, mi);
    const first = guess - offsetMs(new Date(guess), timeZone);
    return guess - offsetMs(new Date(first), timeZone);
  });
  return new Date(instant);
}

// A zone's offset changes only at its transitions, which fall on quarter hours (offsets are whole quarter hours and
// clocks change at a whole local hour), so it is kept per quarter hour: the queue asks for dozens of dates per view.
const QUARTER_HOUR_MS = 900_000;
const quarterOffsets = new Map<string, number>();

export function localDate(at: Date, timeZone: string): string {
  const offset = kept(quarterOffsets, `${timeZone} ${Math.floor(at.getTime() / QUARTER_HOUR_MS)}`, () => offsetMs(at, timeZone));
  return new Date(at.getTime() + offset).toISOString().slice(0, 10);
}

function isoWeekday(date: string): keyof WeekHours {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return String(day === 0 ? 7 : day) as keyof WeekHours;
}

/** The open interval of one local day, or null (weekend, holiday, closed). */
function dayWindow(date: string, cal: BusinessCalendar): [number, number] | null {
  const hours = cal.hours[isoWeekday(date)];
  if (!hours || isHoliday(date, cal.country) || cal.closedDates?.includes(date)) return null;
  const open = zonedTime(date, hours.open, cal.timeZone).getTime();
  const close = zonedTime(date, hours.close, cal.timeZone).getTime();
  return close > open ? [open, close] : null;
}

const MAX_DAYS = 3 * 366;

/** The instant `seconds` of business time after `start` (start itself may be outside hours). */
export function addBusinessSeconds(start: Date, seconds: number, cal: BusinessCalendar): Date {
  let remaining = Math.max(0, seconds) * 1000;
  let cursor = start.getTime();
  let date = localDate(start, cal.timeZone);
  for (let i = 0; i < MAX_DAYS; i++, date = addCalendarDays(date, 1)) {
    const window = dayWindow(date, cal);
    if (!window) continue;
    const from = Math.max(cursor, window[0]);
    if (from >= window[1]) continue;
    const available = window[1] - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
    cursor = window[1];
  }
  throw new Error('business calendar has no open hours');
}

/** Business seconds between two instants (0 when `to` ≤ `from`). */
export function businessSecondsBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  let date = localDate(from, cal.timeZone);
  const last = localDate(to, cal.timeZone);
  for (let i = 0; i < MAX_DAYS * 4; i++, date = addCalendarDays(date, 1)) {
    const window = dayWindow(date, cal);
    if (window) total += Math.max(0, Math.min(window[1], to.getTime()) - Math.max(window[0], from.getTime()));
    if (date >= last) break;
  }
  return Math.round(total / 1000);
}
