import type { ReturnReasonNode } from '@/db/schema/returns';

/** One policy deduction the proposed refund applies: an item graded damaged, returned for a reason with a rule. */
export type DamagedDeduction = { index: number; reasonCode: string; percent: number; amount: number };

/** The reason tree's per-leaf `damagedDeductionPercent`, for the leaves that have one above 0. */
export function damagedDeductionPercents(reasons: ReturnReasonNode[]): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (nodes: ReturnReasonNode[]) => {
    for (const node of nodes) {
      if (node.children?.length) walk(node.children);
      else if (node.damagedDeductionPercent && node.damagedDeductionPercent > 0) out[node.code] = Math.min(100, node.damagedDeductionPercent);
    }
  };
  walk(reasons);
  return out;
}

/**
 * What the policy takes off the proposed refund: for each refund item graded `damaged` whose reason
 * carries a deduction rule, that percent of the received units' value, rounded to whole minor units
 * per item (half up). Other grades, other reasons, store credit and exchange items are untouched.
 */
export function damagedDeductions(
  items: Array<{ reasonCode: string; resolution: string; receivedQuantity: number; unitPrice: number; inspectionGrade: string | null }>,
  percents: Record<string, number>,
): DamagedDeduction[] {
  const out: DamagedDeduction[] = [];
  items.forEach((item, index) => {
    const percent = Object.hasOwn(percents, item.reasonCode) ? percents[item.reasonCode]! : 0;
    if (item.resolution !== 'refund' || item.inspectionGrade !== 'damaged' || percent <= 0 || item.receivedQuantity <= 0) return;
    out.push({ index, reasonCode: item.reasonCode, percent, amount: Math.round((item.receivedQuantity * item.unitPrice * percent) / 100) });
  });
  return out;
}
