import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import type { ReturnReasonNode } from '@/db/schema/returns';
import en from '@/messages/en.json';
import fi from '@/messages/fi.json';
import {
  evaluateReturn,
  type ExchangeTarget,
  lineEligibility,
  type PolicyLine,
  type PolicyOrder,
  type PolicyRules,
  quoteReturn,
  reasonLeaves,
  type RequestedItem,
  returnDeadline,
} from './policy';
import { refusalMessage } from './refusal-message';

const TZ = 'Europe/Helsinki';

const reasons: ReturnReasonNode[] = [
  {
    code: 'size',
    labels: { en: 'Size', fi: 'Koko' },
    children: [
      { code: 'too_small', labels: { en: 'Too small' }, autoApprove: true, resolutions: ['refund', 'store_credit', 'exchange'] },
      { code: 'too_big', labels: { en: 'Too big' }, autoApprove: true, resolutions: ['refund', 'store_credit', 'exchange'] },
    ],
  },
  { code: 'not_as_described', labels: { en: 'Not as described' }, photoRequired: true, resolutions: ['refund', 'store_credit'] },
  { code: 'damaged', labels: { en: 'Damaged' }, photoRequired: true, feeWaived: true, resolutions: ['refund', 'exchange'] },
  { code: 'wrong_item', labels: { en: 'Wrong item' }, photoRequired: true, feeWaived: true, resolutions: ['refund', 'exchange'] },
  { code: 'changed_mind', labels: { en: 'Changed my mind' }, autoApprove: true, resolutions: ['refund', 'store_credit'] },
  { code: 'bare', labels: { en: 'No rules given' } },
];

const policy: PolicyRules = {
  windowDays: 30,
  finalSaleReturnable: false,
  feesByMarket: { FI: { amount: 0, currency: 'EUR' }, SE: { amount: 495, currency: 'EUR' }, NO: { amount: 595, currency: 'EUR' }, DK: { amount: 3500, currency: 'DKK' } },
  reasons,
  exchangeBonusPercent: 10,
  maxOpenReturnsPerOrder: 2,
  shipExchangeNow: false,
  shipNowChargeAfterDays: 14,
  shipNowMaxOrderValue: null,
};

// Delivered 1 March 2026 at 23:30 Helsinki time (21:30 UTC): the shop-local delivery day is 1 March.
const DELIVERED = new Date('2026-03-01T21:30:00Z');
const at = (iso: string) => new Date(iso);
const BEFORE = at('2026-03-10T10:00:00Z');

const line = (over: Partial<PolicyLine> = {}): PolicyLine => ({
  id: 'L1',
  unitPrice: 8900,
  quantity: 2,
  fulfilledQuantity: 2,
  returnRequestedQuantity: 0,
  returnedQuantity: 0,
  finalSale: false,
  deliveredQuantity: 2,
  deliveredAt: DELIVERED,
  productKey: 'shirt',
  variantId: 'V-M',
  ...over,
});
const order = (over: Partial<PolicyOrder> = {}): PolicyOrder => ({ market: 'FI', currency: 'EUR', canceled: false, openReturns: 0, ...over });
const item = (over: Partial<RequestedItem> = {}): RequestedItem => ({ orderLineId: 'L1', quantity: 1, reasonCode: 'too_small', resolution: 'refund', photoCount: 0, ...over });
const sameProduct = (over: Partial<ExchangeTarget> = {}): ExchangeTarget => ({ variantId: 'V-L', productKey: 'shirt', price: 8900, currency: 'EUR', stock: 3, ...over });

type Case = {
  name: string;
  policy?: Partial<PolicyRules>;
  order?: Partial<PolicyOrder>;
  lines?: PolicyLine[];
  items: RequestedItem[];
  now?: Date;
  /** Refusal codes in order, or the expected quote fields. */
  refused?: string[];
  values?: Record<string, string | number>;
  quote?: { fee?: number; refund?: number; credit?: number; bonus?: number; feeWaived?: boolean };
  autoApprove?: boolean;
  kind?: 'return' | 'exchange';
};

