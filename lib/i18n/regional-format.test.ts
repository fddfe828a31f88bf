import { describe, expect, it } from 'vitest';
import { locales } from '@/lib/i18n/locales';
import { regionalFormat } from './format';

const at = new Date('2026-12-07T12:05:00Z');
const medium = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' } as const;

describe('regionalFormat (staff pages)', () => {
  it('writes English staff dates in the British form with a 24-hour clock, not the US one', () => {
    expect(regionalFormat('en').dateTime(at, medium)).toBe('7 Dec 2026, 14:05');
    expect(regionalFormat('en').dateTime(at, { dateStyle: 'medium', timeZone: 'UTC' })).toBe('7 Dec 2026');
  });

  it('writes the other languages in their own regional form, in the time zone given', () => {
    expect(regionalFormat('fi').dateTime(at, medium)).toBe('7.12.2026 klo 14.05');
    expect(regionalFormat('sv').dateTime(at, { dateStyle: 'medium', timeZone: 'Europe/Stockholm' })).toBe('7 dec. 2026');
    for (const locale of locales) expect(regionalFormat(locale).dateTime(at, medium)).toMatch(/14[.:]05/);
  });

  it('a moment (staff tables, settings, message lists): medium date and clock time in the shop\'s zone, from a Date or an ISO string', () => {
    expect(regionalFormat('en').moment(at, 'Europe/Helsinki')).toBe('7 Dec 2026, 14:05');
    expect(regionalFormat('en').moment(at.toISOString(), 'Europe/Stockholm')).toBe('7 Dec 2026, 13:05');
    expect(regionalFormat('fi').moment('2026-12-07T12:05:09Z', 'Europe/Helsinki', 'seconds')).toBe('7.12.2026 klo 14.05.09');
  });

  it('formats numbers and money in the staff language', () => {
    expect(regionalFormat('en').number(1234.5, { style: 'currency', currency: 'EUR' })).toBe('€1,234.50');
    expect(regionalFormat('fi').number(1234.5, { style: 'currency', currency: 'EUR' })).toBe('1\u00a0234,50\u00a0€');
    expect(regionalFormat('en').number(0.125, { style: 'percent', maximumFractionDigits: 1 })).toBe('12.5%');
    expect(regionalFormat('sv').money(123450, 'SEK')).toBe('1\u00a0234,50\u00a0kr');
    expect(regionalFormat('en').money(1250, 'EUR')).toBe('€12.50');
  });
});
