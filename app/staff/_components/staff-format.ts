import { dateTimeFormat, numberFormat } from '@/lib/core/formatters';
import { type Locale, localeTags } from '@/lib/i18n/locales';

/** Dates and numbers on a staff page; every date names its time zone (the shop's, or UTC for calendar days). */
export type StaffFormat = {
  dateTime(date: Date | number, options: Intl.DateTimeFormatOptions & { timeZone: string }): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
};

/**
 * Dates and numbers in the regional form of the staff's language, as the case page and the emails write them
 * (`en-GB`: "7 Dec 2026, 14:05"; next-intl's formatter takes the bare `en`, in which Intl writes the US
 * "Dec 7, 2026, 2:05 PM"). The process-wide formatters of lib/core/formatters.ts, built once per options.
 */
export function staffFormatter(locale: Locale): StaffFormat {
  const tag = localeTags[locale];
  return {
    dateTime: (date, options) => dateTimeFormat(tag, options).format(date),
    number: (value, options = {}) => numberFormat(tag, options).format(value),
  };
}