const cases: Case[] = [
  // Windows (delivery counted as the shop-local day; the last day is included)
  { name: 'inside the window: refund in FI is free', items: [item()], quote: { fee: 0, refund: 8900, credit: 0 }, autoApprove: true, kind: 'return' },
  { name: 'last day of the window, 23:59 Helsinki, is still open', items: [item()], now: at('2026-03-31T20:59:00Z'), quote: { refund: 8900 } },
  { name: 'the first minute after the last day (00:00 Helsinki) is closed', items: [item()], now: at('2026-03-31T21:00:00Z'), refused: ['window_closed'], values: { days: 30, date: '2026-03-31' } },
  { name: 'in UTC it is still 31 March, but in Helsinki it is 1 April: closed', items: [item()], now: at('2026-03-31T23:30:00Z'), refused: ['window_closed'] },
  {
    name: 'a late-evening delivery counts from the local day, not the UTC one',
    lines: [line({ deliveredAt: at('2026-02-28T22:30:00Z') })], // 00:30 on 1 March in Helsinki
    items: [item()],
    now: at('2026-03-31T20:00:00Z'),
    quote: { refund: 8900 },
  },
  { name: 'a 14-day window closes earlier', policy: { windowDays: 14 }, items: [item()], now: at('2026-03-16T08:00:00Z'), refused: ['window_closed'], values: { days: 14, date: '2026-03-15' } },
  { name: 'a window of 0 days allows the delivery day only', policy: { windowDays: 0 }, items: [item()], now: at('2026-03-01T21:45:00Z'), quote: { refund: 8900 } },
  { name: 'not delivered yet', lines: [line({ deliveredAt: null, deliveredQuantity: 0 })], items: [item()], refused: ['not_delivered'] },

  // Final sale
  { name: 'final sale cannot be returned', lines: [line({ finalSale: true })], items: [item()], refused: ['final_sale'] },
  { name: 'final sale can be returned when the policy allows it', policy: { finalSaleReturnable: true }, lines: [line({ finalSale: true })], items: [item()], quote: { refund: 8900 } },

  // Markets and fees
  { name: 'SE charges the flat fee, taken from the refund', order: { market: 'SE' }, items: [item()], quote: { fee: 495, refund: 8405 } },
  { name: 'NO charges its own fee', order: { market: 'NO' }, items: [item()], quote: { fee: 595, refund: 8305 } },
  { name: 'a market without a configured fee is free', order: { market: 'DE' }, items: [item()], quote: { fee: 0, refund: 8900 } },
  { name: 'a fee configured in another currency is not charged', order: { market: 'DK' }, items: [item()], quote: { fee: 0 } },
  { name: 'damaged waives the SE fee', order: { market: 'SE' }, items: [item({ reasonCode: 'damaged', photoCount: 1 })], quote: { fee: 0, feeWaived: true, refund: 8900 }, autoApprove: false },
  {
    name: 'the fee is waived only when every item waives it',
    order: { market: 'SE' },
    lines: [line(), line({ id: 'L2', unitPrice: 1900 })],
    items: [item({ reasonCode: 'damaged', photoCount: 1 }), item({ orderLineId: 'L2', reasonCode: 'changed_mind' })],
    quote: { fee: 495, feeWaived: false, refund: 8900 + 1900 - 495 },
  },
  { name: 'with store credit only, the fee comes from the credit', order: { market: 'SE' }, items: [item({ resolution: 'store_credit' })], quote: { fee: 495, refund: 0, credit: 9790 - 495, bonus: 890 } },
  { name: 'a same-product exchange has nothing to take a fee from: no fee', order: { market: 'SE' }, items: [item({ resolution: 'exchange', exchange: sameProduct() })], quote: { fee: 0, refund: 0, credit: 0 }, kind: 'exchange' },

  // Bonus and resolutions
  { name: 'store credit gets the +10 % bonus', items: [item({ resolution: 'store_credit', quantity: 2 })], quote: { credit: 19580, bonus: 1780, refund: 0 } },
  { name: 'a resolution the reason does not allow is refused', items: [item({ reasonCode: 'changed_mind', resolution: 'exchange', exchange: sameProduct() })], refused: ['resolution_not_allowed'] },
  { name: 'a leaf without resolutions allows refund only', items: [item({ reasonCode: 'bare', resolution: 'store_credit' })], refused: ['resolution_not_allowed'] },
  { name: 'exchange for another size of the same product', items: [item({ resolution: 'exchange', exchange: sameProduct() })], quote: { refund: 0, credit: 0 }, autoApprove: true, kind: 'exchange' },
  { name: 'exchange needs a variant', items: [item({ resolution: 'exchange' })], refused: ['exchange_variant_required'] },
  { name: 'exchange for the very same variant is refused', items: [item({ resolution: 'exchange', exchange: sameProduct({ variantId: 'V-M' }) })], refused: ['exchange_same_variant'] },
  { name: 'exchange for a sold-out variant is refused', items: [item({ quantity: 2, resolution: 'exchange', exchange: sameProduct({ stock: 1 }) })], refused: ['exchange_out_of_stock'], values: { available: 1 } },
  {
    name: 'another product paid by credit: the rest stays credit',
    items: [item({ resolution: 'exchange', exchange: { variantId: 'MUG', productKey: 'mug', price: 2400, currency: 'EUR', stock: 5 } })],
    quote: { refund: 0, credit: 9790 - 2400 },
    kind: 'exchange',
  },
  {
    name: 'another product dearer than the credit is refused',
    items: [item({ resolution: 'exchange', exchange: { variantId: 'JKT', productKey: 'jacket', price: 18900, currency: 'EUR', stock: 5 } })],
    refused: ['exchange_exceeds_credit'],
    values: { credit: 9790 },
  },

  // Reasons and photos
  { name: 'an unknown reason is refused', items: [item({ reasonCode: 'bored' })], refused: ['unknown_reason'] },
  { name: 'an inner node of the tree is not a reason', items: [item({ reasonCode: 'size' })], refused: ['unknown_reason'] },
  { name: 'not as described needs a photo', items: [item({ reasonCode: 'not_as_described' })], refused: ['photos_required'] },
  { name: 'with a photo it is accepted but waits for staff', items: [item({ reasonCode: 'not_as_described', photoCount: 2 })], quote: { refund: 8900 }, autoApprove: false },
  { name: 'more than five photos per item are refused', items: [item({ reasonCode: 'damaged', photoCount: 6 })], refused: ['too_many_photos'], values: { max: 5 } },
  {
    name: 'auto-approve needs every item to auto-approve',
    lines: [line(), line({ id: 'L2' })],
    items: [item(), item({ orderLineId: 'L2', reasonCode: 'not_as_described', photoCount: 1 })],
    autoApprove: false,
    quote: { refund: 17800 },
  },

  // Quantities
  { name: 'both units at once', items: [item({ quantity: 2 })], quote: { refund: 17800 } },
  { name: 'more than delivered is refused', items: [item({ quantity: 3 })], refused: ['quantity_too_high'], values: { max: 2 } },
  { name: 'units already requested are not returnable again', lines: [line({ returnRequestedQuantity: 1 })], items: [item({ quantity: 2 })], refused: ['quantity_too_high'], values: { max: 1 } },
  { name: 'units already returned count too', lines: [line({ returnRequestedQuantity: 1, returnedQuantity: 1 })], items: [item()], refused: ['nothing_left'] },
  { name: 'only delivered units count (one still on its way)', lines: [line({ deliveredQuantity: 1 })], items: [item({ quantity: 2 })], refused: ['quantity_too_high'], values: { max: 1 } },
  { name: 'zero is not a quantity', items: [item({ quantity: 0 })], refused: ['quantity_too_high'] },
  { name: 'the same line twice is refused', items: [item(), item()], refused: ['duplicate_line'] },
  { name: 'a line of another order is refused', items: [item({ orderLineId: 'L9' })], refused: ['unknown_line'] },
  { name: 'an empty request is refused', items: [], refused: ['no_items'] },

  // Order level
  { name: 'open returns at the cap', order: { openReturns: 2 }, items: [item()], refused: ['open_returns_limit'], values: { max: 2 } },
  { name: 'one open return below the cap is fine', order: { openReturns: 1 }, items: [item()], quote: { refund: 8900 } },
  { name: 'a canceled order', order: { canceled: true }, items: [item()], refused: ['order_canceled'] },
];

