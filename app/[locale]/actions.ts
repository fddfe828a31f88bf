'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { grantOrderAccess } from '@/lib/auth/order-access';
import { type ActionResult, toActionResult } from '@/lib/errors';
import { clientIpFrom } from '@/lib/http/client-ip';
import { toLocale } from '@/lib/i18n/locales';
import { lookupOrder } from '@/lib/orders/lookup-order';

export type LookupState = ActionResult<never> | { ok: null };

/** Lookup form (works without JavaScript): on success grant access and open the order. */
export async function lookupOrderAction(_prev: LookupState, formData: FormData): Promise<LookupState> {
  let orderNumber: string;
  try {
    const result = await lookupOrder(
      { db: getDb(), clientKey: clientIpFrom(await headers()) },
      { orderNumber: String(formData.get('orderNumber') ?? ''), contact: String(formData.get('contact') ?? '') },
    );
    await grantOrderAccess(result.orderId);
    orderNumber = result.orderNumber;
  } catch (error) {
    return toActionResult(error);
  }
  redirect(`/${toLocale(String(formData.get('locale')))}/orders/${encodeURIComponent(orderNumber)}`);
}
