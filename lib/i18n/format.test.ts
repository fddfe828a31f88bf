import { describe, expect, it } from 'vitest';
import { dateTimeArgs, formatDate } from './format';

describe('one date path for pages and emails', () => {
  it('keeps a calendar date on its day in any time zone, and shows an instant in the shop zone', () => {
    expect(formatDate('en', '2026-12-05', { timeZone: 'Pacific/Kiritimati' })).toBe('5 December 2026');
    expect(formatDate('en', '2026-12-05T23:30:00Z', { timeZone: 'Europe/Helsinki' })).toBe('6 December 2026');
  });

  it('leaves an instant in the page formatter’s own time zone when none is given', () => {
    const [, options] = dateTimeArgs('2026-12-05T23:30:00Z', 'short');
    expect(options).not.toHaveProperty('timeZone');
    expect(dateTimeArgs('2026-12-05', 'short')[1]).toMatchObject({ timeZone: 'UTC' });
  });
});
