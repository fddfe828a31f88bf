/**
 * A platform order reduced to the facts every connector can give (lib/platforms/<platform>/map-order.ts builds
 * them) → our order upsert input. It goes through `upsertOrderSchema` like a merchant API PUT, so the same
 * validation applies; what it refuses is skipped with the reason.
 */
import { LOCALES } from '@/lib/core/enums';
import type { Locale } from '@/lib/core/locales';
import type { PaymentMethod } from '@/lib/core/payment-methods';
import { upsertOrderSchema, type UpsertOrderInput } from '@/lib/orders/schemas';
import { toMinor } from './money';

export type PlatformLineFacts = { externalId: string; sku: string | null; title: string; variantTitle: string | null; quantity: number; unitPrice: string };
export type PlatformAddressFacts = { name: string | null; line1: string | null; line2: string | null; postalCode: string | null; city: string | null; country: string | null; phone: string | null };
export type PlatformOrderFacts = {
  externalId: string;
  /** The shop's order number as shown to the customer (Shopify `#1001`, WooCommerce `727`). */
  name: string;
  email: string | null;
  customerName: string | null;
  phone: string | null;
  locale: string | null;
  currency: string;
  createdAt: string;
  updatedAt: string | null;
  cancelledAt: string | null;
  /** Whether the order's money was taken (its total counts as captured). */
  captured: boolean;
  paymentMethod?: PaymentMethod;
  totalPrice: string;
  shippingPrice: string;
  shipping: PlatformAddressFacts | null;
  billing: PlatformAddressFacts | null;
  lines: PlatformLineFacts[];
};

/** Shopify's `name` ("#1001", or with the shop's prefix/suffix) → our order number ("1001"). */
export function orderNumberFromName(name: string): string {
  return name.trim().replace(/^#+/, '').replace(/\s+/g, '');
}

const COUNTRY_LOCALE: Record<string, Locale> = { FI: 'fi', SE: 'sv', AX: 'sv', DK: 'da', NO: 'nb' };

/** The customer's locale on the platform when we speak it; otherwise the delivery country's language, else English. */
function localeOf(value: string | null, country: string): Locale {
  const code = (value ?? '').slice(0, 2).toLowerCase();
  const mapped = code === 'no' || code === 'nn' ? 'nb' : code;
  if ((LOCALES as readonly string[]).includes(mapped)) return mapped as Locale;
  return COUNTRY_LOCALE[country] ?? 'en';
}

export type MappedOrder =
  | { ok: true; input: UpsertOrderInput & { orderNumber: string; externalId: string; lineExternalIds: string[] }; cancelledAt: Date | null }
  | { ok: false; reason: string };

/** Our upsert input, validated by the merchant API's schema; or why the order cannot be taken. */
export function mapPlatformOrder(facts: PlatformOrderFacts, options: { linePrefix: string }): MappedOrder {
  const orderNumber = orderNumberFromName(facts.name);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(orderNumber) || orderNumber.length > 64) return { ok: false, reason: `order name ${JSON.stringify(facts.name)} cannot be an order number` };
  const address = facts.shipping?.line1 ? facts.shipping : facts.billing;
  if (!facts.email) return { ok: false, reason: `order ${facts.name} has no email; customers could not look it up` };
  if (!address) return { ok: false, reason: `order ${facts.name} has neither a shipping nor a billing address` };
  const seen = new Map<string, number>();
  const lines = facts.lines.map((line) => {
    // Our lines are keyed by SKU: a line without one (or a repeated SKU) gets the platform's line id as its key.
    let sku = (line.sku ?? '').trim() || `${options.linePrefix}-${line.externalId.split('/').pop()}`;
    if (seen.has(sku)) sku = `${sku}~${line.externalId.split('/').pop()}`;
    seen.set(sku, 1);
    return {
      sku: sku.slice(0, 100),
      title: line.title.slice(0, 300),
      quantity: line.quantity,
      unitPrice: toMinor(line.unitPrice),
      ...(line.variantTitle ? { options: { variant: line.variantTitle.slice(0, 100) } } : {}),
    };
  });
  const shippingAmount = toMinor(facts.shippingPrice);
  const total = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0) + shippingAmount;
  const capturedAmount = facts.captured ? Math.min(toMinor(facts.totalPrice), total) : 0;
  const candidate = {
    email: facts.email,
    customerName: (facts.customerName || address.name || facts.email).slice(0, 200),
    ...(facts.phone || address.phone ? { phone: (facts.phone || address.phone)!.slice(0, 40) } : {}),
    locale: localeOf(facts.locale, (address.country ?? '').toUpperCase()),
    currency: facts.currency.toUpperCase(),
    placedAt: facts.createdAt,
    shippingAddress: {
      name: address.name || facts.customerName || facts.email,
      line1: address.line1 ?? '',
      ...(address.line2 ? { line2: address.line2 } : {}),
      postalCode: address.postalCode ?? '',
      city: address.city ?? '',
      country: (address.country ?? '').toUpperCase(),
    },
    lines,
    shippingAmount,
    capturedAmount,
    ...(facts.paymentMethod ? { paymentMethod: facts.paymentMethod } : {}),
    ...(facts.updatedAt ? { updatedAt: facts.updatedAt } : {}),
  };
  const parsed = upsertOrderSchema.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, reason: `order ${facts.name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  }
  return {
    ok: true,
    input: { ...parsed.data, orderNumber, externalId: facts.externalId, lineExternalIds: facts.lines.map((l) => l.externalId) },
    cancelledAt: facts.cancelledAt ? new Date(facts.cancelledAt) : null,
  };
}
