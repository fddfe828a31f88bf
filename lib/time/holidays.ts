/**
 * Public holidays and de facto non-working days for business-day arithmetic (SLA clocks, delivery
 * predictions, delay detection). Sources: ../shared/research/carriers.md §9.
 * Dates are local calendar dates 'YYYY-MM-DD'; weekends are handled by the callers' calendars.
 */
export type HolidayCountry = 'FI' | 'SE' | 'NO' | 'DK';

const cache = new Map<string, ReadonlySet<string>>();

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Easter Sunday (Gregorian; anonymous computus) as [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

function offset(year: number, [month, day]: [number, number], days: number): string {
  const t = new Date(Date.UTC(year, month - 1, day + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The first date on or after month/day that falls on `weekday` (0 = Sunday). */
function weekdayOnOrAfter(year: number, month: number, day: number, weekday: number): string {
  const t = new Date(Date.UTC(year, month - 1, day));
  const shift = (weekday - t.getUTCDay() + 7) % 7;
  return offset(year, [month, day], shift);
}

function build(country: HolidayCountry, year: number): ReadonlySet<string> {
  const easter = easterSunday(year);
  const e = (days: number) => offset(year, easter, days);
  const fixed = (month: number, day: number) => iso(year, month, day);
  const midsummerEve = weekdayOnOrAfter(year, 6, 19, 5);
  const midsummerDay = weekdayOnOrAfter(year, 6, 20, 6);
  const allSaints = weekdayOnOrAfter(year, 10, 31, 6);
  const days: string[] = [fixed(1, 1), e(-2), e(0), e(1), e(39), e(49), fixed(12, 25), fixed(12, 26)];
  switch (country) {
    case 'FI':
      // Midsummer Eve and Christmas Eve are non-working days under the Annual Holidays Act.
      days.push(fixed(1, 6), fixed(5, 1), midsummerEve, midsummerDay, allSaints, fixed(12, 6), fixed(12, 24));
      break;
    case 'SE':
      days.push(fixed(1, 6), fixed(5, 1), fixed(6, 6), midsummerEve, midsummerDay, allSaints, fixed(12, 24), fixed(12, 31));
      break;
    case 'NO':
      days.push(e(-3), fixed(5, 1), fixed(5, 17), e(50));
      break;
    case 'DK':
      days.push(e(-3), e(50), fixed(12, 24), fixed(12, 31));
      if (year < 2024) days.push(e(26));
      break;
  }
  return new Set(days);
}

/** The holiday set of one country and year (memoized; pure). */
export function holidaysOf(country: HolidayCountry, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`;
  let set = cache.get(key);
  if (!set) {
    set = build(country, year);
    cache.set(key, set);
  }
  return set;
}

export function toHolidayCountry(country: string | null | undefined): HolidayCountry {
  const upper = (country ?? '').toUpperCase();
  return upper === 'SE' || upper === 'NO' || upper === 'DK' ? upper : 'FI';
}

/** True for a public holiday or de facto non-working day (not for ordinary weekends). */
export function isHoliday(date: string, country: HolidayCountry = 'FI'): boolean {
  return holidaysOf(country, Number(date.slice(0, 4))).has(date);
}

/** Monday–Friday and not a holiday. */
export function isBusinessDay(date: string, country: HolidayCountry = 'FI'): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isHoliday(date, country);
}

/** `date` moved by `days` business days (negative goes back); 0 returns `date` unchanged. */
export function addBusinessDays(date: string, days: number, country: HolidayCountry = 'FI'): string {
  const step = days < 0 ? -1 : 1;
  let left = Math.abs(days);
  let current = date;
  while (left > 0) {
    current = addCalendarDays(current, step);
    if (isBusinessDay(current, country)) left -= 1;
  }
  return current;
}

/** Business days after `from` up to and including `to` (0 when to ≤ from). */
export function businessDaysBetween(from: string, to: string, country: HolidayCountry = 'FI'): number {
  if (to <= from) return 0;
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isBusinessDay(d, country)) count += 1;
  return count;
}

export function addCalendarDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}
