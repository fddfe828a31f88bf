import 'server-only';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { cases, compensations, exchangePlatformOrders, orderLines, orders, platformIntegrations, refunds, returnItems, returnPolicies, returns, shipments } from '@/db/schema';
import { damagedDeductionPercents } from '../damaged-deduction';
import { reasonLeaves } from '../policy';
import { settleReturn } from '../settlement';
import { searchKey, searchKeySql } from '@/lib/search/staff-search';
import { isAwaitingShop } from '@/lib/core/pending-parcel';
import { openBooking } from '@/lib/carriers/booking-ledger';

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

/** Reason code → its labels per language, from the active return policy (so staff screens never print a code). */
export async function activeReasonLabels(db: DbOrTx): Promise<Map<string, Record<string, string>>> {
  const [policy] = await db.select({ reasons: returnPolicies.reasons }).from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1);
  return new Map(reasonLeaves(policy?.reasons ?? []).map((l) => [l.code, l.labels as Record<string, string>]));
}

export type StaffReturnDto = Awaited<ReturnType<typeof getStaffReturn>>;

/** Everything the return panel and the receiving desk show, as plain data. */
export async function getStaffReturn(db: DbOrTx, returnId: string) {
  const [row] = await db
    .select({ r: returns, orderNumber: orders.orderNumber, captured: orders.capturedAmount, refunded: orders.refundedAmount, trackingNumber: shipments.trackingNumber })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .leftJoin(shipments, eq(shipments.id, returns.returnShipmentId))
    .where(eq(returns.id, returnId))
    .limit(1);
  if (!row) return null;
  const items = await db
    .select({
      id: returnItems.id,
      title: orderLines.title,
      sku: orderLines.sku,
      options: orderLines.variantOptions,
      unitPrice: orderLines.unitPrice,
      quantity: returnItems.quantity,
      receivedQuantity: returnItems.receivedQuantity,
      reasonCode: returnItems.reasonCode,
      comment: returnItems.comment,
      resolution: returnItems.resolution,
      inspectionGrade: returnItems.inspectionGrade,
      restock: returnItems.restock,
    })
    .from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
    .where(eq(returnItems.returnId, returnId))
    .orderBy(asc(orderLines.position));
  const [policy] = await db
    .select({ bonus: returnPolicies.exchangeBonusPercent, reasons: returnPolicies.reasons })
    .from(returnPolicies)
    .where(eq(returnPolicies.isActive, true))
    .limit(1);
  const reasons = policy?.reasons ?? [];
  const settlementOptions = { fee: row.r.fee, bonusPercent: policy?.bonus ?? 0, deductionPercents: damagedDeductionPercents(reasons) };
  const settlement = settleReturn(items, settlementOptions);
  const [kase] = await db.select({ id: cases.id, number: cases.number }).from(cases).where(eq(cases.returnId, returnId)).limit(1);
  const r = row.r;
  const leaves = reasonLeaves(reasons);
  const [exchangeParcel] = r.exchangeShipmentId
    ? await db.select({ id: shipments.id, carrier: shipments.carrier, trackingNumber: shipments.trackingNumber, status: shipments.status }).from(shipments).where(eq(shipments.id, r.exchangeShipmentId)).limit(1)
    : [];
  const exchangeAwaitingShop = exchangeParcel ? isAwaitingShop(exchangeParcel.trackingNumber) : false;
  const [platformOrder] = await db
    .select({ status: exchangePlatformOrders.status, platform: platformIntegrations.platform, name: exchangePlatformOrders.externalName, adminUrl: exchangePlatformOrders.adminUrl, error: exchangePlatformOrders.lastError })
    .from(exchangePlatformOrders)
    .innerJoin(platformIntegrations, eq(platformIntegrations.id, exchangePlatformOrders.integrationId))
    .where(eq(exchangePlatformOrders.returnId, returnId))
    .limit(1);
  const booking = await openBooking(db, { returnId });
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
      ? { state: booking.state as 'calling' | 'booked' | 'uncertain', carrier: booking.carrier, trackingNumber: booking.trackingNumber, applyError: booking.applyError, calledAt: booking.createdAt.toISOString() }
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
