'use server';

import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber } from '@/lib/auth/order-access';
import { AppError, type ErrorCode, isAppError, toActionResult } from '@/lib/errors';
import { returnRequestSchema } from '@/lib/returns/schemas';
import { type RefusalDetails, submitReturn } from '@/lib/returns/submit-return';
import { getShopSettings } from '@/lib/settings/shop';

export type SubmitReturnState =
  | { ok: true; rma: string }
  | { ok: false; code: ErrorCode; refusals?: RefusalDetails['refusals']; fieldErrors?: Record<string, string[]> };

/** The wizard's submit: the same schema as the form, then the use case; refusals come back to the form. */
export async function submitReturnAction(raw: unknown): Promise<SubmitReturnState> {
  try {
    const request = returnRequestSchema.parse(raw);
    const db = getDb();
    const access = await getVerifiedOrderAccessByNumber(request.orderNumber);
    if (!access) throw new AppError('unauthorized');
    const { orderId } = access;
    const shop = await getShopSettings();
    const result = await submitReturn({ db, actor: { type: 'customer', orderId } }, { orderId, request, timeZone: shop.timeZone });
    return { ok: true, rma: result.rma };
  } catch (error) {
    if (isAppError(error) && error.details && typeof error.details === 'object') {
      const details = error.details as Partial<RefusalDetails> & { fieldErrors?: Record<string, string[]> };
      return { ok: false, code: error.code, refusals: details.refusals, fieldErrors: details.fieldErrors };
    }
    const result = toActionResult(error);
    return result.ok ? { ok: false, code: 'invalid_input' } : { ok: false, code: result.code, fieldErrors: result.fieldErrors };
  }
}
