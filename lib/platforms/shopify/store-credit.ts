/**
 * Store credit and goodwill on Shopify (issue #15, money out): a gift card (`giftCardCreate`), a single-use
 * amount-off code (`discountCodeBasicCreate`) and a free-shipping code (`discountCodeFreeShippingCreate`), and the
 * look-ups that find one again by its code (`codeDiscountNodeByCode`, `giftCards(query:)`). Client functions only:
 * lib/platforms/shopify/platform-code.ts decides. userErrors → a final failure with Shopify's message; network,
 * 5xx and throttling → retryable. None of these mutations takes the `@idempotent` directive, so duplicates are
 * prevented by the caller choosing the `code` (unique per shop: a second create is refused as TAKEN) and looking
 * it up before creating, so a retry after a lost answer finds the first one.
 */
import type { OpenIntegration, PlatformResult } from '../platform';
import { ShopifyApiError, shopifyGraphql } from './api';
import { decimalAmount } from '@/lib/core/money';

type UserError = { field?: string[] | null; message: string; code?: string | null };

export const GIFT_CARD_CREATE = `mutation PaluuGiftCardCreate($input: GiftCardCreateInput!) {
  giftCardCreate(input: $input) {
    giftCard { id initialValue { amount } maskedCode }
    giftCardCode
    userErrors { field message code }
  }
}`;

export const DISCOUNT_CODE_FREE_SHIPPING_CREATE = `mutation PaluuDiscountCodeFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field message code }
  }
}`;

export const CODE_DISCOUNT_BY_CODE = `query PaluuCodeDiscountByCode($code: String!) {
  codeDiscountNodeByCode(code: $code) { id }
}`;

export const GIFT_CARDS_BY_CODE = `query PaluuGiftCardsByCode($query: String!) {
  giftCards(first: 5, query: $query) { nodes { id lastCharacters note } }
}`;

export const DISCOUNT_CODE_BASIC_CREATE = `mutation PaluuDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id }
    userErrors { field message code }
  }
}`;

async function call<T>(run: () => Promise<T>, pick: (data: T) => { errors: UserError[]; value: unknown }): Promise<PlatformResult<unknown>> {
  try {
    const data = await run();
    const { errors, value } = pick(data);
    if (errors.length > 0) return { ok: false, retryable: false, message: errors.map((e) => e.message).join('; '), ...(errors[0]?.code ? { code: errors[0].code } : {}) };
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ShopifyApiError) return { ok: false, retryable: error.retryable, message: error.message, ...(error.code ? { code: error.code } : {}) };
    throw error;
  }
}

/** A gift card of `amount` (minor units, the shop's currency); the full code is returned once, by Shopify. */
export async function createGiftCard(
  integration: OpenIntegration,
  input: { amount: number; code?: string; note?: string; expiresOn?: string; customerId?: string },
  signal?: AbortSignal,
): Promise<PlatformResult<{ id: string; code: string; maskedCode: string | null }>> {
  type Data = { giftCardCreate: { giftCard: { id: string; maskedCode?: string | null } | null; giftCardCode: string | null; userErrors: UserError[] } };
  const variables = { input: { initialValue: decimalAmount(input.amount), ...(input.code ? { code: input.code } : {}), ...(input.note ? { note: input.note } : {}), ...(input.expiresOn ? { expiresOn: input.expiresOn } : {}), ...(input.customerId ? { customerId: input.customerId } : {}) } };
  return call(
    () => shopifyGraphql<Data>(integration, GIFT_CARD_CREATE, variables, signal),
    (d) => ({
      errors: d.giftCardCreate.userErrors,
      value: d.giftCardCreate.giftCard ? { id: d.giftCardCreate.giftCard.id, code: d.giftCardCreate.giftCardCode ?? '', maskedCode: d.giftCardCreate.giftCard.maskedCode ?? null } : null,
    }),
  ) as Promise<PlatformResult<{ id: string; code: string; maskedCode: string | null }>>;
}

