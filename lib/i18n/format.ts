import { type Locale, localeTags } from './locales';
import { dateTimeFormat, numberFormat } from '@/lib/core/formatters';
import { formatMoney } from '@/lib/core/money';

/**
 * The one style per language for dates and money, shared by pages (next-intl's `format.dateTime(value,
 * DATE_STYLES.x)`) and emails (`formatDate` & co. below), so a date reads the same wherever the
 * customer meets it: "Sat 5 Dec" on a parcel card, "5 December 2026" in a receipt — never "05/12/2026".
 */
export const DATE_STYLES = {
  /** A day in a running text or a receipt: "5 December 2026", "5. joulukuuta 2026", "5 december 2026". */
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  /** A day ahead in a sentence (an estimate, a deadline): "Saturday 5 December", "lauantai 5. joulukuuta". */
  weekday: { weekday: 'long', day: 'numeric', month: 'long' },
  /** A day near today, on cards and in estimates: "Sat 5 Dec", "la 5. jouluk.". */
  short: { weekday: 'short', day: 'numeric', month: 'short' },
  /** An instant with its clock time: "5 December 2026, 14:05" ("5. joulukuuta 2026 klo 14.05"). */
  dateTime: { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  /** An instant near today: "Sat 5 Dec, 14:05". */
  shortDateTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof DATE_STYLES;

/**
 * The arguments that show `value` in `style`, for Intl and for next-intl's `format.dateTime` alike: a calendar
 * date ('2026-12-05') is anchored at noon UTC and shown in UTC, so no time zone moves it to another day; an
 * instant (Date or ISO timestamp) is shown in `timeZone` (omitted: the formatter's own, on pages the shop's).
 */
export function dateTimeArgs(value: Date | string, style: DateStyle, timeZone?: string): [Date, (typeof DATE_STYLES)[DateStyle] & { timeZone?: string }] {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return [new Date(`${value}T12:00:00Z`), { ...DATE_STYLES[style], timeZone: 'UTC' }];
  return [typeof value === 'string' ? new Date(value) : value, timeZone ? { ...DATE_STYLES[style], timeZone } : DATE_STYLES[style]];
}

export function formatDate(locale: Locale, value: Date | string, options: { style?: DateStyle; timeZone?: string } = {}): string {
  const [date, intlOptions] = dateTimeArgs(value, options.style ?? 'long', options.timeZone ?? 'Europe/Helsinki');
  return dateTimeFormat(localeTags[locale], intlOptions).format(date);
}

/** Dates and numbers in one language; every date names its time zone (the shop's, or UTC for calendar days). */
export type RegionalFormat = {
  dateTime(date: Date | number, options: Intl.DateTimeFormatOptions & { timeZone: string }): string;
  /** A moment in a staff table, setting or message list: "7 Dec 2026, 14:05" (with `seconds`: "14:05:09"). */
  moment(value: Date | string, timeZone: string, precision?: 'minutes' | 'seconds'): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** Minor units as money (lib/core/money.ts `formatMoney`): 1250 EUR → "€12.50", "12,50 €". */
  money(minor: number, currency: string): string;
};

/**
 * Free-form dates and numbers in the regional form of `locale` (`en-GB`: "7 Dec 2026, 14:05"), for the staff
 * pages' tables and settings. next-intl's `format` takes the bare `en`, in which Intl writes the US
 * "Dec 7, 2026, 2:05 PM". The process-wide formatters of lib/core/formatters.ts, built once per options.
 */
export function regionalFormat(locale: Locale): RegionalFormat {
  const tag = localeTags[locale];
  return {
    dateTime: (date, options) => dateTimeFormat(tag, options).format(date),
    moment: (value, timeZone, precision = 'minutes') =>
      dateTimeFormat(tag, { dateStyle: 'medium', timeStyle: precision === 'seconds' ? 'medium' : 'short', timeZone }).format(typeof value === 'string' ? new Date(value) : value),
    number: (value, options = {}) => numberFormat(tag, options).format(value),
    money: (minor, currency) => formatMoney(locale, minor, currency),
  };
}
