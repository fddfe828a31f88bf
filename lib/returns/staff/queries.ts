import 'server-only';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { compensations, orders, refunds, type ReturnItem, type ReturnReasonNode, returns, type Shipment, shipments } from '@/db/schema';
import { damagedDeductionPercents } from '../damaged-deduction';
import { reasonLeaves } from '../policy';
import { settleReturn } from '../settlement';
import { searchKey, searchKeySql } from '@/lib/search/staff-search';
import { isAwaitingShop } from '@/lib/core/pending-parcel';
import { OPEN_BOOKING_STATES } from '@/lib/carriers/booking-ledger';

/** The receiving desk: an RMA or the return parcel's tracking number (case, spaces and dashes ignored). */
export async function findReturnForReceiving(db: DbOrTx, code: string): Promise<{ id: string; rma: string; status: string } | null> {
  // The same forms as the staff search: `R-10005`, `r10005`, `10005` and a tracking number with spaces or dashes.
  const key = searchKey(code);
  if (!key) return null;
  const rmaKeys = /^\d+$/.test(key) ? [key, `R${key}`] : [key];
  const [row] = await db
    .select({ id: returns.id, rma: returns.rmaNumber, status: returns.status })
    .from(returns)
    .leftJoin(shipments, eq(shipments.id, returns.returnShipmentId))
    .where(or(inArray(searchKeySql(returns.rmaNumber), rmaKeys), eq(searchKeySql(shipments.trackingNumber), key)))
    .limit(1);
  return row ?? null;
}

export type StaffReturnDto = Awaited<ReturnType<typeof getStaffReturn>>;

type StaffReturnRelated = {
  items: {
    id: string;
    title: string;
    sku: string;
    options: Record<string, string>;
    unitPrice: number;
    quantity: number;
    receivedQuantity: number;
    reasonCode: string;
    comment: string | null;
    resolution: ReturnItem['resolution'];
    inspectionGrade: ReturnItem['inspectionGrade'];
    restock: boolean | null;
  }[];
  policy: { bonus: number; reasons: ReturnReasonNode[] } | null;
  kase: { id: string; number: number } | null;
  exchangeParcel: Pick<Shipment, 'id' | 'carrier' | 'trackingNumber' | 'status'> | null;
  platformOrder: { status: string; platform: string; name: string | null; adminUrl: string | null; error: string | null } | null;
  booking: { state: string; carrier: Shipment['carrier']; trackingNumber: string | null; applyError: string | null; calledAt: string } | null;
};

/**
 * Everything the return panel and the receiving desk show, as plain data. One statement: the return, its order and
 * parcels, items, the active policy, its case, the platform order and the open booking as JSON subqueries.
 */
