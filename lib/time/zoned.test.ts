import { describe, expect, it } from 'vitest';
import { formatLocal, formatWithOffset, localToInstant, parseCarrierTime, toIsoDate } from './zoned';

describe('carrier times', () => {
  it('reads local wall-clock time in winter and summer', () => {
    expect(localToInstant('2026-11-20 14:05:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-11-20T12:05:00.000Z');
    expect(localToInstant('2026-07-15T13:05', 'Europe/Helsinki')?.toISOString()).toBe('2026-07-15T10:05:00.000Z');
    expect(localToInstant('2026-11-20T14:05:00', 'Europe/Stockholm')?.toISOString()).toBe('2026-11-20T13:05:00.000Z');
  });

  it('handles the DST switch nights (Helsinki: 29 Mar 03:00 → 04:00, 25 Oct 04:00 → 03:00)', () => {
    expect(localToInstant('2026-03-29T02:30', 'Europe/Helsinki')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(localToInstant('2026-03-29T04:30', 'Europe/Helsinki')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(localToInstant('2026-10-25T05:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });

  it('keeps an explicit offset, including Java’s +0000', () => {
    expect(parseCarrierTime('2019-03-16T14:58:48+0000', 'Europe/Oslo')?.toISOString()).toBe('2019-03-16T14:58:48.000Z');
    expect(parseCarrierTime('2026-11-20T14:58:48+01:00', 'Europe/Helsinki')?.toISOString()).toBe('2026-11-20T13:58:48.000Z');
    expect(parseCarrierTime('2026-11-20T13:58:48Z', 'Europe/Helsinki')?.toISOString()).toBe('2026-11-20T13:58:48.000Z');
  });

  it('rejects what is not a time', () => {
    for (const v of ['', 'yesterday', '2026-13-45', 42, null, '2026-11-20T25:99']) expect(parseCarrierTime(v, 'Europe/Helsinki')?.toISOString() ?? null).toBeNull();
  });

  it('formats back the way carriers without offsets write it, and reads dates', () => {
    const t = new Date('2026-07-15T10:05:00Z');
    expect(formatLocal(t, 'Europe/Helsinki')).toBe('2026-07-15T13:05:00');
    expect(formatWithOffset(t, 'Europe/Oslo')).toBe('2026-07-15T12:05:00+02:00');
    expect(toIsoDate('22.7.2026')).toBe('2026-07-22');
    expect(toIsoDate('2026-07-22T00:00:00')).toBe('2026-07-22');
    expect(toIsoDate('soon')).toBeUndefined();
  });
});
