import type { WithdrawnLine } from '@/db/schema';
import { addCalendarDays, type HolidayCountry, isBusinessDay } from '@/lib/time/holidays';
import { todayIn } from '@/lib/time/today';

/** CRD art. 9: 14 days from the day the consumer received the last good of the order. */
export const WITHDRAWAL_DAYS = 14;

/**
 * Where the EU withdrawal period of an order stands (legal.md §1.6 W12, §2.1):
 * - `not_started`: something is not delivered yet. Withdrawing before delivery is allowed, so the
 *   function is open; the 14 days only start when the last parcel arrives.
 * - `open` / `closed`: counted from the shop-local day the last parcel was delivered; a last day on a
 *   weekend or public holiday moves to the next working day (Reg. 1182/71).
 * - `canceled`: the order was canceled; there is no contract left to withdraw from.
 */
export type WithdrawalPeriod =
  | { kind: 'not_started' }
  | { kind: 'open'; lastDeliveredOn: string; until: string }
  | { kind: 'closed'; lastDeliveredOn: string; until: string }
  | { kind: 'canceled' };

export type PeriodInput = {
  canceled: boolean;
  lines: ReadonlyArray<{ quantity: number; fulfilledQuantity: number }>;
  /** Outbound parcels only. */
  parcels: ReadonlyArray<{ status: string; deliveredAt: Date | null }>;
  now: Date;
  timeZone: string;
  country: HolidayCountry;
};

/** The last day of a period that starts on `receivedOn` (shop-local date). */
export function lastWithdrawalDay(receivedOn: string, country: HolidayCountry): string {
  let until = addCalendarDays(receivedOn, WITHDRAWAL_DAYS);
  while (!isBusinessDay(until, country)) until = addCalendarDays(until, 1);
  return until;
}

export function withdrawalPeriod(input: PeriodInput): WithdrawalPeriod {
  if (input.canceled) return { kind: 'canceled' };
  const parcels = input.parcels.filter((p) => p.status !== 'canceled');
  const allShipped = input.lines.every((l) => l.fulfilledQuantity >= l.quantity);
  // An undelivered parcel (moving, waiting at a pickup point, lost, sent back) means the customer has
  // not received everything yet: the period has not started. Unknown delivery = assume the worst case.
  if (!allShipped || parcels.length === 0 || parcels.some((p) => !p.deliveredAt)) return { kind: 'not_started' };
  const last = parcels.reduce((max, p) => (p.deliveredAt! > max ? p.deliveredAt! : max), parcels[0]!.deliveredAt!);
  const lastDeliveredOn = todayIn(input.timeZone, last);
  const until = lastWithdrawalDay(lastDeliveredOn, input.country);
  return { kind: todayIn(input.timeZone, input.now) <= until ? 'open' : 'closed', lastDeliveredOn, until };
}

export function canWithdraw(period: WithdrawalPeriod): boolean {
  return period.kind === 'open' || period.kind === 'not_started';
}

/**
 * The refund a withdrawal leads to (CRD art. 13): the goods plus the standard delivery cost.
 * A partial withdrawal gets the delivery cost in proportion to the value withdrawn; withdrawing
 * everything (or nothing chosen = the whole order) gets all of it.
 */
export function withdrawalRefund(input: {
  lines: ReadonlyArray<{ id: string; unitPrice: number; quantity: number }>;
  shippingAmount: number;
  withdrawn: ReadonlyArray<WithdrawnLine> | null;
}): { itemsAmount: number; deliveryRefundAmount: number } {
  const total = input.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  if (!input.withdrawn) return { itemsAmount: total, deliveryRefundAmount: input.shippingAmount };
  const byId = new Map(input.lines.map((l) => [l.id, l]));
  const itemsAmount = input.withdrawn.reduce((sum, w) => sum + (byId.get(w.orderLineId)?.unitPrice ?? 0) * w.quantity, 0);
  const everything = input.lines.every((l) => input.withdrawn!.some((w) => w.orderLineId === l.id && w.quantity >= l.quantity));
  const deliveryRefundAmount = everything || total === 0 ? input.shippingAmount : Math.round((input.shippingAmount * itemsAmount) / total);
  return { itemsAmount, deliveryRefundAmount };
}