describe('return policy engine', () => {
  it('has at least 30 table cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)('$name', (c) => {
    const result = evaluateReturn({ ...policy, ...c.policy }, order(c.order), c.lines ?? [line()], c.items, c.now ?? BEFORE, TZ);
    if (c.refused) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.refusals.map((r) => r.refusal.code)).toEqual(c.refused);
      if (c.values) expect(result.refusals[0]!.refusal.values).toEqual(c.values);
      return;
    }
    expect(result.ok, JSON.stringify(!result.ok && result.refusals)).toBe(true);
    if (!result.ok) return;
    expect(result.quote).toMatchObject(c.quote ?? {});
    if (c.autoApprove !== undefined) expect(result.autoApprove).toBe(c.autoApprove);
    if (c.kind) expect(result.kind).toBe(c.kind);
  });

  it('the deadline is the shop-local day, across the DST change', () => {
    // 29 March 2026 is the EU DST switch; 30 days from 1 March ends on 31 March either way.
    expect(returnDeadline(DELIVERED, 30, TZ)).toBe('2026-03-31');
    expect(returnDeadline(at('2026-02-28T22:30:00Z'), 30, TZ)).toBe('2026-03-31');
    expect(returnDeadline(at('2026-02-28T22:30:00Z'), 30, 'UTC')).toBe('2026-03-30');
  });

  it('line eligibility gives the returnable quantity and the deadline', () => {
    expect(lineEligibility(policy, line({ returnRequestedQuantity: 1 }), BEFORE, TZ)).toEqual({ eligible: true, returnableQuantity: 1, deadline: '2026-03-31' });
  });

  it('only leaves are reasons, with defaults filled in', () => {
    expect(reasonLeaves(reasons).map((l) => l.code)).toEqual(['too_small', 'too_big', 'not_as_described', 'damaged', 'wrong_item', 'changed_mind', 'bare']);
    expect(reasonLeaves(reasons).at(-1)).toMatchObject({ photoRequired: false, feeWaived: false, autoApprove: false, resolutions: ['refund'] });
  });

  it('the quote can be computed live for a partial request', () => {
    expect(quoteReturn(policy, order({ market: 'NO' }), [line()], [item({ resolution: 'store_credit', quantity: 2 })])).toMatchObject({ fee: 595, credit: 19580 - 595 });
  });

  it('explains every "no" in words, with the arguments, in each language', () => {
    const tEn = createTranslator({ locale: 'en', messages: en, namespace: 'returns', timeZone: TZ });
    const tFi = createTranslator({ locale: 'fi', messages: fi, namespace: 'returns', timeZone: TZ });
    const closed = { code: 'window_closed' as const, values: { days: 30, date: '2026-03-12' } };
    expect(refusalMessage(tEn, closed, { locale: 'en' })).toBe('The 30-day return window closed on 12 March 2026.');
    expect(refusalMessage(tFi, closed, { locale: 'fi' })).toBe('30 päivän palautusaika päättyi 12. maaliskuuta 2026.');
    expect(refusalMessage(tEn, { code: 'final_sale' }, { locale: 'en' })).toBe("Final sale items can't be returned.");
    expect(refusalMessage(tEn, { code: 'exchange_exceeds_credit', values: { credit: 9790 } }, { locale: 'en', currency: 'EUR' })).toContain('€97.90');
  });
});
