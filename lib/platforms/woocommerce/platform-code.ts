/**
 * One of our codes on WooCommerce (issue #15): a coupon with OUR code (`POST coupons`), `fixed_cart`, single-use and
 * restricted to the customer's email; store credit and an amount off carry the amount, free shipping is a coupon of
 * 0 with `free_shipping: true`. WooCommerce refuses a code that exists and the client reads it back, so a retry
 * after a lost answer returns the first coupon (lib/platforms/woocommerce/store-credit.ts).
 */
import type { OpenIntegration, PlatformResult } from '../platform';
import type { PlatformCodeInput, PlatformCodeRef } from '../platform-code-input';
import { createWooCoupon } from './store-credit';

export async function createWooPlatformCode(integration: OpenIntegration, input: PlatformCodeInput, signal?: AbortSignal): Promise<PlatformResult<PlatformCodeRef>> {
  const freeShipping = input.kind === 'free_shipping';
  const coupon = await createWooCoupon(integration, { code: input.code, amount: freeShipping ? 0 : input.amount, email: input.email, description: input.note, freeShipping }, signal);
  return coupon.ok ? { ok: true, value: { id: String(coupon.value.id) } } : coupon;
}
