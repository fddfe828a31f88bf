'use server';

import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber } from '@/lib/auth/order-access';
import { askAboutOrder } from '@/lib/cases/ask-about-order';
import { type ActionResult, AppError, toActionResult } from '@/lib/errors';

export type AskState = ActionResult<{ caseNumber: number }> | { ok: null };

/** "Ask about this order" (works without JavaScript): only for the order this browser has verified. */
export async function askAboutOrderAction(_prev: AskState, formData: FormData): Promise<AskState> {
  try {
    const access = await getVerifiedOrderAccessByNumber(String(formData.get('orderNumber') ?? '').slice(0, 64));
    if (!access) throw new AppError('not_found');
    const result = await askAboutOrder({ db: getDb() }, { orderId: access.orderId, message: String(formData.get('message') ?? '') });
    return { ok: true, data: result };
  } catch (error) {
    return toActionResult(error);
  }
}
