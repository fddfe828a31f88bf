import type { getFormatter } from 'next-intl/server';
import { type DateStyle, dateTimeArgs } from '@/lib/i18n/format';

export type Formatter = Awaited<ReturnType<typeof getFormatter>>;

/** A calendar date ('2026-11-27', never shifted by a time zone) or an instant (in the shop's time zone): "Thu 27 Nov". */
export function localDate(format: Formatter, value: string, style: DateStyle = 'short'): string {
  return format.dateTime(...dateTimeArgs(value, style));
}

export function localDateTime(format: Formatter, value: string): string {
  return localDate(format, value, 'shortDateTime');
}

/** Two calendar dates as one range in the locale's own way ("Tue 8 – Wed 9 Dec"); one date when they are the same day. */
export function localDateRange(format: Formatter, from: string, to: string, style: DateStyle = 'short'): string {
  if (from === to) return localDate(format, from, style);
  const [start, options] = dateTimeArgs(from, style);
  const [end] = dateTimeArgs(to, style);
  return format.dateTimeRange(start, end, options);
}
