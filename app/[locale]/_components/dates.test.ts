import { describe, expect, it } from 'vitest';
import { DATE_STYLES, type DateStyle, dateTimeArgs, formatDate } from '@/lib/i18n/format';
import { routing } from '@/lib/i18n/routing';
import { localDate, localDateRange, localDateTime } from './dates';

const values = ['2026-11-27', '2026-03-29', '2026-10-25T00:30:00.000Z', '2026-03-29T00:59:59.000Z', '2026-12-31T22:15:00Z', '2027-01-01T00:00:00+02:00'];
const zones = ['Europe/Helsinki', 'Europe/Stockholm', 'Europe/Oslo', 'UTC'];
const styles = Object.keys(DATE_STYLES) as DateStyle[];

describe('customer page dates (app/[locale]/_components/dates.ts)', () => {
  it('read exactly as in the emails (lib/i18n/format.ts), in every language, style and shop time zone', () => {
    let compared = 0;
    for (const locale of routing.locales) {
      for (const timeZone of zones) {
        for (const value of values) {
          for (const style of styles) {
            expect(localDate({ locale, timeZone }, value, style)).toBe(formatDate(locale, value, { style, timeZone }));
            compared += 1;
          }
          expect(localDateTime({ locale, timeZone }, value)).toBe(formatDate(locale, value, { style: 'shortDateTime', timeZone }));
        }
      }
    }
    expect(compared).toBe(routing.locales.length * zones.length * values.length * styles.length);
  });

  it("use each language's regional form: a British day before the month and a 24-hour clock in English, Finland's Swedish", () => {
    const helsinki = (locale: string) => ({ locale, timeZone: 'Europe/Helsinki' });
    expect(localDate(helsinki('en'), '2026-11-27')).toBe('Fri 27 Nov');
    expect(localDateTime(helsinki('en'), '2026-11-02T15:30:00Z')).toBe('Mon 2 Nov, 17:30');
    expect(localDate(helsinki('en'), '2026-10-27', 'long')).toBe('27 October 2026');
    expect(localDate(helsinki('fi'), '2026-11-27')).toBe('pe 27.11.');
    expect(localDateTime(helsinki('sv'), '2026-11-02T15:30:00Z')).toBe('mån 2 nov. 17.30');
    expect(localDateRange(helsinki('en'), '2026-12-08', '2026-12-09')).toBe('Tue 8 Dec\u2009–\u2009Wed 9 Dec');
    expect(localDateRange(helsinki('en'), '2026-12-08', '2026-12-08')).toBe('Tue 8 Dec');
  });

  it('show a calendar date on its own day in any time zone, and an instant in the shop time zone', () => {
    expect(localDate({ locale: 'fi', timeZone: 'Pacific/Kiritimati' }, '2026-11-27')).toBe(localDate({ locale: 'fi', timeZone: 'Pacific/Pago_Pago' }, '2026-11-27'));
    // 23:30 UTC on 31 Dec is New Year's Day in Helsinki and still New Year's Eve in UTC.
    expect(localDate({ locale: 'en', timeZone: 'Europe/Helsinki' }, '2026-12-31T23:30:00Z', 'long')).toBe('1 January 2027');
    expect(localDate({ locale: 'en', timeZone: 'UTC' }, '2026-12-31T23:30:00Z', 'long')).toBe('31 December 2026');
  });

  it('show an unreadable date as it is instead of failing the page', () => {
    expect(localDate({ locale: 'en', timeZone: 'UTC' }, 'not a date')).toBe(String(dateTimeArgs('not a date', 'short')[0]));
    expect(localDate({ locale: 'en', timeZone: 'UTC' }, '')).toBe('Invalid Date');
  });
});
