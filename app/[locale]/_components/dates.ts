import { useMemo } from 'react';
import { useLocale, useTimeZone } from 'next-intl';
import { dateTimeFormat } from '@/lib/core/formatters';
import { type DateStyle, dateTimeArgs, formatDate } from '@/lib/i18n/format';
import { localeTags, toLocale } from '@/lib/i18n/locales';

/**
 * What a customer page needs to show a date: the page's locale and the shop's time zone (next-intl's, from
 * i18n/request.ts). A date reads as in the customer's emails (lib/i18n/format.ts): in the language's regional
 * form (`en-GB`, `sv-FI`: "Fri 27 Nov, 17:30", never "Fri, Nov 27, 05:30 PM"). Formatted with process-wide Intl
 * formatters (lib/core/formatters) rather than next-intl's `format.dateTime`, whose per-request cache builds a JSON
 * key for every date it shows (a parcel's timeline is dozens).
 */
export type Dates = { locale: string; timeZone: string };

/** In client components: the provider's locale and time zone. */
export function useDates(): Dates {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? 'UTC';
  return useMemo(() => ({ locale, timeZone }), [locale, timeZone]);
}

/** A calendar date ('2026-11-27', never shifted by a time zone) or an instant (in the shop's time zone): "Thu 27 Nov". */
export function localDate(dates: Dates, value: string, style: DateStyle = 'short'): string {
  try {
    return formatDate(toLocale(dates.locale), value, { style, timeZone: dates.timeZone });
  } catch {
    return String(dateTimeArgs(value, style)[0]); // an unreadable date is shown as it is rather than failing the page
  }
}

export function localDateTime(dates: Dates, value: string): string {
  return localDate(dates, value, 'shortDateTime');
}

/** Two calendar dates as one range in the locale's own way ("Tue 8 Dec – Wed 9 Dec"); one date when they are the same day. */
export function localDateRange(dates: Dates, from: string, to: string, style: DateStyle = 'short'): string {
  if (from === to) return localDate(dates, from, style);
  const [start, options] = dateTimeArgs(from, style, dates.timeZone);
  const [end] = dateTimeArgs(to, style, dates.timeZone);
  try {
    return dateTimeFormat(localeTags[toLocale(dates.locale)], options).formatRange(start, end);
  } catch {
    return `${String(start)} – ${String(end)}`;
  }
}
