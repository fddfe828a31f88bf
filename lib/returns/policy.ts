/**
 * The return policy engine: pure functions over the shop's policy and one order's facts.
 * No database, no clock of its own (callers pass `now`), so every rule is table-tested.
 * Every "no" is a `Refusal`: a code plus arguments that `returns.refusal.<code>` in the catalogs
 * turns into a sentence the customer understands, in their language.
 */
import type { MarketFees, ReturnReasonNode } from '@/db/schema/returns';
import type { Locale } from '@/lib/core/locales';
import { addCalendarDays } from '@/lib/time/holidays';
import { todayIn } from '@/lib/time/today';

export type Resolution = 'refund' | 'store_credit' | 'exchange';

export type PolicyRules = {
  windowDays: number;
  finalSaleReturnable: boolean;
  feesByMarket: MarketFees;
  reasons: ReturnReasonNode[];
  exchangeBonusPercent: number;
  maxOpenReturnsPerOrder: number;
  /** "Instant exchange": the exchange item may be sent before the return arrives (off by default). */
  shipExchangeNow: boolean;
  /** Days the customer has for the old item to arrive before the exchange item is charged. */
  shipNowChargeAfterDays: number;
  /** Ship now only for orders worth at most this (minor units); null = any value. */
  shipNowMaxOrderValue: number | null;
};

/** Values a policy has when the shop has not stored one (DESIGN.md defaults). */
export const DEFAULT_POLICY: PolicyRules = {
  windowDays: 30,
  finalSaleReturnable: false,
  feesByMarket: {},
  reasons: [],
  exchangeBonusPercent: 0,
  maxOpenReturnsPerOrder: 3,
  shipExchangeNow: false,
  shipNowChargeAfterDays: 14,
  shipNowMaxOrderValue: null,
};

export type RefusalCode =
  | 'order_canceled'
  | 'open_returns_limit'
  | 'final_sale'
  | 'not_delivered'
  | 'window_closed'
  | 'nothing_left'
  | 'quantity_too_high'
  | 'no_items'
  | 'unknown_line'
  | 'duplicate_line'
  | 'unknown_reason'
  | 'resolution_not_allowed'
  | 'photos_required'
  | 'too_many_photos'
  | 'exchange_variant_required'
  | 'exchange_same_variant'
  | 'exchange_out_of_stock'
  | 'exchange_exceeds_credit'
  | 'exchange_currency'
  | 'ship_now_not_offered'
  | 'ship_now_order_value'
  | 'ship_now_exchange_only'
  | 'ship_now_needs_review';

/** A "no" with what the sentence needs (dates as shop-local 'YYYY-MM-DD', amounts in minor units). */
export type Refusal = { code: RefusalCode; values?: Record<string, string | number> };

export const MAX_PHOTOS_PER_ITEM = 5;

/** One order line as the policy sees it. */
export type PolicyLine = {
  id: string;
  unitPrice: number;
  quantity: number;
  fulfilledQuantity: number;
  returnRequestedQuantity: number;
  returnedQuantity: number;
  finalSale: boolean;
  /** Units of this line in parcels that are delivered. */
  deliveredQuantity: number;
  /** When the (latest) parcel carrying the line was delivered; null if none is. */
  deliveredAt: Date | null;
  /** The catalogue product the line belongs to (variants with the same key are exchangeable). */
  productKey: string | null;
  variantId: string | null;
};

export type PolicyOrder = { market: string; currency: string; canceled: boolean; openReturns: number };

export type LeafRule = {
  code: string;
  labels: ReturnReasonNode['labels'];
  photoRequired: boolean;
  feeWaived: boolean;
  autoApprove: boolean;
  resolutions: Resolution[];
};

/** The leaves of the reason tree with their rules filled in (inner nodes only group). */
export function reasonLeaves(reasons: ReturnReasonNode[]): LeafRule[] {
  return reasons.flatMap((node) =>
    node.children?.length
      ? reasonLeaves(node.children)
      : [
          {
            code: node.code,
            labels: node.labels,
            photoRequired: node.photoRequired ?? false,
            feeWaived: node.feeWaived ?? false,
            autoApprove: node.autoApprove ?? false,
            resolutions: node.resolutions?.length ? node.resolutions : ['refund'],
          },
        ],
  );
}

