/**
 * The one sentence at the top of the order page that answers "where is my order?" for the whole
 * order: "1 of 2 parcels delivered — Myrsky rain jacket is late, now expected Tue 8 Dec", then any
 * return or exchange still under way. Pure: built from the order DTO (and the open returns), so the
 * page and the tests agree; `summaryText` turns it into words with the catalog (ICU plurals).
 */
import { type Carrier, carrierName } from '@/lib/carriers/catalog';
import type { ParcelDto } from '@/lib/tracking/queries';

import type { OpenReturnDto } from '@/lib/returns/open-returns';

export type { OpenReturnDto };

export type SummaryParcel = Pick<ParcelDto, 'carrier' | 'status' | 'subStatus' | 'deliveredAt' | 'expectedDate' | 'isLate' | 'pickupPoint' | 'pickupDeadline' | 'lines'> &
  Partial<Pick<ParcelDto, 'awaitingShop'>>;

type Item = { title: string | null; others: number; carrier: Carrier };

export type OrderSummary = {
  delivery:
    | { kind: 'preparing' }
    | { kind: 'canceled' }
    | { kind: 'delivered_one'; date: string | null }
    | { kind: 'delivered_all'; total: number }
    | { kind: 'partly_delivered'; delivered: number; total: number }
    | { kind: 'on_the_way'; total: number; date: string | null };
  /** The one parcel that needs attention most (or null when nothing does). */
  focus:
    | null
    | ({ item: Item; date: string | null } & (
        | { kind: 'problem'; reason: string }
        | { kind: 'failed_attempt' }
        | { kind: 'returned_to_sender' }
        | { kind: 'pickup'; point: string | null; until: string | null }
        | { kind: 'late' }
      ));
  /** Whether the focus is the order's only parcel (then it is the whole sentence). */
  focusIsWholeOrder: boolean;
  returns: OpenReturnDto[];
};

const itemOf = (parcel: SummaryParcel): Item => ({
  title: parcel.lines[0]?.title ?? null,
  others: Math.max(0, parcel.lines.length - 1),
  carrier: parcel.carrier,
});

/** Worst first: a problem, a failed attempt, a parcel going back, one waiting at a pickup point, a late one. */
function focusOf(parcel: SummaryParcel): OrderSummary['focus'] {
  const item = itemOf(parcel);
  const date = parcel.expectedDate;
  switch (parcel.status) {
    case 'exception':
      return { kind: 'problem', reason: parcel.subStatus ?? 'other', item, date };
    case 'failed_attempt':
      return { kind: 'failed_attempt', item, date };
    case 'returned_to_sender':
      return { kind: 'returned_to_sender', item, date: null };
    case 'available_for_pickup':
      return { kind: 'pickup', point: parcel.pickupPoint?.name ?? null, until: parcel.pickupDeadline, item, date: null };
    default:
      return parcel.isLate ? { kind: 'late', item, date } : null;
  }
}
const rank: Record<NonNullable<OrderSummary['focus']>['kind'], number> = { problem: 0, failed_attempt: 1, returned_to_sender: 2, pickup: 3, late: 4 };

export function buildOrderSummary(order: { parcels: SummaryParcel[]; returns?: OpenReturnDto[] }): OrderSummary {
  // A parcel awaiting the shop (an exchange's, a reship's) has not left yet: its own card says so, the count does not include it.
  const parcels = order.parcels.filter((p) => p.status !== 'canceled' && !p.awaitingShop);
  const total = parcels.length;
  const delivered = parcels.filter((p) => p.status === 'delivered').length;
  const delivery: OrderSummary['delivery'] =
    order.parcels.length > 0 && order.parcels.every((p) => p.status === 'canceled')
      ? { kind: 'canceled' }
      : total === 0
        ? { kind: 'preparing' }
        : delivered === total
          ? total === 1
            ? { kind: 'delivered_one', date: parcels[0]!.deliveredAt }
            : { kind: 'delivered_all', total }
          : delivered > 0
            ? { kind: 'partly_delivered', delivered, total }
            : {
                kind: 'on_the_way',
                total,
                // The day the last of them is expected: when the whole order is here.
                date: parcels.every((p) => p.expectedDate) ? parcels.map((p) => p.expectedDate!).sort().at(-1)! : null,
              };
  const focus =
    parcels
      .map(focusOf)
      .filter((f): f is NonNullable<OrderSummary['focus']> => f !== null)
      .sort((a, b) => rank[a.kind] - rank[b.kind])[0] ?? null;
  return { delivery, focus, focusIsWholeOrder: focus !== null && total === 1, returns: order.returns ?? [] };
}

type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The summary in the customer's language. `t` is scoped to `firstScreen.summary`; `date` formats a
 * shop-local calendar date ("Tue 8 Dec").
 */
export function summaryText(summary: OrderSummary, t: Translate, date: (value: string) => string): { sentence: string; returns: string[] } {
  const d = summary.delivery;
  const deliveryText =
    d.kind === 'preparing'
      ? t('preparing')
      : d.kind === 'canceled'
        ? t('canceled')
        : d.kind === 'delivered_one'
          ? d.date
            ? t('deliveredOn', { date: date(d.date) })
            : t('delivered')
          : d.kind === 'delivered_all'
            ? t('deliveredAll', { total: d.total })
            : d.kind === 'partly_delivered'
              ? t('partlyDelivered', { delivered: d.delivered, total: d.total })
              : d.date
                ? t('onTheWayExpected', { total: d.total, date: date(d.date) })
                : t('onTheWay', { total: d.total });

  let sentence = deliveryText;
  const f = summary.focus;
  if (f) {
    const item = f.item.title
      ? f.item.others > 0
        ? t('itemAndOthers', { item: f.item.title, count: f.item.others })
        : f.item.title
      : t('carrierParcel', { carrier: carrierName(f.item.carrier) });
    const focusText =
      f.kind === 'problem'
        ? t('problem', { item, reason: f.reason })
        : f.kind === 'failed_attempt'
          ? t('failedAttempt', { item })
          : f.kind === 'returned_to_sender'
            ? t('returnedToSender', { item })
            : f.kind === 'pickup'
              ? f.point && f.until
                ? t('pickupUntil', { item, point: f.point, date: date(f.until) })
                : f.point
                  ? t('pickupAt', { item, point: f.point })
                  : t('pickup', { item })
              : t('late', { item });
    const withDate = f.date && f.kind !== 'pickup' && f.kind !== 'returned_to_sender' ? t('withEstimate', { text: focusText, date: date(f.date) }) : focusText;
    sentence = summary.focusIsWholeOrder ? withDate : t('joined', { first: deliveryText, second: withDate });
  }
  const returns = summary.returns.map((r) => t('returnState', { kind: r.kind, rma: r.rma, status: r.status }));
  return { sentence, returns };
}
