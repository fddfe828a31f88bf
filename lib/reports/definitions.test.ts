import { describe, expect, it } from 'vitest';
import { belowSample, col, MIN_SAMPLE, rateCol, tablePage, withoutSample, type ReportRow } from './definitions';

const rows = (n: number): ReportRow[] => Array.from({ length: n }, (_, i) => ({ sku: `S${i + 1}` }));

describe('report table pages', () => {
  it('shows 25 rows a page and says which rows of how many', () => {
    expect(tablePage(rows(549), '1')).toMatchObject({ page: 1, pages: 22, first: 1, last: 25, total: 549 });
    const last = tablePage(rows(549), '22');
    expect(last).toMatchObject({ page: 22, first: 526, last: 549 });
    expect(last.rows.map((r) => r.sku)).toEqual(Array.from({ length: 24 }, (_, i) => `S${526 + i}`));
  });

  it('takes a page number out of range or not a number as the nearest page', () => {
    expect(tablePage(rows(30), '9').page).toBe(2);
    expect(tablePage(rows(30), '0').page).toBe(1);
    expect(tablePage(rows(30), 'abc').page).toBe(1);
    expect(tablePage(rows(30), undefined).page).toBe(1);
    expect(tablePage([], '3')).toMatchObject({ page: 1, pages: 1, first: 0, last: 0, total: 0 });
  });
});

describe('minimum sample', () => {
  const rate = rateCol('rate', 'percent', 'sold');
  it(`hides a rate over fewer than ${MIN_SAMPLE} and shows it from ${MIN_SAMPLE} up`, () => {
    expect(belowSample(rate, { sold: 1, rate: 1 })).toBe(true);
    expect(belowSample(rate, { sold: MIN_SAMPLE - 1, rate: 0.5 })).toBe(true);
    expect(belowSample(rate, { sold: MIN_SAMPLE, rate: 0.5 })).toBe(false);
    expect(belowSample(rate, { sold: null, rate: 0.5 })).toBe(true);
  });
  it('never hides a plain count, nor a series over time', () => {
    expect(belowSample(col('sold', 'int'), { sold: 1 })).toBe(false);
    const [overTime] = withoutSample([rate]);
    expect(belowSample(overTime!, { sold: 1, rate: 1 })).toBe(false);
  });
});
