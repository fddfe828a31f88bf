import type { getFormatter } from 'next-intl/server';
import { DATE_STYLES } from '@/lib/i18n/format';

export type Formatter = Awaited<ReturnType<typeof getFormatter>>;

/** A calendar date ('2026-11-27') or an instant, shown as "Thu 27 Nov" in the shop's time zone. */
export function localDate(format: Formatter, value: string): string {
  // Calendar dates are anchored at noon UTC so no time zone moves them to another day.
  const date = value.length === 10 ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return format.dateTime(date, DATE_STYLES.short);
}

export function localDateTime(format: Formatter, value: string): string {
  return format.dateTime(new Date(value), DATE_STYLES.shortDateTime);
}