export async function getStaffReturn(db: DbOrTx, returnId: string) {
  const [row] = await db
    .select({
      r: returns,
      orderNumber: orders.orderNumber,
      captured: orders.capturedAmount,
      refunded: orders.refundedAmount,
      trackingNumber: shipments.trackingNumber,
      related: sql<StaffReturnRelated>`json_build_object(
        'items', coalesce((select json_agg(json_build_object('id', ri.id, 'title', ol.title, 'sku', ol.sku, 'options', ol.variant_options, 'unitPrice', ol.unit_price,
            'quantity', ri.quantity, 'receivedQuantity', ri.received_quantity, 'reasonCode', ri.reason_code, 'comment', ri.comment, 'resolution', ri.resolution,
            'inspectionGrade', ri.inspection_grade, 'restock', ri.restock) order by ol.position)
          from return_items ri join order_lines ol on ol.id = ri.order_line_id where ri.return_id = ${returns.id}), '[]'::json),
        'policy', (select json_build_object('bonus', rp.exchange_bonus_percent, 'reasons', rp.reasons) from return_policies rp where rp.is_active limit 1),
        'kase', (select json_build_object('id', c.id, 'number', c.number) from cases c where c.return_id = ${returns.id} limit 1),
        'exchangeParcel', (select json_build_object('id', x.id, 'carrier', x.carrier, 'trackingNumber', x.tracking_number, 'status', x.status)
          from shipments x where x.id = ${returns.exchangeShipmentId}),
        'platformOrder', (select json_build_object('status', po.status, 'platform', pi.platform, 'name', po.external_name, 'adminUrl', po.admin_url, 'error', po.last_error)
          from exchange_platform_orders po join platform_integrations pi on pi.id = po.integration_id where po.return_id = ${returns.id} limit 1),
        'booking', (select json_build_object('state', cb.state, 'carrier', cb.carrier, 'trackingNumber', cb.tracking_number, 'applyError', cb.apply_error,
            'calledAt', to_char(cb.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          from carrier_bookings cb where cb.purpose = 'return' and cb.return_id = ${returns.id} and cb.state in ${OPEN_BOOKING_STATES} limit 1)
      )`,
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .leftJoin(shipments, eq(shipments.id, returns.returnShipmentId))
    .where(eq(returns.id, returnId))
    .limit(1);
  if (!row) return null;
  const { items, policy, kase, exchangeParcel, platformOrder, booking } = row.related;
  const reasons = policy?.reasons ?? [];
  const settlementOptions = { fee: row.r.fee, bonusPercent: policy?.bonus ?? 0, deductionPercents: damagedDeductionPercents(reasons) };
  const settlement = settleReturn(items, settlementOptions);
  const r = row.r;
  const leaves = reasonLeaves(reasons);
  const exchangeAwaitingShop = exchangeParcel ? isAwaitingShop(exchangeParcel.trackingNumber) : false;
  return {
    id: r.id,
    rma: r.rmaNumber,
    status: r.status,
    method: r.method,
    carrier: r.carrier,
    fee: r.fee,
    currency: r.currency,
    orderNumber: row.orderNumber,
    captured: row.captured,
    refunded: row.refunded,
    trackingNumber: row.trackingNumber,
    rejectionReason: r.rejectionReason,
    /** "Ship now": the exchange goes out before the return arrives; the old item is due by `deadline` (ISO). */
    shipNow: r.shipNow && r.shipNowDeadline
      ? { deadline: r.shipNowDeadline.toISOString(), overdue: r.shipNowOverdueAt !== null, parcelStatus: exchangeParcel?.status ?? null }
      : null,
    /** The exchange's outbound parcel: awaiting the shop (staff may enter its tracking), or sent with a carrier's number. */
    exchangeParcel: exchangeParcel
      ? { id: exchangeParcel.id, awaitingShop: exchangeAwaitingShop, carrier: exchangeParcel.carrier, trackingNumber: exchangeAwaitingShop ? null : exchangeParcel.trackingNumber, status: exchangeParcel.status }
      : null,
    /** The exchange's replacement order on the shop's platform (lib/platforms/exchange-orders.ts); null for an order of the shop's own system. */
    platformOrder: platformOrder
      ? { status: platformOrder.status as 'pending' | 'created' | 'failed', platform: platformOrder.platform, name: platformOrder.name, adminUrl: platformOrder.adminUrl, error: platformOrder.error }
      : null,
    /**
     * A booking with the carrier not (yet) on the return (lib/carriers/booking-ledger.ts): `booked` with the carrier's
     * number and why it could not be added, `uncertain` when a call went unanswered (staff check the carrier's portal),
     * `calling` while a call is under way.
     */
    openBooking: booking
      ? { state: booking.state as 'calling' | 'booked' | 'uncertain', carrier: booking.carrier, trackingNumber: booking.trackingNumber, applyError: booking.applyError, calledAt: booking.calledAt }
      : null,
    caseId: kase?.id ?? null,
    caseNumber: kase?.number ?? null,
    items: items.map((i) => ({ ...i, reasonLabels: (leaves.find((l) => l.code === i.reasonCode)?.labels ?? {}) as Record<string, string> })),
    settlement,
    /** What the settlement is computed with (the receiving desk recomputes it live as the agent grades). */
    settlementOptions,
    /** Why the proposal is below the full value: one line per damaged item of a reason with a deduction rule. */
    deductions: settlement.deductions.map((d) => ({
      itemTitle: items[d.index]!.title,
      percent: d.percent,
      amount: d.amount,
      reasonCode: d.reasonCode,
      reasonLabels: leaves.find((l) => l.code === d.reasonCode)?.labels ?? {},
    })),
  };
}

/** What completing a return at the desk came to, for the status line after Confirm: its refunds, store credit, exchange parcel. */
export async function receivingOutcome(db: DbOrTx, rma: string): Promise<{ rma: string; currency: string; refund: number; credit: number; exchange: boolean } | null> {
  const [r] = await db
    .select({ id: returns.id, rma: returns.rmaNumber, status: returns.status, currency: returns.currency, exchangeShipmentId: returns.exchangeShipmentId })
    .from(returns)
    .where(eq(returns.rmaNumber, rma))
    .limit(1);
  if (!r || r.status !== 'completed') return null;
  const [refund] = await db.select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` }).from(refunds).where(eq(refunds.returnId, r.id));
  const [credit] = await db
    .select({ total: sql<number>`coalesce(sum(${compensations.amount}), 0)::int` })
    .from(compensations)
    .where(and(eq(compensations.returnId, r.id), eq(compensations.kind, 'store_credit')));
  return { rma: r.rma, currency: r.currency, refund: refund?.total ?? 0, credit: credit?.total ?? 0, exchange: r.exchangeShipmentId !== null };
}
