import { describe, expect, it } from 'vitest';
import { localToInstant } from '@/lib/time/zoned';
import { buildTransitModel, type HistoryRow, predictEstimate } from './predict-delivery';
import { CONFIDENCE_MIN_SAMPLES, shareInTen, transitWindow } from './transit-window';

const times = (spec: Record<number, number>) => Object.entries(spec).flatMap(([days, n]) => Array<number>(n).fill(Number(days)));

describe('the delivery window and how sure it is (pure)', () => {
  it('takes the narrowest window that holds the target share: one day when 9 in 10 arrive on the same day', () => {
    expect(transitWindow(times({ 2: 18, 3: 1, 5: 1 }))).toEqual({ from: 2, to: 2, hits: 18, samples: 20 });
  });

  it('widens to two or three days only as far as needed, and reports the share it really holds', () => {
    // 1 day: at most 10 of 20; 2 days (2–3): 17 of 20 = 85 %.
    expect(transitWindow(times({ 1: 2, 2: 10, 3: 7, 6: 1 }))).toEqual({ from: 2, to: 3, hits: 17, samples: 20 });
    // Spread out: no window of at most 3 days reaches the target, so the best (earliest) 3-day one with its lower share (14 of 20).
    const spread = transitWindow(times({ 1: 4, 2: 5, 3: 5, 4: 4, 5: 2 }))!;
    expect(spread).toEqual({ from: 1, to: 3, hits: 14, samples: 20 });
    expect(shareInTen(spread.hits, spread.samples)).toBe(7);
  });

  it('on a tie prefers the earlier window (never promises later than the data)', () => {
    // 2–3 and 3–4 both hold 18 of 20 when 3 is the middle: the earlier wins.
    expect(transitWindow(times({ 2: 5, 3: 13, 4: 5 }), 0.75)).toEqual({ from: 2, to: 3, hits: 18, samples: 23 });
    expect(transitWindow(times({ 1: 10, 2: 10 }), 0.5)).toEqual({ from: 1, to: 1, hits: 10, samples: 20 });
  });

  it('copes with tiny samples: nothing for no parcels, the single day for one', () => {
    expect(transitWindow([])).toBeNull();
    expect(transitWindow([3])).toEqual({ from: 3, to: 3, hits: 1, samples: 1 });
  });

  it('rounds the claim down: 17 of 20 (85 %) is "8 in 10", 18 of 20 is "9 in 10", all of them is "10 in 10"', () => {
    expect(shareInTen(17, 20)).toBe(8);
    expect(shareInTen(18, 20)).toBe(9);
    expect(shareInTen(20, 20)).toBe(10);
    expect(shareInTen(7, 10)).toBe(7);
  });
});

const hki = (local: string) => localToInstant(local, 'Europe/Helsinki')!;
const calendar = { holidayCountry: 'FI' as const, timeZone: 'Europe/Helsinki' };

/** `n` parcels shipped on Mondays of Nov 2026 and delivered `days` business days later (Mon + 1 = Tue …). */
function parcels(n: number, days: number, postalCode = '00100'): HistoryRow[] {
  const deliveredOn = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-09'][days]!;
  return Array.from({ length: n }, () => ({ carrier: 'posti', service: 'Postipaketti', postalCode, country: 'FI', shippedAt: hki('2026-11-02T15:00'), deliveredAt: hki(`${deliveredOn}T12:00`) }));
}

describe('the window in dates (model)', () => {
  const input = { carrier: 'posti' as const, service: 'Postipaketti', postalCode: '00530', country: 'FI' };

  it('a route with enough parcels gets its window and the share that landed in it', () => {
    const model = buildTransitModel([...parcels(11, 1), ...parcels(8, 2), ...parcels(2, 4)], calendar);
    // Shipped Tue 17 Nov: 1–2 business days = Wed 18 – Thu 19 Nov; 19 of 21 arrived in such a window.
    expect(predictEstimate(model, { ...input, shippedAt: hki('2026-11-17T10:00') })).toEqual({ date: '2026-11-18', from: '2026-11-18', to: '2026-11-19', hits: 19, samples: 21, basis: 'route' });
  });

  it('a window that crosses a weekend: shipped Thursday, 1–2 business days is Fri – Mon', () => {
    const model = buildTransitModel([...parcels(10, 1), ...parcels(10, 2)], calendar);
    expect(predictEstimate(model, { ...input, shippedAt: hki('2026-11-19T10:00') })).toMatchObject({ from: '2026-11-20', to: '2026-11-23' });
  });

  it('counts the shop’s holidays: shipped Wed 23 Dec, 1–2 business days is Mon 28 – Tue 29 Dec', () => {
    const model = buildTransitModel([...parcels(10, 1), ...parcels(10, 2)], calendar);
    expect(predictEstimate(model, { ...input, shippedAt: hki('2026-12-23T10:00') })).toMatchObject({ date: '2026-12-28', from: '2026-12-28', to: '2026-12-29' });
  });

  it(`below ${CONFIDENCE_MIN_SAMPLES} parcels: a date and window from the data but no confidence claim`, () => {
    const model = buildTransitModel([...parcels(6, 1), ...parcels(4, 2)], calendar);
    expect(predictEstimate(model, { ...input, shippedAt: hki('2026-11-17T10:00') })).toEqual({ date: '2026-11-18', from: '2026-11-18', to: '2026-11-19', hits: null, samples: null, basis: 'route' });
  });

  it('with no history at all: the carrier’s published transit, no claim', () => {
    const model = buildTransitModel([], calendar);
    const estimate = predictEstimate(model, { ...input, carrier: 'matkahuolto', shippedAt: hki('2026-11-16T10:00') });
    expect(estimate).toMatchObject({ date: '2026-11-18', hits: null, samples: null, basis: 'standard' });
    expect(estimate.from <= estimate.date && estimate.date <= estimate.to).toBe(true);
  });

  it('a small route falls back to the delivery method’s larger group, which may claim confidence', () => {
    const model = buildTransitModel([...parcels(20, 1, '00100'), ...parcels(2, 3, '96100')], calendar);
    expect(predictEstimate(model, { ...input, postalCode: '96200', shippedAt: hki('2026-11-17T10:00') })).toEqual({ date: '2026-11-18', from: '2026-11-18', to: '2026-11-18', hits: 20, samples: 22, basis: 'service' });
  });
});
