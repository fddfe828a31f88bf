import { paymentMethodNeedsIban } from '@/lib/core/payment-methods';
import { productImageRef } from '@/lib/core/product-image';
import 'server-only';
import { cache } from 'react';
import { and, asc, desc, eq, gt, inArray, isNull, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { compensations, orderLines, orders, photos, refunds, returnItems, returnPolicies, returns, shipmentLines, shipments, variants, type ReturnReasonNode } from '@/db/schema';
import { trackingUrl } from '@/lib/carriers/catalog';
import { hasServicePoints } from '@/lib/carriers/find-service-points';
import type { OrderAccess } from '@/lib/core/actor';
import type { Locale } from '@/lib/core/locales';
import { customerRefundsOfReturn, type CustomerRefund } from '@/lib/refunds/queries';
import { carriersOffering, returnCarriers, returnMethods, type ReturnCarrier, type ReturnMethod } from './methods';
import {
  DEFAULT_POLICY,
  type LeafRule,
  lineEligibility,
  marketFee,
  orderRefusal,
  type PolicyLine,
  type PolicyRules,
  reasonLabel,
  reasonLeaves,
  type Refusal,
} from './policy';
import { type OptionDimension, optionDimensions } from './variant-chips';
import { isAwaitingShop } from '@/lib/core/pending-parcel';

export type PublicPolicyDto = {
  windowDays: number;
  finalSaleReturnable: boolean;
  fees: Array<{ market: string; amount: number; currency: string }>;
  reasons: string[];
};

function leafLabels(nodes: ReturnReasonNode[], locale: Locale): string[] {
  return nodes.flatMap((node) =>
    node.children?.length ? leafLabels(node.children, locale) : [node.labels[locale] ?? node.labels.en ?? node.code],
  );
}

/** The shop's active return policy as the public policy page explains it. */
export async function getPublicPolicy(db: Db, locale: Locale): Promise<PublicPolicyDto | null> {
  const [policy] = await db.select().from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1);
  if (!policy) return null;
  return {
    windowDays: policy.windowDays,
    finalSaleReturnable: policy.finalSaleReturnable,
    fees: Object.entries(policy.feesByMarket)
      .map(([market, fee]) => ({ market, amount: fee.amount, currency: fee.currency }))
      .sort((a, b) => a.market.localeCompare(b.market)),
    reasons: leafLabels(policy.reasons, locale),
  };
}

/** The rules the engine applies (the defaults when the shop has stored no policy). */
/** The order page's returns block reads it on every view: prepared once (db/prepared.ts). */
const activePolicy = preparedQuery((db) => db.select().from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1).prepare('active_return_policy'));

export async function loadPolicy(db: DbOrTx): Promise<PolicyRules> {
  const [row] = await activePolicy(db).execute();
  if (!row) return DEFAULT_POLICY;
  return {
    windowDays: row.windowDays,
    finalSaleReturnable: row.finalSaleReturnable,
    feesByMarket: row.feesByMarket,
    reasons: row.reasons,
    exchangeBonusPercent: row.exchangeBonusPercent,
    maxOpenReturnsPerOrder: row.maxOpenReturnsPerOrder,
    shipExchangeNow: row.shipExchangeNow,
    shipNowChargeAfterDays: row.shipNowChargeAfterDays,
    shipNowMaxOrderValue: row.shipNowMaxOrderValue,
  };
}

/** Statuses that no longer count as an open return. */
export const CLOSED_RETURN_STATUSES = ['completed', 'rejected', 'canceled'] as const;

/** How many of an order's returns (as listOrderReturns lists them) are still open — the count countOpenReturns reads, without a statement of its own. */
export function openReturnCount(list: ReadonlyArray<{ status: string }>): number {
  return list.filter((r) => !(CLOSED_RETURN_STATUSES as readonly string[]).includes(r.status)).length;
}

export async function countOpenReturns(db: DbOrTx, orderId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(returns)
    .where(and(eq(returns.orderId, orderId), notInArray(returns.status, [...CLOSED_RETURN_STATUSES])));
  return row?.n ?? 0;
}