export function findLeaf(policy: PolicyRules, code: string): LeafRule | null {
  return reasonLeaves(policy.reasons).find((leaf) => leaf.code === code) ?? null;
}

export function reasonLabel(leaf: Pick<LeafRule, 'labels' | 'code'>, locale: Locale): string {
  return leaf.labels[locale] ?? leaf.labels.en ?? leaf.code;
}

/**
 * The last day a line can be returned: the shop-local calendar day of delivery plus the window.
 * Counted in calendar days of the shop's time zone, so DST changes and late-evening deliveries
 * never shift it (delivered 23:30 on 1 March in Helsinki is 1 March, not 2 March UTC+0).
 */
export function returnDeadline(deliveredAt: Date, windowDays: number, timeZone: string): string {
  return addCalendarDays(todayIn(timeZone, deliveredAt), windowDays);
}

export type LineEligibility =
  | { eligible: true; returnableQuantity: number; deadline: string }
  | { eligible: false; refusal: Refusal; deadline: string | null };

/** Whether a line can be returned at all today, and how many units. */
export function lineEligibility(policy: PolicyRules, line: PolicyLine, now: Date, timeZone: string): LineEligibility {
  if (line.finalSale && !policy.finalSaleReturnable) return { eligible: false, refusal: { code: 'final_sale' }, deadline: null };
  if (!line.deliveredAt || line.deliveredQuantity <= 0) return { eligible: false, refusal: { code: 'not_delivered' }, deadline: null };
  const deadline = returnDeadline(line.deliveredAt, policy.windowDays, timeZone);
  if (todayIn(timeZone, now) > deadline) {
    return { eligible: false, refusal: { code: 'window_closed', values: { days: policy.windowDays, date: deadline } }, deadline };
  }
  const returnable = returnableQuantity(line);
  if (returnable <= 0) return { eligible: false, refusal: { code: 'nothing_left' }, deadline };
  return { eligible: true, returnableQuantity: returnable, deadline };
}

/** Delivered units not yet requested or returned: request ≤ fulfilled − requested − returned. */
export function returnableQuantity(line: Pick<PolicyLine, 'fulfilledQuantity' | 'deliveredQuantity' | 'returnRequestedQuantity' | 'returnedQuantity'>): number {
  return Math.max(0, Math.min(line.fulfilledQuantity, line.deliveredQuantity) - line.returnRequestedQuantity - line.returnedQuantity);
}

/** Order-level rules: a canceled order, or too many returns already open. */
export function orderRefusal(policy: PolicyRules, order: PolicyOrder): Refusal | null {
  if (order.canceled) return { code: 'order_canceled' };
  if (order.openReturns >= policy.maxOpenReturnsPerOrder) return { code: 'open_returns_limit', values: { max: policy.maxOpenReturnsPerOrder } };
  return null;
}

/** The variant the customer wants instead, with what the engine must know about it. */
export type ExchangeTarget = { variantId: string; productKey: string; price: number; currency: string; stock: number };

export type RequestedItem = {
  orderLineId: string;
  quantity: number;
  reasonCode: string;
  resolution: Resolution;
  photoCount: number;
  exchange?: ExchangeTarget | null;
};

export type ItemQuote = { orderLineId: string; value: number; refund: number; credit: number; exchangeCost: number };

export type Quote = {
  currency: string;
  /** The market's fee before waivers. */
  marketFee: number;
  feeWaived: boolean;
  /** What is actually charged (deducted from the refund, then from the credit). */
  fee: number;
  refund: number;
  credit: number;
  /** Of `credit`, the bonus for choosing credit. */
  bonus: number;
  items: ItemQuote[];
};

export type Evaluation =
  | { ok: true; quote: Quote; autoApprove: boolean; kind: 'return' | 'exchange' }
  | { ok: false; refusals: Array<{ orderLineId: string | null; refusal: Refusal }> };

