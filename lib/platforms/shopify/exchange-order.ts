/**
 * An exchange's replacement order on Shopify (issue #15): `orderCreate` (Admin GraphQL, the pinned version), not
 * a draft order: orderCreate takes the variant, a line price of 0 (`priceSet`), the shipping address, email, note
 * and tags in one call, and its options turn Shopify's receipt and fulfilment emails off (we email the customer).
 * Each variant is found by SKU (`productVariants(query: "sku:…")`). orderCreate does not take the `@idempotent`
 * directive (Shopify lists it for refund and inventory mutations only), so the guard is a tag: the order carries
 * `paluu-exchange-<RMA>` and every attempt first looks for an order with that tag, so a retry after a lost answer
 * returns the order the first attempt made instead of creating a second one.
 * userErrors and an unknown SKU → a final failure with Shopify's message; network, 5xx, throttling → retryable.
 */
import type { OpenIntegration, PlatformResult } from '../platform';
import { exchangeOrderNote, splitName, type ExchangeOrderInput, type ExchangeOrderRef } from '../exchange-order-input';
import { ShopifyApiError, shopifyGraphql } from './api';

export const EXCHANGE_ORDER_BY_TAG = `query PaluuExchangeOrderByTag($query: String!) {
  orders(first: 1, query: $query) { nodes { id name } }
}`;

export const VARIANT_BY_SKU = `query PaluuVariantBySku($query: String!) {
  productVariants(first: 5, query: $query) { nodes { id sku } }
}`;

export const ORDER_CREATE = `mutation PaluuExchangeOrderCreate($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    order { id name }
    userErrors { field message code }
  }
}`;

/** The tag that marks (and finds again) the replacement order of one return. */
export const EXCHANGE_TAG_PREFIX = 'paluu-exchange-';
export function exchangeTag(rma: string): string {
  return `${EXCHANGE_TAG_PREFIX}${rma}`;
}

/** The order's page in the shop's admin (the numeric id of the GID). */
export function shopifyAdminUrl(domain: string, gid: string): string | null {
  const numeric = /\/(\d+)$/.exec(gid)?.[1];
  return numeric ? `https://${domain}/admin/orders/${numeric}` : null;
}

type UserError = { field?: string[] | null; message: string; code?: string | null };
type Node = { id: string; name: string };

export async function createShopifyExchangeOrder(integration: OpenIntegration, input: ExchangeOrderInput, signal?: AbortSignal): Promise<PlatformResult<ExchangeOrderRef>> {
  const ref = (node: Node): ExchangeOrderRef => ({ id: node.id, name: node.name, adminUrl: shopifyAdminUrl(integration.domain, node.id) });
  try {
    const tag = exchangeTag(input.rma);
    const found = await shopifyGraphql<{ orders: { nodes: Node[] } }>(integration, EXCHANGE_ORDER_BY_TAG, { query: `tag:'${tag}'` }, signal);
    if (found.orders.nodes[0]) return { ok: true, value: ref(found.orders.nodes[0]) };

    const lineItems: Array<Record<string, unknown>> = [];
    for (const item of input.items) {
      const variants = await shopifyGraphql<{ productVariants: { nodes: Array<{ id: string; sku: string | null }> } }>(integration, VARIANT_BY_SKU, { query: `sku:'${item.sku.replace(/'/g, "\\'")}'` }, signal);
      // Shopify's search matches loosely; only the exact SKU is the variant.
      const variant = variants.productVariants.nodes.find((v) => v.sku === item.sku);
      if (!variant) return { ok: false, retryable: false, message: `No Shopify variant has SKU ${item.sku}.`, code: 'SKU_NOT_FOUND' };
      lineItems.push({ variantId: variant.id, quantity: item.quantity, priceSet: { shopMoney: { amount: '0.00', currencyCode: input.currency } } });
    }
    const { first, last } = splitName(input.shipTo.name);
    const order = {
      currency: input.currency,
      email: input.email,
      lineItems,
      shippingAddress: {
        firstName: first,
        lastName: last,
        address1: input.shipTo.line1,
        ...(input.shipTo.line2 ? { address2: input.shipTo.line2 } : {}),
        zip: input.shipTo.postalCode,
        city: input.shipTo.city,
        countryCode: input.shipTo.country,
      },
      financialStatus: 'PAID',
      note: exchangeOrderNote(input),
      tags: [tag],
      customAttributes: [
        { key: 'paluu_rma', value: input.rma },
        { key: 'paluu_original_order', value: input.originalExternalId },
      ],
    };
    const options = { sendReceipt: false, sendFulfillmentReceipt: false, inventoryBehaviour: 'DECREMENT_OBEYING_POLICY' };
    const created = await shopifyGraphql<{ orderCreate: { order: Node | null; userErrors: UserError[] } }>(integration, ORDER_CREATE, { order, options }, signal);
    const errors = created.orderCreate.userErrors;
    if (errors.length > 0 || !created.orderCreate.order) {
      const message = errors.map((e) => e.message).join('; ') || 'Shopify created no order.';
      return { ok: false, retryable: false, message, ...(errors[0]?.code ? { code: errors[0].code } : {}) };
    }
    return { ok: true, value: ref(created.orderCreate.order) };
  } catch (error) {
    if (error instanceof ShopifyApiError) return { ok: false, retryable: error.retryable, message: error.message, ...(error.code ? { code: error.code } : {}) };
    throw error;
  }
}