export type PolicyLineRow = PolicyLine & { title: string; options: Record<string, string>; sku: string; image?: string | null };

/** What outbound parcels delivered of a line: the units, and the latest delivery. */
const delivered = (what: SQL) =>
  sql`(select ${what} from ${shipmentLines} sl join ${shipments} s on s.id = sl.shipment_id
       where sl.order_line_id = ${orderLines.id} and s.direction = 'outbound' and s.delivered_at is not null)`;
/** The order page's returns block, the return wizard and submit read it: prepared once (db/prepared.ts). */
const policyLineRows = preparedQuery((db) =>
  db
    .select({
      line: orderLines,
      variantId: variants.id,
      productKey: variants.productKey,
      image: productImageRef(orderLines.imageUrl),
      deliveredQuantity: sql<number>`coalesce(${delivered(sql`sum(sl.quantity)`)}, 0)::int`,
      deliveredAt: sql<Date | null>`${delivered(sql`max(s.delivered_at)`)}`.mapWith(shipments.deliveredAt),
    })
    .from(orderLines)
    .leftJoin(variants, eq(variants.sku, orderLines.sku))
    .where(eq(orderLines.orderId, sql.placeholder('orderId')))
    .orderBy(asc(orderLines.position), asc(orderLines.createdAt))
    .prepare('policy_lines'),
);

/** The order's lines with what the policy needs: counters, delivered units and date, catalogue product. One statement. */
export async function loadPolicyLines(db: DbOrTx, orderId: string): Promise<PolicyLineRow[]> {
  const rows = await policyLineRows(db).execute({ orderId });
  return rows.map(({ line, variantId, productKey, image, deliveredQuantity, deliveredAt }) => ({
    id: line.id,
    title: line.title,
    sku: line.sku,
    options: line.variantOptions,
    image,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    fulfilledQuantity: line.fulfilledQuantity,
    returnRequestedQuantity: line.returnRequestedQuantity,
    returnedQuantity: line.returnedQuantity,
    finalSale: line.finalSale,
    deliveredQuantity,
    deliveredAt,
    productKey: productKey ?? null,
    variantId: variantId ?? null,
  }));
}

export type VariantOptionDto = { id: string; productKey: string; title: string; options: Record<string, string>; price: number; currency: string; stock: number; image: string | null };

export type WizardLineDto = {
  id: string;
  title: string;
  /** The stored product picture's hash, or null. */
  image: string | null;
  options: Record<string, string>;
  unitPrice: number;
  /** 0 when the line cannot be returned; then `refusal` says why. */
  returnableQuantity: number;
  refusal: Refusal | null;
  deadline: string | null;
  productKey: string | null;
  variantId: string | null;
  /** Other sizes and colours of the same product, in the catalogue's order (live stock is re-read by the client). */
  exchangeVariants: VariantOptionDto[];
  /** The product's option dimensions (size, colour) and values in the catalogue's order, the customer's own included. */
  optionDimensions: OptionDimension[];
};

export type WizardReasonDto = Pick<LeafRule, 'code' | 'photoRequired' | 'feeWaived' | 'autoApprove' | 'resolutions'> & { label: string };

/** Sent to the client component: no internal ids or personal data beyond what the wizard shows. */
export type ReturnWizardDto = {
  orderNumber: string;
  market: string;
  currency: string;
  windowDays: number;
  orderRefusal: Refusal | null;
  lines: WizardLineDto[];
  reasons: WizardReasonDto[];
  bonusPercent: number;
  marketFee: number;
  /** Other products the customer can take instead, paid by the return's credit. */
  otherProducts: VariantOptionDto[];
  methods: Array<{ method: ReturnMethod; carriers: ReturnCarrier[] }>;
  /** Where the drop-off step searches service points first (the order's shipping address), and which carriers offer a search. */
  servicePoints: { postalCode: string; country: string; carriers: ReturnCarrier[] };
  /** The order was paid by invoice, BNPL or bank transfer: a refund needs the customer's bank account (IBAN). */
  refundToBankAccount: boolean;
  /**
   * "Send my new item now" as the policy allows it for this order (on, and the order within its value cap);
   * the wizard offers it when, besides, every chosen item is an exchange in stock. Null: not offered.
   */
  shipNow: { chargeAfterDays: number; orderValue: number; maxOrderValue: number | null } | null;
};

