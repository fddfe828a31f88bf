/**
 * Shopify orders → our order upsert input. Two shapes arrive: the webhook body (REST JSON: `line_items`,
 * `shipping_address`, prices as decimal strings) and the Admin GraphQL `Order` (backfill). Both are reduced to
 * `ShopifyOrderFacts`, then mapped once. The result goes through `upsertOrderSchema` like a merchant API PUT,
 * so the same validation applies; what it refuses is skipped with the reason.
 */
import { z } from 'zod';
import { mapPlatformOrder, type MappedOrder, type PlatformAddressFacts, type PlatformOrderFacts } from '../map-order';
import { toMinor } from '../money';

export type ShopifyOrderFacts = Omit<PlatformOrderFacts, 'captured' | 'paymentMethod'> & { financialStatus: string | null };

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

function restAddressFacts(a: z.infer<typeof restAddress>): PlatformAddressFacts | null {
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

function gqlAddressFacts(a: z.infer<typeof gqlAddress>): PlatformAddressFacts | null {
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

/** Money counts as captured in these financial states (authorized, pending and voided orders have none). */
const CAPTURED_STATES = new Set(['paid', 'partially_refunded', 'refunded']);

/** Our upsert input, validated by the merchant API's schema; or why the order cannot be taken. */
export function mapShopifyOrder(facts: ShopifyOrderFacts): MappedOrder {
  const { financialStatus, ...rest } = facts;
  return mapPlatformOrder({ ...rest, captured: CAPTURED_STATES.has((financialStatus ?? '').toLowerCase()) }, { linePrefix: 'shopify' });
}
