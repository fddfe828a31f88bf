'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db';
import { receiveCustomerMessage } from '@/lib/cases/receive-customer-message';
import { type ActionResult, toActionResult } from '@/lib/errors';
import { clientKeyFrom } from '@/lib/http/client-ip';

export type CustomerMessageState = ActionResult<{ sent: true }> | { ok: null };

/** The customer's answer through the signed link; the token is the only authority. */
export async function sendCustomerMessageAction(_prev: CustomerMessageState, formData: FormData): Promise<CustomerMessageState> {
  try {
    await receiveCustomerMessage({ db: getDb(), clientKey: clientKeyFrom(await headers()) }, { token: String(formData.get('token') ?? ''), body: String(formData.get('body') ?? '') });
    return { ok: true, data: { sent: true } };
  } catch (error) {
    return toActionResult(error);
  }
}