const variantDto = ({ v, image }: { v: typeof variants.$inferSelect; image: string | null }): VariantOptionDto => ({
  image,
  id: v.id,
  productKey: v.productKey,
  title: v.title,
  options: v.options,
  price: v.price,
  currency: v.currency,
  stock: v.stock,
});

/** Everything the return wizard needs for one order the customer has access to. */
export async function getReturnWizard(db: Db, access: OrderAccess, locale: Locale, timeZone: string, now = new Date()): Promise<ReturnWizardDto | null> {
  const [order] = await db.select().from(orders).where(eq(orders.id, access.orderId)).limit(1);
  if (!order) return null;
  const [policy, lines, openReturns] = await Promise.all([loadPolicy(db), loadPolicyLines(db, order.id), countOpenReturns(db, order.id)]);
  const productKeys = [...new Set(lines.map((l) => l.productKey).filter((k): k is string => k !== null))];
  const [siblings, others] = await Promise.all([
    productKeys.length
      ? // The catalogue's order is the order the shop created its variants (S, M, L, XL), not their SKUs' alphabet.
        db
          .select({ v: variants, image: productImageRef(variants.imageUrl) })
          .from(variants)
          // A variant whose product the shop's platform deleted is never offered (lib/platforms/apply-variants.ts).
          .where(and(inArray(variants.productKey, productKeys), isNull(variants.discontinuedAt)))
          .orderBy(asc(variants.createdAt), asc(variants.sku))
      : Promise.resolve([]),
    db
      .select({ v: variants, image: productImageRef(variants.imageUrl) })
      .from(variants)
      .where(and(eq(variants.currency, order.currency), gt(variants.stock, 0), isNull(variants.discontinuedAt), productKeys.length ? notInArray(variants.productKey, productKeys) : undefined))
      .orderBy(asc(variants.title), asc(variants.sku))
      .limit(100),
  ]);
  return {
    orderNumber: order.orderNumber,
    market: order.market,
    currency: order.currency,
    windowDays: policy.windowDays,
    orderRefusal: orderRefusal(policy, { market: order.market, currency: order.currency, canceled: order.canceledAt !== null, openReturns }),
    lines: lines.map((line) => {
      const eligibility = lineEligibility(policy, line, now, timeZone);
      return {
        id: line.id,
        title: line.title,
        options: line.options,
        unitPrice: line.unitPrice,
        returnableQuantity: eligibility.eligible ? eligibility.returnableQuantity : 0,
        refusal: eligibility.eligible ? null : eligibility.refusal,
        deadline: eligibility.deadline,
        productKey: line.productKey,
        variantId: line.variantId,
        image: line.image ?? null,
        exchangeVariants: siblings.filter(({ v }) => v.productKey === line.productKey && v.id !== line.variantId && v.currency === order.currency).map(variantDto),
        optionDimensions: line.productKey
          ? optionDimensions([
              ...siblings.filter(({ v }) => v.productKey === line.productKey && (v.currency === order.currency || v.id === line.variantId)).map(({ v }) => v),
              { options: line.options },
            ])
          : [],
      };
    }),
    reasons: reasonLeaves(policy.reasons).map((leaf) => ({
      code: leaf.code,
      label: reasonLabel(leaf, locale),
      photoRequired: leaf.photoRequired,
      feeWaived: leaf.feeWaived,
      autoApprove: leaf.autoApprove,
      resolutions: leaf.resolutions,
    })),
    bonusPercent: policy.exchangeBonusPercent,
    marketFee: marketFee(policy, order.market, order.currency),
    otherProducts: others.map(variantDto),
    methods: returnMethods.map((method) => ({ method, carriers: carriersOffering(order.market, method) })).filter((m) => m.carriers.length > 0),
    servicePoints: { postalCode: order.shippingPostalCode, country: order.shippingCountry, carriers: returnCarriers.filter(hasServicePoints) },
    refundToBankAccount: paymentMethodNeedsIban(order.paymentMethod),
    shipNow: shipNowOfferOf(policy, lines),
  };
}

