'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { grantOrderAccess, grantRedactedAccess } from '@/lib/auth/order-access';
import { redeemAccessLink } from '@/lib/customer-access/redeem-access-link';
import { requestAccessLink } from '@/lib/customer-access/request-access-link';
import { type ActionResult, toActionResult } from '@/lib/errors';
import { clientKeyFrom } from '@/lib/http/client-ip';
import { isLocale, toLocale } from '@/lib/i18n/locales';
import { lookupOrder } from '@/lib/orders/lookup-order';

export type LookupState = ActionResult<never> | { ok: null };

const orderPath = (locale: string, orderNumber: string) => `/${toLocale(locale)}/orders/${encodeURIComponent(orderNumber)}`;

/**
 * Lookup form (works without JavaScript): the email opens the whole order, the postal code only the
 * redacted view (the one a tracking link opens); either way the order page follows.
 */
export async function lookupOrderAction(_prev: LookupState, formData: FormData): Promise<LookupState> {
  let orderNumber: string;
  try {
    const result = await lookupOrder(
      { db: getDb(), clientKey: clientKeyFrom(await headers()) },
      { orderNumber: String(formData.get('orderNumber') ?? ''), contact: String(formData.get('contact') ?? '') },
    );
    if (result.level === 'verified') await grantOrderAccess(result.orderId);
    else await grantRedactedAccess(result.orderId);
    orderNumber = result.orderNumber;
  } catch (error) {
    return toActionResult(error);
  }
  redirect(orderPath(String(formData.get('locale')), orderNumber));
}

export type AccessLinkState = ActionResult<'requested'> | { ok: null };

/**
 * "Email me a link": always the same answer ("if this order exists, we sent a link"), whether the order
 * exists, a limit was reached or the link went out. Only bad input and an unreachable database differ.
 */
export async function requestAccessLinkAction(_prev: AccessLinkState, formData: FormData): Promise<AccessLinkState> {
  try {
    await requestAccessLink({ db: getDb(), clientKey: clientKeyFrom(await headers()) }, { orderNumber: String(formData.get('orderNumber') ?? '') });
  } catch (error) {
    return toActionResult(error);
  }
  return { ok: true, data: 'requested' };
}

/** The button on the one-time link page: redeems the link (once) and opens the whole order. */
export async function redeemAccessLinkAction(formData: FormData): Promise<void> {
  const rawLocale = String(formData.get('locale') ?? '');
  const token = String(formData.get('token') ?? '');
  const redeemed = await redeemAccessLink(getDb(), token);
  if (!redeemed) redirect(`/${toLocale(rawLocale)}/access/${encodeURIComponent(token.slice(0, 64))}`);
  await grantOrderAccess(redeemed.orderId);
  redirect(orderPath(isLocale(rawLocale) ? rawLocale : redeemed.locale, redeemed.orderNumber));
}
