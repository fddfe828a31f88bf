import { _createCache, _createIntlFormatters, createFormatter } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { DATE_STYLES, type DateStyle, dateTimeArgs } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { routing } from '@/lib/i18n/routing';
import { localDate, localDateRange, localDateTime } from './dates';

// The pages used next-intl's `format.dateTime` before; the text a customer reads must not change.
function nextIntl(locale: Locale, timeZone: string) {
  return createFormatter({ locale, timeZone, _formatters: _createIntlFormatters(_createCache()), onError: () => {} });
}

const values = ['2026-11-27', '2026-03-29', '2026-10-25T00:30:00.000Z', '2026-03-29T00:59:59.000Z', '2026-12-31T22:15:00Z', '2027-01-01T00:00:00+02:00'];
const zones = ['Europe/Helsinki', 'Europe/Stockholm', 'Europe/Oslo', 'UTC'];

describe('customer page dates (app/[locale]/_components/dates.ts)', () => {
  it('read exactly as next-intl formatted them, in every language, style and shop time zone', () => {
    let compared = 0;
    for (const locale of routing.locales) {
      for (const timeZone of zones) {
        const format = nextIntl(locale, timeZone);
        const dates = { locale, timeZone };
        for (const value of values) {
          for (const style of Object.keys(DATE_STYLES) as DateStyle[]) {
            expect(localDate(dates, value, style)).toBe(format.dateTime(...dateTimeArgs(value, style)));
            compared += 1;
          }
          expect(localDateTime(dates, value)).toBe(format.dateTime(...dateTimeArgs(value, 'shortDateTime')));
        }
        const [start, options] = dateTimeArgs('2026-12-08', 'short');
        const [end] = dateTimeArgs('2026-12-09', 'short');
        expect(localDateRange(dates, '2026-12-08', '2026-12-09')).toBe(format.dateTimeRange(start, end, options));
        expect(localDateRange(dates, '2026-12-08', '2026-12-08')).toBe(localDate(dates, '2026-12-08'));
      }
    }
    expect(compared).toBe(routing.locales.length * zones.length * values.length * Object.keys(DATE_STYLES).length);
  });

  it('show a calendar date on its own day in any time zone, and an instant in the shop time zone', () => {
    expect(localDate({ locale: 'fi', timeZone: 'Pacific/Kiritimati' }, '2026-11-27')).toBe(localDate({ locale: 'fi', timeZone: 'Pacific/Pago_Pago' }, '2026-11-27'));
    // 23:30 UTC on 31 Dec is New Year's Day in Helsinki and still New Year's Eve in UTC.
    expect(localDate({ locale: 'en', timeZone: 'Europe/Helsinki' }, '2026-12-31T23:30:00Z', 'long')).toContain('2027');
    expect(localDate({ locale: 'en', timeZone: 'UTC' }, '2026-12-31T23:30:00Z', 'long')).toContain('2026');
  });

  it('show an unreadable date as next-intl did instead of failing the page', () => {
    expect(localDate({ locale: 'en', timeZone: 'UTC' }, 'not a date')).toBe(nextIntl('en', 'UTC').dateTime(...dateTimeArgs('not a date', 'short')));
  });
});
