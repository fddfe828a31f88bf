import { describe, expect, it } from 'vitest';
import type { ReturnReasonNode } from '@/db/schema/returns';
import { damagedDeductionPercents, damagedDeductions } from './damaged-deduction';
import { settleReturn } from './staff/complete-return';

const reasons: ReturnReasonNode[] = [
  { code: 'size', labels: { en: 'Size' }, children: [{ code: 'too_small', labels: { en: 'Too small' } }] },
  { code: 'changed_mind', labels: { en: 'Changed my mind' }, damagedDeductionPercent: 30 },
  { code: 'damaged', labels: { en: 'Damaged' }, damagedDeductionPercent: 0 },
];
const item = (over: Partial<Parameters<typeof settleReturn>[0][number]> = {}) => ({
  resolution: 'refund' as const,
  receivedQuantity: 1,
  unitPrice: 8900,
  inspectionGrade: 'damaged',
  reasonCode: 'changed_mind',
  ...over,
});

describe('policy deduction for a damaged item', () => {
  it('reads the rule from the leaves of the reason tree; 0 % or no rule means none', () => {
    expect(damagedDeductionPercents(reasons)).toEqual({ changed_mind: 30 });
    expect(damagedDeductionPercents([])).toEqual({});
  });

  it('proposes the value less 30 % for a damaged "changed my mind" item; the cap stays the full value', () => {
    const s = settleReturn([item()], { fee: 0, bonusPercent: 0, deductionPercents: damagedDeductionPercents(reasons) });
    expect(s.refund).toBe(8900);
    expect(s.proposedRefund).toBe(6230);
    expect(s.deductions).toEqual([{ index: 0, reasonCode: 'changed_mind', percent: 30, amount: 2670 }]);
  });

  it('deducts only damaged refund items of the reason with a rule, per item, rounded to whole cents', () => {
    const percents = damagedDeductionPercents(reasons);
    const items = [
      item({ unitPrice: 1999, receivedQuantity: 1 }), // 599.7 → 600
      item({ unitPrice: 1005, receivedQuantity: 3 }), // 904.5 → 905 (half up)
      item({ inspectionGrade: 'opened' }), // not damaged
      item({ reasonCode: 'too_small' }), // no rule
      item({ reasonCode: 'damaged' }), // 0 %
      item({ resolution: 'store_credit' }), // not a refund
    ];
    const s = settleReturn(items, { fee: 495, bonusPercent: 10, deductionPercents: percents });
    expect(s.deductions.map((d) => [d.index, d.amount])).toEqual([
      [0, 600],
      [1, 905],
    ]);
    const full = 1999 + 3 * 1005 + 3 * 8900;
    expect(s.refund).toBe(full - 495);
    expect(s.proposedRefund).toBe(full - 600 - 905 - 495);
    expect(s.credit).toBe(9790);
  });

  it('without a rule nothing is deducted and the proposal equals the full value', () => {
    const s = settleReturn([item()], { fee: 0, bonusPercent: 0 });
    expect(s).toMatchObject({ refund: 8900, proposedRefund: 8900, deductions: [] });
    expect(damagedDeductions([item()], { changed_mind: 0 })).toEqual([]);
  });

  it('the proposal never goes below zero when the fee is larger than what is left', () => {
    const s = settleReturn([item({ unitPrice: 500 })], { fee: 495, bonusPercent: 0, deductionPercents: { changed_mind: 100 } });
    expect(s).toMatchObject({ refund: 5, proposedRefund: 0 });
  });
});