/**
 * Who may use a code: Shopify selects customers by their id only (DiscountContextInput has no email), so the
 * order's customer when Shopify knows one, else everyone — the code is single-use either way.
 */
function discountContext(customerId: string | undefined) {
  return customerId ? { customers: { add: [customerId] } } : { all: 'ALL' };
}

/** A single-use code for `amount` off the whole order (minor units), for the customer or everyone, from `startsAt`. */
export async function createDiscountCode(
  integration: OpenIntegration,
  input: { code: string; title: string; amount: number; startsAt: string; endsAt?: string; customerId?: string },
  signal?: AbortSignal,
): Promise<PlatformResult<{ id: string; code: string }>> {
  type Data = { discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } };
  const basicCodeDiscount = {
    title: input.title,
    code: input.code,
    startsAt: input.startsAt,
    ...(input.endsAt ? { endsAt: input.endsAt } : {}),
    context: discountContext(input.customerId),
    customerGets: { value: { discountAmount: { amount: decimalAmount(input.amount), appliesOnEachItem: false } }, items: { all: true } },
    appliesOncePerCustomer: true,
    usageLimit: 1,
  };
  return call(
    () => shopifyGraphql<Data>(integration, DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount }, signal),
    (d) => ({ errors: d.discountCodeBasicCreate.userErrors, value: d.discountCodeBasicCreate.codeDiscountNode ? { id: d.discountCodeBasicCreate.codeDiscountNode.id, code: input.code } : null }),
  ) as Promise<PlatformResult<{ id: string; code: string }>>;
}

/** A single-use free-shipping code (any destination, any shipping price), for the customer or everyone, from `startsAt`. */
export async function createFreeShippingCode(
  integration: OpenIntegration,
  input: { code: string; title: string; startsAt: string; endsAt?: string; customerId?: string },
  signal?: AbortSignal,
): Promise<PlatformResult<{ id: string; code: string }>> {
  type Data = { discountCodeFreeShippingCreate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } };
  const freeShippingCodeDiscount = {
    title: input.title,
    code: input.code,
    startsAt: input.startsAt,
    ...(input.endsAt ? { endsAt: input.endsAt } : {}),
    context: discountContext(input.customerId),
    destination: { all: true },
    appliesOncePerCustomer: true,
    usageLimit: 1,
  };
  return call(
    () => shopifyGraphql<Data>(integration, DISCOUNT_CODE_FREE_SHIPPING_CREATE, { freeShippingCodeDiscount }, signal),
    (d) => ({ errors: d.discountCodeFreeShippingCreate.userErrors, value: d.discountCodeFreeShippingCreate.codeDiscountNode ? { id: d.discountCodeFreeShippingCreate.codeDiscountNode.id, code: input.code } : null }),
  ) as Promise<PlatformResult<{ id: string; code: string }>>;
}

/** The discount (amount off or free shipping) that has this code, if any (Shopify matches codes case-insensitively). */
export async function findDiscountByCode(integration: OpenIntegration, code: string, signal?: AbortSignal): Promise<{ id: string } | null> {
  const data = await shopifyGraphql<{ codeDiscountNodeByCode: { id: string } | null }>(integration, CODE_DISCOUNT_BY_CODE, { code }, signal);
  return data.codeDiscountNodeByCode;
}

/**
 * The gift card with this code that we made, if any: Shopify returns a card's last characters, never its code, so
 * a card found by the code search is ours when its last four characters and its note (which names our case) match.
 */
export async function findGiftCardByCode(integration: OpenIntegration, input: { code: string; note: string }, signal?: AbortSignal): Promise<{ id: string } | null> {
  const data = await shopifyGraphql<{ giftCards: { nodes: Array<{ id: string; lastCharacters: string; note: string | null }> } }>(integration, GIFT_CARDS_BY_CODE, { query: input.code }, signal);
  const tail = input.code.slice(-4).toLowerCase();
  const card = data.giftCards.nodes.find((c) => c.lastCharacters.toLowerCase() === tail && c.note === input.note);
  return card ? { id: card.id } : null;
}
