'use server';

import { getDb } from '@/db';
import { getVerifiedOrderAccessByNumber } from '@/lib/auth/order-access';
import { submitClaim } from '@/lib/claims/submit-claim';
import { type ActionResult, AppError, isAppError, toActionResult } from '@/lib/errors';
import { toLocale } from '@/lib/i18n/locales';
import { PHOTO_LIMITS } from '@/lib/photos/process-photo';

/**
 * The claim form posts its fields as JSON (`payload`, validated by the shared claimSchema in the use
 * case) and the photos as files. Access: the order must be open in this browser.
 */
export async function submitClaimAction(formData: FormData): Promise<ActionResult<{ claimId: string }>> {
  try {
    const orderNumber = String(formData.get('orderNumber') ?? '').slice(0, 64);
    const locale = toLocale(String(formData.get('locale') ?? ''));
    const db = getDb();
    const access = await getVerifiedOrderAccessByNumber(orderNumber);
    if (!access) throw new AppError('not_found');
    const { orderId } = access;
    let payload: unknown;
    try {
      payload = JSON.parse(String(formData.get('payload') ?? '{}'));
    } catch {
      throw new AppError('bad_request');
    }
    const files = formData.getAll('photos').filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f && f.size > 0);
    if (files.length > PHOTO_LIMITS.maxPerItem) return { ok: false, code: 'invalid_input', fieldErrors: { photos: ['photoTooMany'] } };
    if (files.some((f) => f.size > PHOTO_LIMITS.maxUploadBytes)) return { ok: false, code: 'invalid_input', fieldErrors: { photos: ['photo_too_large'] } };
    const photos = await Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
    const result = await submitClaim({ db, actor: { type: 'customer', orderId } }, { ...(payload as object), orderId, locale, photos } as Parameters<typeof submitClaim>[1]);
    return { ok: true, data: { claimId: result.claimId } };
  } catch (error) {
    // Photo rejections carry the field and the reason; the form shows them under the photo input. Items not
    // delivered yet, or a parcel on its way and on time, come back the same way (`claims.errors.<reason>`).
    if (isAppError(error) && (error.code === 'invalid_input' || error.code === 'invalid_state') && error.details && typeof error.details === 'object') {
      return { ok: false, code: error.code, fieldErrors: error.details as Record<string, string[]> };
    }
    return toActionResult(error);
  }
}
