import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDaysBetween, easterSunday, holidaysOf, isBusinessDay } from './holidays';

describe('holidays', () => {
  it('computes Easter Sunday', () => {
    expect(easterSunday(2024)).toEqual([3, 31]);
    expect(easterSunday(2025)).toEqual([4, 20]);
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(easterSunday(2027)).toEqual([3, 28]);
  });

  it('lists the Finnish holidays of 2026', () => {
    expect([...holidaysOf('FI', 2026)].sort()).toEqual([
      '2026-01-01', '2026-01-06', '2026-04-03', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-24',
      '2026-06-19', '2026-06-20', '2026-10-31', '2026-12-06', '2026-12-24', '2026-12-25', '2026-12-26',
    ]);
  });

  it('knows the country differences', () => {
    expect(holidaysOf('SE', 2026).has('2026-06-06')).toBe(true);
    expect(holidaysOf('FI', 2026).has('2026-06-06')).toBe(false);
    expect(holidaysOf('NO', 2026).has('2026-05-17')).toBe(true);
    expect(holidaysOf('NO', 2026).has('2026-05-25')).toBe(true); // Whit Monday
    expect(holidaysOf('FI', 2026).has('2026-05-25')).toBe(false);
    expect(holidaysOf('DK', 2023).has('2023-05-05')).toBe(true); // Great Prayer Day, abolished 2024
    expect(holidaysOf('DK', 2024).has('2024-04-26')).toBe(false);
  });

  it('counts business days across weekends and holidays', () => {
    expect(isBusinessDay('2026-12-24')).toBe(false);
    expect(isBusinessDay('2026-12-28')).toBe(true);
    // Wed 23 Dec + 1 business day skips Christmas Eve to Boxing Day and the weekend → Mon 28 Dec.
    expect(addBusinessDays('2026-12-23', 1)).toBe('2026-12-28');
    expect(addBusinessDays('2026-04-02', 1)).toBe('2026-04-07'); // Easter
    expect(addBusinessDays('2026-04-07', -1)).toBe('2026-04-02');
    expect(businessDaysBetween('2026-12-23', '2026-12-31')).toBe(4);
    expect(businessDaysBetween('2026-12-31', '2026-12-23')).toBe(0);
  });
});