/** Value of units credited with the store-credit bonus, rounded to the minor unit. */
export function withBonus(amount: number, bonusPercent: number): number {
  return Math.round((amount * (100 + bonusPercent)) / 100);
}

/** The market's fee in the order's currency (a fee configured in another currency is not charged). */
export function marketFee(policy: PolicyRules, market: string, currency: string): number {
  const fee = policy.feesByMarket[market.toUpperCase()];
  return fee && fee.currency === currency ? Math.max(0, fee.amount) : 0;
}

function itemRefusals(policy: PolicyRules, line: PolicyLine, item: RequestedItem, now: Date, timeZone: string, currency: string): Refusal[] {
  const out: Refusal[] = [];
  const eligibility = lineEligibility(policy, line, now, timeZone);
  if (!eligibility.eligible) return [eligibility.refusal];
  if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > eligibility.returnableQuantity) {
    out.push({ code: 'quantity_too_high', values: { max: eligibility.returnableQuantity } });
  }
  const leaf = findLeaf(policy, item.reasonCode);
  if (!leaf) return [...out, { code: 'unknown_reason' }];
  if (!leaf.resolutions.includes(item.resolution)) out.push({ code: 'resolution_not_allowed' });
  if (leaf.photoRequired && item.photoCount < 1) out.push({ code: 'photos_required' });
  if (item.photoCount > MAX_PHOTOS_PER_ITEM) out.push({ code: 'too_many_photos', values: { max: MAX_PHOTOS_PER_ITEM } });
  if (item.resolution === 'exchange') {
    const target = item.exchange;
    if (!target) out.push({ code: 'exchange_variant_required' });
    else if (target.variantId === line.variantId) out.push({ code: 'exchange_same_variant' });
    else if (target.currency !== currency) out.push({ code: 'exchange_currency' });
    else if (target.stock < item.quantity) out.push({ code: 'exchange_out_of_stock', values: { available: Math.max(0, target.stock) } });
    else if (target.productKey !== line.productKey) {
      // Another product is paid with the returned item's value as credit (bonus included).
      const credit = withBonus(line.unitPrice * item.quantity, policy.exchangeBonusPercent);
      if (target.price * item.quantity > credit) out.push({ code: 'exchange_exceeds_credit', values: { credit } });
    }
  }
  return out;
}

/**
 * Decides a whole request: every rule, every line. Returns all refusals at once (the wizard shows
 * each next to its item), or the quote: fee, refund, credit with bonus, and whether it auto-approves.
 */
export function evaluateReturn(
  policy: PolicyRules,
  order: PolicyOrder,
  lines: PolicyLine[],
  items: RequestedItem[],
  now: Date,
  timeZone: string,
): Evaluation {
  const refusals: Array<{ orderLineId: string | null; refusal: Refusal }> = [];
  const orderLevel = orderRefusal(policy, order);
  if (orderLevel) refusals.push({ orderLineId: null, refusal: orderLevel });
  if (items.length === 0) refusals.push({ orderLineId: null, refusal: { code: 'no_items' } });
  const seen = new Set<string>();
  const lineById = new Map(lines.map((l) => [l.id, l]));
  for (const item of items) {
    const line = lineById.get(item.orderLineId);
    if (!line) {
      refusals.push({ orderLineId: item.orderLineId, refusal: { code: 'unknown_line' } });
      continue;
    }
    if (seen.has(item.orderLineId)) {
      refusals.push({ orderLineId: item.orderLineId, refusal: { code: 'duplicate_line' } });
      continue;
    }
    seen.add(item.orderLineId);
    for (const refusal of itemRefusals(policy, line, item, now, timeZone, order.currency)) refusals.push({ orderLineId: line.id, refusal });
  }
  if (refusals.length) return { ok: false, refusals };

  const leaves = items.map((item) => findLeaf(policy, item.reasonCode)!);
  return {
    ok: true,
    quote: quoteReturn(policy, order, lines, items),
    autoApprove: leaves.every((leaf) => leaf.autoApprove),
    kind: items.some((item) => item.resolution === 'exchange') ? 'exchange' : 'return',
  };
}