function shipNowOfferOf(policy: PolicyRules, lines: PolicyLineRow[]): ReturnWizardDto['shipNow'] {
  const orderValue = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  if (!policy.shipExchangeNow || (policy.shipNowMaxOrderValue !== null && orderValue > policy.shipNowMaxOrderValue)) return null;
  return { chargeAfterDays: policy.shipNowChargeAfterDays, orderValue, maxOrderValue: policy.shipNowMaxOrderValue };
}

/** Live stock of the variants the wizard offers (the client re-reads it while the customer decides). */
export async function getVariantStock(db: Db, ids: string[]): Promise<Record<string, number>> {
  if (ids.length === 0) return {};
  const rows = await db.select({ id: variants.id, stock: variants.stock }).from(variants).where(inArray(variants.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.stock]));
}

export type OrderReturnSummaryDto = { rma: string; status: (typeof returns.$inferSelect)['status']; requestedAt: string; itemCount: number };

/** An order's return, newest first, with what the order page's summary sentence and returns block both show. */
export type OrderReturnRow = OrderReturnSummaryDto & { exchange: boolean };

const orderReturnRows = preparedQuery((db) =>
  db
    .select({
      rma: returns.rmaNumber,
      status: returns.status,
      requestedAt: returns.requestedAt,
      itemCount: sql<number>`coalesce(sum(${returnItems.quantity}), 0)::int`,
      exchange: sql<boolean>`coalesce(bool_or(${returnItems.resolution} = 'exchange'), false)`,
    })
    .from(returns)
    .leftJoin(returnItems, eq(returnItems.returnId, returns.id))
    .where(eq(returns.orderId, sql.placeholder('orderId')))
    .groupBy(returns.id)
    .orderBy(desc(returns.requestedAt))
    .prepare('order_returns'),
);

/**
 * The order's returns, newest first. Wrapped in React's `cache`: the order page's summary sentence and its returns
 * block each ask, and one statement answers both.
 */
export const readOrderReturns = cache(async (db: Db, orderId: string): Promise<OrderReturnRow[]> => {
  const rows = await orderReturnRows(db).execute({ orderId });
  return rows.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() }));
});

/** The order's returns, newest first, for the order page. */
export async function listOrderReturns(db: Db, orderId: string): Promise<OrderReturnSummaryDto[]> {
  return (await readOrderReturns(db, orderId)).map(({ rma, status, requestedAt, itemCount }) => ({ rma, status, requestedAt, itemCount }));
}

/** The return status page's access check: prepared once (db/prepared.ts). */
const returnOrderByRma = preparedQuery((db) =>
  db
    .select({ returnId: returns.id, orderId: returns.orderId, orderNumber: orders.orderNumber })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(eq(returns.rmaNumber, sql.placeholder('rma')))
    .limit(1)
    .prepare('return_order_by_rma'),
);

/** The order a return belongs to (the page then checks the customer's access to that order). */
export async function findReturnOrder(db: Db, rma: string): Promise<{ returnId: string; orderId: string; orderNumber: string } | null> {
  const [row] = await returnOrderByRma(db).execute({ rma });
  return row ?? null;
}

export type ReturnTimelineStep = 'requested' | 'approved' | 'label_issued' | 'in_transit' | 'received' | 'inspected' | 'completed' | 'closed';

