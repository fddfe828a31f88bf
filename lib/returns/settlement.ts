/**
 * What a return is worth, as a pure function: the completion (staff/complete-return.ts) pays it, the
 * case's return panel and the receiving desk show it live before anyone confirms. No database, no
 * server-only imports, so a client component may import it.
 */
import { type DamagedDeduction, damagedDeductions } from './damaged-deduction';

export type ReturnSettlement = {
  /** The most the return is worth (received refund units at their price, less the fee): the cap. */
  refund: number;
  /** What the agent is proposed and what counts as "due": `refund` less the policy's damaged deductions. */
  proposedRefund: number;
  deductions: DamagedDeduction[];
  credit: number;
  exchangeUnits: number;
};

/**
 * What an inspected return is worth: received units of refund items at their price, less the return
 * fee; store-credit items with the policy's bonus; exchange items go out as a parcel. Missing units
 * are worth nothing. A refund item graded damaged whose reason has a deduction rule is proposed at
 * that much less. Pure, so the panel shows the same figure the use case pays.
 */
export function settleReturn(
  items: Array<{ resolution: 'refund' | 'store_credit' | 'exchange'; receivedQuantity: number; unitPrice: number; inspectionGrade: string | null; reasonCode?: string }>,
  options: { fee: number; bonusPercent: number; deductionPercents?: Record<string, number> },
): ReturnSettlement {
  let refund = 0;
  let credit = 0;
  let exchangeUnits = 0;
  for (const item of items) {
    const units = item.inspectionGrade === 'missing' ? 0 : item.receivedQuantity;
    if (item.resolution === 'refund') refund += units * item.unitPrice;
    else if (item.resolution === 'store_credit') credit += Math.floor((units * item.unitPrice * (100 + options.bonusPercent)) / 100);
    else exchangeUnits += units;
  }
  const deductions = damagedDeductions(
    items.map((i) => ({ ...i, reasonCode: i.reasonCode ?? '' })),
    options.deductionPercents ?? {},
  );
  const deducted = deductions.reduce((sum, d) => sum + d.amount, 0);
  return {
    refund: Math.max(0, refund - options.fee),
    proposedRefund: Math.max(0, refund - deducted - options.fee),
    deductions,
    credit,
    exchangeUnits,
  };
}

export type SettlementOptions = Parameters<typeof settleReturn>[1];

/**
 * The receiving desk's live proposal: the return's items with what the agent has entered so far
 * (received units, grade), settled by the same function the completion pays with. A quantity that is
 * not a whole number yet counts as nothing received.
 */
export function deskSettlement(
  items: Array<{ resolution: 'refund' | 'store_credit' | 'exchange'; unitPrice: number; reasonCode: string }>,
  entered: Array<{ quantity: number | string; grade: string | null }>,
  options: SettlementOptions,
): ReturnSettlement {
  return settleReturn(
    items.map((item, i) => {
      const quantity = Number(entered[i]?.quantity);
      return { ...item, receivedQuantity: Number.isInteger(quantity) && quantity > 0 ? quantity : 0, inspectionGrade: entered[i]?.grade ?? null };
    }),
    options,
  );
}