/**
 * Money for a request the rules allow (also used live by the wizard's running total):
 * refund lines are worth their price, credit lines their price plus the bonus, an exchange for
 * another product uses the credit it needs and the rest stays credit. One fee per return,
 * waived when every item's reason waives it; taken from the refund first, then from the credit.
 */
export function quoteReturn(policy: PolicyRules, order: Pick<PolicyOrder, 'market' | 'currency'>, lines: PolicyLine[], items: RequestedItem[]): Quote {
  const lineById = new Map(lines.map((l) => [l.id, l]));
  let refund = 0;
  let credit = 0;
  let bonus = 0;
  const itemQuotes: ItemQuote[] = [];
  for (const item of items) {
    const line = lineById.get(item.orderLineId);
    if (!line) continue;
    const value = line.unitPrice * item.quantity;
    const quote: ItemQuote = { orderLineId: line.id, value, refund: 0, credit: 0, exchangeCost: 0 };
    if (item.resolution === 'refund') quote.refund = value;
    else if (item.resolution === 'store_credit') {
      quote.credit = withBonus(value, policy.exchangeBonusPercent);
      bonus += quote.credit - value;
    } else if (item.exchange && item.exchange.productKey !== line.productKey) {
      // Different product: the returned value (with bonus) pays for it; what is left is credit.
      const available = withBonus(value, policy.exchangeBonusPercent);
      quote.exchangeCost = Math.min(available, item.exchange.price * item.quantity);
      quote.credit = available - quote.exchangeCost;
      bonus += Math.min(quote.credit, available - value);
    }
    refund += quote.refund;
    credit += quote.credit;
    itemQuotes.push(quote);
  }
  const fullFee = marketFee(policy, order.market, order.currency);
  const leaves = items.map((item) => findLeaf(policy, item.reasonCode));
  const feeWaived = fullFee > 0 && leaves.length > 0 && leaves.every((leaf) => leaf?.feeWaived);
  let fee = feeWaived ? 0 : fullFee;
  // The fee is never more than what the customer gets back.
  fee = Math.min(fee, refund + credit);
  const fromRefund = Math.min(fee, refund);
  const fromCredit = fee - fromRefund;
  return {
    currency: order.currency,
    marketFee: fullFee,
    feeWaived,
    fee,
    refund: refund - fromRefund,
    credit: credit - fromCredit,
    bonus,
    items: itemQuotes,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether "ship my new item now" is allowed for a request: the policy offers it, the order is within its value
 * cap, every item is an exchange whose variant has the stock, and the return is approved at once (`autoApprove`:
 * every reason auto-approves). A return staff must review first could be rejected, and the replacement must not
 * be on its way by then. Null = allowed. The wizard offers the choice only when this is null; submitReturn
 * refuses a request that asks for it otherwise.
 */
export function shipNowRefusal(
  policy: Pick<PolicyRules, 'shipExchangeNow' | 'shipNowMaxOrderValue'>,
  orderValue: number,
  items: Array<Pick<RequestedItem, 'resolution' | 'quantity' | 'exchange'>>,
  autoApprove: boolean,
): Refusal | null {
  if (!policy.shipExchangeNow) return { code: 'ship_now_not_offered' };
  if (policy.shipNowMaxOrderValue !== null && orderValue > policy.shipNowMaxOrderValue) return { code: 'ship_now_order_value', values: { amount: policy.shipNowMaxOrderValue } };
  if (items.length === 0 || items.some((item) => item.resolution !== 'exchange' || !item.exchange)) return { code: 'ship_now_exchange_only' };
  if (!autoApprove) return { code: 'ship_now_needs_review' };
  const short = items.find((item) => item.exchange!.stock < item.quantity);
  if (short) return { code: 'exchange_out_of_stock', values: { available: Math.max(0, short.exchange!.stock) } };
  return null;
}

/** When the old item must have arrived for a ship-now exchange: `days` whole days after the request. */
export function shipNowDeadline(requestedAt: Date, days: number): Date {
  return new Date(requestedAt.getTime() + days * DAY_MS);
}
