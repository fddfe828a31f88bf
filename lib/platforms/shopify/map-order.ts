/**
 * Shopify orders → our order upsert input. Two shapes arrive: the webhook body (REST JSON: `line_items`,
 * `shipping_address`, prices as decimal strings) and the Admin GraphQL `Order` (backfill). Both are reduced to
 * `ShopifyOrderFacts`, then mapped once. The result goes through `upsertOrderSchema` like a merchant API PUT,
 * so the same validation applies; what it refuses is skipped with the reason.
 */
import { z } from 'zod';
import { LOCALES } from '@/lib/core/enums';
import type { Locale } from '@/lib/core/locales';
import { upsertOrderSchema, type UpsertOrderInput } from '@/lib/orders/schemas';
import { toMinor } from './api';

export type ShopifyLineFacts = { externalId: string; sku: string | null; title: string; variantTitle: string | null; quantity: number; unitPrice: string };
export type ShopifyAddressFacts = { name: string | null; line1: string | null; line2: string | null; postalCode: string | null; city: string | null; country: string | null; phone: string | null };
export type ShopifyOrderFacts = {
  externalId: string;
  name: string;
  email: string | null;
  customerName: string | null;
  phone: string | null;
  locale: string | null;
  currency: string;
  createdAt: string;
  updatedAt: string | null;
  cancelledAt: string | null;
  financialStatus: string | null;
  totalPrice: string;
  shippingPrice: string;
  shipping: ShopifyAddressFacts | null;
  billing: ShopifyAddressFacts | null;
  lines: ShopifyLineFacts[];
};

const str = z.string().nullish();
const num = z.union([z.number(), z.string()]);
const restAddress = z.looseObject({ name: str, first_name: str, last_name: str, address1: str, address2: str, zip: str, city: str, country_code: str, phone: str }).nullish();
const restLine = z.looseObject({ id: num, admin_graphql_api_id: str, sku: str, title: z.string(), variant_title: str, quantity: z.number().int(), price: num });
/** The fields we read of a REST/webhook order (the body of orders/create, orders/updated, orders/cancelled). */
export const restOrderSchema = z.looseObject({
  id: num,
  admin_graphql_api_id: str,
  name: z.string(),
  email: str,
  contact_email: str,
  phone: str,
  customer_locale: str,
  currency: z.string(),
  created_at: z.string(),
  updated_at: str,
  cancelled_at: str,
  financial_status: str,
  total_price: num,
  total_shipping_price_set: z.looseObject({ shop_money: z.looseObject({ amount: num }) }).nullish(),
  shipping_lines: z.array(z.looseObject({ price: num })).nullish(),
  customer: z.looseObject({ first_name: str, last_name: str, email: str }).nullish(),
  shipping_address: restAddress,
  billing_address: restAddress,
  line_items: z.array(restLine),
});

export const orderGid = (id: string | number) => `gid://shopify/Order/${id}`;
export const lineItemGid = (id: string | number) => `gid://shopify/LineItem/${id}`;

function restAddressFacts(a: z.infer<typeof restAddress>): ShopifyAddressFacts | null {
  if (!a) return null;
  const name = a.name ?? ([a.first_name, a.last_name].filter(Boolean).join(' ') || null);
  return { name, line1: a.address1 ?? null, line2: a.address2 ?? null, postalCode: a.zip ?? null, city: a.city ?? null, country: a.country_code ?? null, phone: a.phone ?? null };
}

export function factsFromRest(order: z.infer<typeof restOrderSchema>): ShopifyOrderFacts {
  const customer = order.customer;
  const shippingPrice =
    order.total_shipping_price_set?.shop_money.amount ?? (order.shipping_lines ?? []).reduce((sum, l) => sum + toMinor(l.price), 0) / 100;
  return {
    externalId: order.admin_graphql_api_id ?? orderGid(order.id),
    name: order.name,
    email: order.email || order.contact_email || customer?.email || null,
    customerName: [customer?.first_name, customer?.last_name].filter(Boolean).join(' ') || null,
    phone: order.phone ?? null,
    locale: order.customer_locale ?? null,
    currency: order.currency,
    createdAt: order.created_at,
    updatedAt: order.updated_at ?? null,
    cancelledAt: order.cancelled_at ?? null,
    financialStatus: order.financial_status ?? null,
    totalPrice: String(order.total_price),
    shippingPrice: String(shippingPrice),
    shipping: restAddressFacts(order.shipping_address),
    billing: restAddressFacts(order.billing_address),
    lines: order.line_items.map((l) => ({
      externalId: l.admin_graphql_api_id ?? lineItemGid(l.id),
      sku: l.sku ?? null,
      title: l.title,
      variantTitle: l.variant_title ?? null,
      quantity: l.quantity,
      unitPrice: String(l.price),
    })),
  };
}