export type CustomerReturnDto = {
  id: string;
  rma: string;
  orderNumber: string;
  status: (typeof returns.$inferSelect)['status'];
  method: ReturnMethod;
  carrier: ReturnCarrier | null;
  fee: number;
  currency: string;
  estimatedRefund: number;
  estimatedCredit: number;
  rejectionReason: string | null;
  /** When each step happened (ISO), null when not (yet). */
  times: Record<'requested' | 'approved' | 'label_issued' | 'received' | 'inspected' | 'completed' | 'rejected' | 'canceled', string | null>;
  /** The return parcel has been scanned by the carrier (derived from its tracking). */
  inTransitAt: string | null;
  canCancel: boolean;
  /** "Ship now": the new item is sent before the return arrives; the old one is due by the deadline (ISO). */
  shipNow: { deadline: string } | null;
  items: Array<{
    id: string;
    title: string;
    /** The stored product picture's hash, or null. */
    image: string | null;
    options: Record<string, string>;
    quantity: number;
    reason: string;
    comment: string | null;
    resolution: 'refund' | 'store_credit' | 'exchange';
    exchangeTitle: string | null;
    exchangeOptions: Record<string, string> | null;
    photoIds: string[];
  }>;
  /** The exchange's new item's parcel; `awaitingShop` (then no number and no link) until the shop reports its tracking number. */
  exchangeParcel: { carrier: string; trackingNumber: string | null; status: string; url: string | null; awaitingShop: boolean } | null;
  /** What the completed return actually paid out (minor units): refunds and store credit issued for it; null before completion. */
  settled: { refunded: number; credited: number } | null;
  /** The return's refunds as the customer sees them: being processed, or issued (date, where the money went). */
  refunds: CustomerRefund[];
};

/** Statuses in which the customer can still cancel: nothing has been handed to the carrier yet. */
export const CANCELABLE_STATUSES = ['requested', 'approved', 'label_issued'] as const;

/** The return status page's two reads, prepared once (db/prepared.ts). */
const customerReturnRow = preparedQuery((db) => {
  const returnShipment = alias(shipments, 'return_parcel');
  const exchangeShipment = alias(shipments, 'exchange_parcel');
  return db
    .select({
      r: returns,
      orderNumber: orders.orderNumber,
      returnParcel: returnShipment,
      exchangeParcel: exchangeShipment,
      reasons: sql<ReturnReasonNode[] | null>`(select rp.reasons from ${returnPolicies} rp where rp.is_active limit 1)`,
    })
    .from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .leftJoin(returnShipment, eq(returnShipment.id, returns.returnShipmentId))
    .leftJoin(exchangeShipment, eq(exchangeShipment.id, returns.exchangeShipmentId))
    .where(eq(returns.id, sql.placeholder('returnId')))
    .limit(1)
    .prepare('customer_return');
});
const customerReturnItems = preparedQuery((db) =>
  db
    .select({
      item: returnItems,
      title: orderLines.title,
      options: orderLines.variantOptions,
      image: productImageRef(orderLines.imageUrl),
      exchange: variants,
      photoIds: sql<string[]>`coalesce((select json_agg(p.id order by p.created_at) from ${photos} p where p.return_item_id = ${returnItems.id}), '[]'::json)`,
    })
    .from(returnItems)
    .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
    .leftJoin(variants, eq(variants.id, returnItems.exchangeVariantId))
    .where(eq(returnItems.returnId, sql.placeholder('returnId')))
    .orderBy(asc(orderLines.position))
    .prepare('customer_return_items'),
);

