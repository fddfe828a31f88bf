import { describe, expect, it } from 'vitest';
import { todayIn } from './today';

describe("the shop's calendar day", () => {
  it('is the Helsinki date, not the server UTC date, around midnight', () => {
    const lateEveningUtc = new Date('2026-11-26T22:30:00Z'); // 00:30 on the 27th in Helsinki
    expect(todayIn('Europe/Helsinki', lateEveningUtc)).toBe('2026-11-27');
    expect(todayIn('UTC', lateEveningUtc)).toBe('2026-11-26');
  });
});
