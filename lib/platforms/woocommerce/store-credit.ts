/**
 * Store credit and goodwill on WooCommerce (issue #15, money out): a coupon (`POST coupons`, REST API v3
 * "Create a coupon") of `discount_type: fixed_cart`, `usage_limit: 1`, restricted to the customer's email, and
 * optionally free shipping. Client function only, like lib/platforms/shopify/store-credit.ts: the use cases that
 * decide to issue credit call it. Duplicates are prevented by the caller choosing the `code`: WooCommerce refuses
 * a code that exists (`woocommerce_rest_coupon_code_already_exists`), so a retry cannot issue two coupons; a
 * retry that meets that refusal reads the coupon back by code and returns it when it is the same credit.
 * 4xx → a final failure with WooCommerce's message; network, 429 and 5xx → retryable.
 */
import { decimalAmount } from '@/lib/core/money';
import type { OpenIntegration, PlatformResult } from '../platform';
import { WooApiError, wooRequest } from './api';

type WooCoupon = { id: number; code: string; amount: string; email_restrictions?: string[] };

export type CouponInput = { code: string; amount: number; email: string; description?: string; freeShipping?: boolean; expiresOn?: string };

export async function createWooCoupon(integration: OpenIntegration, input: CouponInput, signal?: AbortSignal): Promise<PlatformResult<{ id: number; code: string }>> {
  const body = {
    code: input.code,
    discount_type: 'fixed_cart',
    amount: decimalAmount(input.amount),
    individual_use: false,
    usage_limit: 1,
    usage_limit_per_user: 1,
    email_restrictions: [input.email],
    free_shipping: input.freeShipping ?? false,
    ...(input.description ? { description: input.description.slice(0, 500) } : {}),
    ...(input.expiresOn ? { date_expires: input.expiresOn } : {}),
  };
  try {
    const { data } = await wooRequest<WooCoupon>(integration, 'POST', 'coupons', { body, signal });
    return { ok: true, value: { id: data.id, code: data.code } };
  } catch (error) {
    if (!(error instanceof WooApiError)) throw error;
    if (error.code === 'woocommerce_rest_coupon_code_already_exists') {
      // A retry of ours whose first answer was lost: the coupon with this code, amount and email is ours.
      const same = await findSameCoupon(integration, input, signal).catch(() => null);
      if (same) return { ok: true, value: same };
    }
    return { ok: false, retryable: error.retryable, message: error.message, ...(error.code ? { code: error.code } : {}) };
  }
}

async function findSameCoupon(integration: OpenIntegration, input: CouponInput, signal?: AbortSignal): Promise<{ id: number; code: string } | null> {
  const { data } = await wooRequest<WooCoupon[]>(integration, 'GET', 'coupons', { query: { code: input.code }, signal });
  const match = (Array.isArray(data) ? data : []).find(
    (c) => c.code.toLowerCase() === input.code.toLowerCase() && c.amount === decimalAmount(input.amount) && (c.email_restrictions ?? []).map((e) => e.toLowerCase()).includes(input.email.toLowerCase()),
  );
  return match ? { id: match.id, code: match.code } : null;
}