/** One return for its customer (the caller has checked access to the order). */
export async function getCustomerReturn(db: Db, returnId: string, locale: Locale): Promise<CustomerReturnDto | null> {
  // Two round trips, four statements at most: the return with its order, parcels and the active policy's
  // reasons, then its items (with their photos), settlement and refunds side by side.
  const [row] = await customerReturnRow(db).execute({ returnId });
  if (!row) return null;
  const { r } = row;
  const [items, settled, refundRows] = await Promise.all([
    customerReturnItems(db).execute({ returnId: r.id }),
    r.status === 'completed' ? settledAmounts(db, r.id) : Promise.resolve(null),
    customerRefundsOfReturn(db, r.id),
  ]);
  const leaves = reasonLeaves(row.reasons ?? DEFAULT_POLICY.reasons);
  const { returnParcel, exchangeParcel } = row;
  const scanned = returnParcel && returnParcel.status !== 'info_received' && returnParcel.status !== 'canceled';
  return {
    id: r.id,
    rma: r.rmaNumber,
    orderNumber: row.orderNumber,
    status: r.status,
    method: r.method,
    carrier: (r.carrier as ReturnCarrier | null) ?? null,
    fee: r.fee,
    currency: r.currency,
    estimatedRefund: r.estimatedRefund,
    estimatedCredit: r.estimatedCredit,
    rejectionReason: r.rejectionReason,
    times: {
      requested: r.requestedAt.toISOString(),
      approved: r.approvedAt?.toISOString() ?? null,
      label_issued: r.labelIssuedAt?.toISOString() ?? null,
      received: r.receivedAt?.toISOString() ?? null,
      inspected: r.inspectedAt?.toISOString() ?? null,
      completed: r.completedAt?.toISOString() ?? null,
      rejected: r.rejectedAt?.toISOString() ?? null,
      canceled: r.canceledAt?.toISOString() ?? null,
    },
    inTransitAt: scanned ? (returnParcel.firstScanAt ?? returnParcel.lastEventAt ?? returnParcel.updatedAt).toISOString() : null,
    canCancel: (CANCELABLE_STATUSES as readonly string[]).includes(r.status) && !scanned && !r.shipNow,
    shipNow: r.shipNow && r.shipNowDeadline ? { deadline: r.shipNowDeadline.toISOString() } : null,
    items: items.map(({ item, title, options, image, exchange, photoIds }) => {
      const leaf = leaves.find((l) => l.code === item.reasonCode);
      return {
        id: item.id,
        title,
        options,
        image,
        quantity: item.quantity,
        reason: leaf ? reasonLabel(leaf, locale) : item.reasonCode,
        comment: item.comment,
        resolution: item.resolution,
        exchangeTitle: exchange?.title ?? null,
        exchangeOptions: exchange?.options ?? null,
        photoIds,
      };
    }),
    exchangeParcel: exchangeParcel
      ? isAwaitingShop(exchangeParcel.trackingNumber)
        ? { carrier: exchangeParcel.carrier, trackingNumber: null, status: exchangeParcel.status, url: null, awaitingShop: true }
        : {
            carrier: exchangeParcel.carrier,
            trackingNumber: exchangeParcel.trackingNumber,
            status: exchangeParcel.status,
            url: trackingUrl(exchangeParcel.carrier, exchangeParcel.trackingNumber, { locale }),
            awaitingShop: false,
          }
      : null,
    settled,
    refunds: refundRows,
  };
}

/** The refunds and the store credit (approved or issued) recorded for one return. */
async function settledAmounts(db: Db, returnId: string): Promise<{ refunded: number; credited: number }> {
  const [[refunded], [credited]] = await Promise.all([
    // A failed refund paid nothing (staff retry it or settle otherwise).
    db.select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` }).from(refunds).where(and(eq(refunds.returnId, returnId), ne(refunds.status, 'failed'))),
    db
      .select({ total: sql<number>`coalesce(sum(${compensations.amount}), 0)::int` })
      .from(compensations)
      .where(and(eq(compensations.returnId, returnId), eq(compensations.kind, 'store_credit'), inArray(compensations.status, ['approved', 'issued']))),
  ]);
  return { refunded: refunded?.total ?? 0, credited: credited?.total ?? 0 };
}

/** What the order page's returns block asks of the order itself (policy limits by market and currency, cancellation); prepared once (db/prepared.ts). */
const returnOrderFactsRow = preparedQuery((db) =>
  db
    .select({ market: orders.market, currency: orders.currency, canceledAt: orders.canceledAt })
    .from(orders)
    .where(eq(orders.id, sql.placeholder('orderId')))
    .prepare('return_order_facts'),
);

export async function readReturnOrderFacts(db: DbOrTx, orderId: string): Promise<{ market: string; currency: string; canceledAt: Date | null } | null> {
  const [row] = await returnOrderFactsRow(db).execute({ orderId });
  return row ?? null;
}
