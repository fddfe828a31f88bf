import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat } from './formatters';

describe('shared Intl formatters', () => {
  it('formats money and dates like a freshly built formatter does', () => {
    expect(numberFormat('fi-FI', { style: 'currency', currency: 'EUR' }).format(12.5)).toBe(
      new Intl.NumberFormat('fi-FI', { style: 'currency', currency: 'EUR' }).format(12.5),
    );
    const instant = new Date('2026-11-27T10:15:00Z');
    const options = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' } as const;
    expect(dateTimeFormat('en-GB', options).format(instant)).toBe(new Intl.DateTimeFormat('en-GB', options).format(instant));
  });

  it('builds each locale and options once: a page formatting 50 prices reuses one formatter', () => {
    const first = numberFormat('sv-SE', { style: 'currency', currency: 'SEK' });
    for (let i = 0; i < 50; i++) expect(numberFormat('sv-SE', { style: 'currency', currency: 'SEK' })).toBe(first);
    expect(dateTimeFormat('fi-FI', { dateStyle: 'short', timeZone: 'UTC' })).toBe(dateTimeFormat('fi-FI', { dateStyle: 'short', timeZone: 'UTC' }));
  });

  it('keeps different currencies, locales and time zones apart', () => {
    expect(numberFormat('fi-FI', { style: 'currency', currency: 'EUR' }).format(1)).toContain('€');
    expect(numberFormat('fi-FI', { style: 'currency', currency: 'SEK' }).format(1)).not.toContain('€');
    expect(numberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(1)).toBe('€1.00');
    const instant = new Date('2026-11-27T23:30:00Z');
    expect(dateTimeFormat('en-GB', { day: 'numeric', timeZone: 'UTC' }).format(instant)).toBe('27');
    expect(dateTimeFormat('en-GB', { day: 'numeric', timeZone: 'Europe/Helsinki' }).format(instant)).toBe('28');
  });
});