const money = z.looseObject({ shopMoney: z.looseObject({ amount: num, currencyCode: z.string() }) });
const gqlAddress = z.looseObject({ name: str, address1: str, address2: str, zip: str, city: str, countryCodeV2: str, phone: str }).nullish();
/** The fields the backfill query asks for (backfill.ts ORDERS_QUERY). */
export const graphqlOrderSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  email: str,
  phone: str,
  customerLocale: str,
  currencyCode: z.string(),
  createdAt: z.string(),
  updatedAt: str,
  cancelledAt: str,
  displayFinancialStatus: str,
  totalPriceSet: money,
  totalShippingPriceSet: money.nullish(),
  customer: z.looseObject({ firstName: str, lastName: str }).nullish(),
  shippingAddress: gqlAddress,
  billingAddress: gqlAddress,
  lineItems: z.looseObject({
    nodes: z.array(z.looseObject({ id: z.string(), sku: str, title: z.string(), variantTitle: str, quantity: z.number().int(), originalUnitPriceSet: money })),
  }),
});

function gqlAddressFacts(a: z.infer<typeof gqlAddress>): ShopifyAddressFacts | null {
  if (!a) return null;
  return { name: a.name ?? null, line1: a.address1 ?? null, line2: a.address2 ?? null, postalCode: a.zip ?? null, city: a.city ?? null, country: a.countryCodeV2 ?? null, phone: a.phone ?? null };
}

export function factsFromGraphql(order: z.infer<typeof graphqlOrderSchema>): ShopifyOrderFacts {
  return {
    externalId: order.id,
    name: order.name,
    email: order.email ?? null,
    customerName: [order.customer?.firstName, order.customer?.lastName].filter(Boolean).join(' ') || null,
    phone: order.phone ?? null,
    locale: order.customerLocale ?? null,
    currency: order.currencyCode,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt ?? null,
    cancelledAt: order.cancelledAt ?? null,
    financialStatus: order.displayFinancialStatus?.toLowerCase() ?? null,
    totalPrice: String(order.totalPriceSet.shopMoney.amount),
    shippingPrice: String(order.totalShippingPriceSet?.shopMoney.amount ?? '0'),
    shipping: gqlAddressFacts(order.shippingAddress),
    billing: gqlAddressFacts(order.billingAddress),
    lines: order.lineItems.nodes.map((l) => ({
      externalId: l.id,
      sku: l.sku ?? null,
      title: l.title,
      variantTitle: l.variantTitle ?? null,
      quantity: l.quantity,
      unitPrice: String(l.originalUnitPriceSet.shopMoney.amount),
    })),
  };
}

/** Shopify's `name` ("#1001", or with the shop's prefix/suffix) → our order number ("1001"). */
export function orderNumberFromName(name: string): string {
  return name.trim().replace(/^#+/, '').replace(/\s+/g, '');
}

/** Money counts as captured in these financial states (authorized, pending and voided orders have none). */
const CAPTURED_STATES = new Set(['paid', 'partially_refunded', 'refunded']);

const COUNTRY_LOCALE: Record<string, Locale> = { FI: 'fi', SE: 'sv', AX: 'sv', DK: 'da', NO: 'nb' };

/** The customer's locale on Shopify when we speak it; otherwise the delivery country's language, else English. */
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
export function mapShopifyOrder(facts: ShopifyOrderFacts): MappedOrder {
  const orderNumber = orderNumberFromName(facts.name);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(orderNumber) || orderNumber.length > 64) return { ok: false, reason: `order name ${JSON.stringify(facts.name)} cannot be an order number` };
  const address = facts.shipping?.line1 ? facts.shipping : facts.billing;
  if (!facts.email) return { ok: false, reason: `order ${facts.name} has no email; customers could not look it up` };
  if (!address) return { ok: false, reason: `order ${facts.name} has neither a shipping nor a billing address` };
  const seen = new Map<string, number>();
  const lines = facts.lines.map((line) => {
    // Our lines are keyed by SKU: a line without one (or a repeated SKU) gets the platform's line id as its key.
    let sku = (line.sku ?? '').trim() || `shopify-${line.externalId.split('/').pop()}`;
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
  const capturedAmount = CAPTURED_STATES.has((facts.financialStatus ?? '').toLowerCase()) ? Math.min(toMinor(facts.totalPrice), total) : 0;
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
