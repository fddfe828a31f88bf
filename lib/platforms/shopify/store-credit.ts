/**
 * Store credit and goodwill on Shopify (issue #15, money out): a gift card (`giftCardCreate`) and a single-use
 * amount-off code (`discountCodeBasicCreate`). Client functions only: the use cases that decide to issue them
 * (store credit, goodwill) call these. userErrors → a final failure with Shopify's message; network, 5xx and
 * throttling → retryable. `giftCardCreate` was not among the mutations Shopify's changelog lists for the
 * `@idempotent` directive, so duplicates are prevented by the caller choosing the `code`: a retry sends the same
 * code, which Shopify refuses as taken (gift card codes are unique per shop), so a retry cannot issue two cards.
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
  input: { amount: number; code?: string; note?: string; expiresOn?: string },
  signal?: AbortSignal,
): Promise<PlatformResult<{ id: string; code: string; maskedCode: string | null }>> {
  type Data = { giftCardCreate: { giftCard: { id: string; maskedCode?: string | null } | null; giftCardCode: string | null; userErrors: UserError[] } };
  const variables = { input: { initialValue: decimalAmount(input.amount), ...(input.code ? { code: input.code } : {}), ...(input.note ? { note: input.note } : {}), ...(input.expiresOn ? { expiresOn: input.expiresOn } : {}) } };
  return call(
    () => shopifyGraphql<Data>(integration, GIFT_CARD_CREATE, variables, signal),
    (d) => ({
      errors: d.giftCardCreate.userErrors,
      value: d.giftCardCreate.giftCard ? { id: d.giftCardCreate.giftCard.id, code: d.giftCardCreate.giftCardCode ?? '', maskedCode: d.giftCardCreate.giftCard.maskedCode ?? null } : null,
    }),
  ) as Promise<PlatformResult<{ id: string; code: string; maskedCode: string | null }>>;
}

/** A single-use code for `amount` off the whole order (minor units), for everyone, from `startsAt`. */
export async function createDiscountCode(
  integration: OpenIntegration,
  input: { code: string; title: string; amount: number; startsAt: string; endsAt?: string },
  signal?: AbortSignal,
): Promise<PlatformResult<{ id: string; code: string }>> {
  type Data = { discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } };
  const basicCodeDiscount = {
    title: input.title,
    code: input.code,
    startsAt: input.startsAt,
    ...(input.endsAt ? { endsAt: input.endsAt } : {}),
    context: { all: 'ALL' },
    customerGets: { value: { discountAmount: { amount: decimalAmount(input.amount), appliesOnEachItem: false } }, items: { all: true } },
    appliesOncePerCustomer: true,
    usageLimit: 1,
  };
  return call(
    () => shopifyGraphql<Data>(integration, DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount }, signal),
    (d) => ({ errors: d.discountCodeBasicCreate.userErrors, value: d.discountCodeBasicCreate.codeDiscountNode ? { id: d.discountCodeBasicCreate.codeDiscountNode.id, code: input.code } : null }),
  ) as Promise<PlatformResult<{ id: string; code: string }>>;
}
