/**
 * One of our codes on Shopify (issue #15): store credit as a gift card (`giftCardCreate`), goodwill as an
 * amount-off code (`discountCodeBasicCreate`) or a free-shipping code (`discountCodeFreeShippingCreate`), each
 * with OUR code so the one in the customer's email works at checkout, and given to the order's customer when
 * Shopify knows one (`order(id) { customer { id } }`). None of these mutations takes `@idempotent`, so every
 * attempt first looks the code up (`codeDiscountNodeByCode`; for gift cards `giftCards(query: <code>)` matched by
 * last characters and our note) and returns what an earlier attempt made: a retry after a lost answer never
 * makes two. userErrors → a final failure with Shopify's message; network, 5xx, throttling → retryable.
 */
import type { OpenIntegration, PlatformResult } from '../platform';
import type { PlatformCodeInput, PlatformCodeRef } from '../platform-code-input';
import { ShopifyApiError, shopifyGraphql } from './api';
import { createDiscountCode, createFreeShippingCode, createGiftCard, findDiscountByCode, findGiftCardByCode } from './store-credit';

export const ORDER_CUSTOMER = `query PaluuOrderCustomer($id: ID!) {
  order(id: $id) { id customer { id } }
}`;

export async function createShopifyPlatformCode(integration: OpenIntegration, input: PlatformCodeInput, signal?: AbortSignal): Promise<PlatformResult<PlatformCodeRef>> {
  try {
    const found = input.kind === 'gift_card' ? await findGiftCardByCode(integration, { code: input.code, note: input.note }, signal) : await findDiscountByCode(integration, input.code, signal);
    if (found) return { ok: true, value: { id: found.id } };
    const order = await shopifyGraphql<{ order: { customer: { id: string } | null } | null }>(integration, ORDER_CUSTOMER, { id: input.orderExternalId }, signal);
    const customerId = order.order?.customer?.id;
    const common = { code: input.code, ...(customerId ? { customerId } : {}) };
    const startsAt = new Date().toISOString();
    const created =
      input.kind === 'gift_card'
        ? await createGiftCard(integration, { ...common, amount: input.amount, note: input.note }, signal)
        : input.kind === 'discount'
          ? await createDiscountCode(integration, { ...common, title: input.note, amount: input.amount, startsAt }, signal)
          : await createFreeShippingCode(integration, { ...common, title: input.note, startsAt }, signal);
    return created.ok ? { ok: true, value: { id: created.value.id } } : created;
  } catch (error) {
    if (error instanceof ShopifyApiError) return { ok: false, retryable: error.retryable, message: error.message, ...(error.code ? { code: error.code } : {}) };
    throw error;
  }
}
