// POST /api/photos – multipart (file, orderNumber, locale): a customer's photo for a return of an
// order this browser has access to. Processed (type by content, ≤ 10 MB, ≤ 16.8 MP, re-encoded,
// metadata stripped) and kept until the submitted return attaches it. Refusals are localized.
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { getDb } from '@/db';
import { getVerifiedOrderAccess } from '@/lib/auth/order-access';
import { AppError, isAppError, toHttpResponse } from '@/lib/errors';
import { toLocale } from '@/lib/i18n/locales';
import { findOrderIdByNumber } from '@/lib/orders/queries';
import { PHOTO_LIMITS, type PhotoRejection } from '@/lib/photos/process-photo';
import { storeOrderPhoto } from '@/lib/photos/store-photo';

export const dynamic = 'force-dynamic';

/** Room for the multipart envelope and the two text fields around a 10 MB file. */
const MAX_BODY_BYTES = PHOTO_LIMITS.maxUploadBytes + 64 * 1024;

async function readCapped(request: Request): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return null;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const fieldsSchema = z.object({ orderNumber: z.string().trim().min(1).max(64), locale: z.string().max(5) });

export async function POST(request: Request) {
  const url = new URL(request.url);
  let locale = toLocale(url.searchParams.get('locale') ?? 'en');
  try {
    const refuse = async (reason: PhotoRejection) => {
      const t = await getTranslations({ locale, namespace: 'photos' });
      const code = reason === 'too_large' ? 'payload_too_large' : 'invalid_input';
      throw new AppError(code, t(`errors.${reason}`, { maxMegabytes: PHOTO_LIMITS.maxUploadBytes / 1024 / 1024 }), { details: { reason } });
    };
    const body = await readCapped(request);
    if (!body) return await refuse('too_large');
    let form: FormData;
    try {
      form = await new Request(request.url, { method: 'POST', headers: { 'content-type': request.headers.get('content-type') ?? '' }, body: Buffer.from(body) }).formData();
    } catch {
      throw new AppError('bad_request', 'Send the photo as multipart/form-data.');
    }
    const fields = fieldsSchema.parse({ orderNumber: form.get('orderNumber'), locale: form.get('locale') ?? locale });
    locale = toLocale(fields.locale);
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new AppError('invalid_input', 'No file.', { details: { fieldErrors: { file: ['required'] } } });

    const db = getDb();
    const orderId = await findOrderIdByNumber(db, fields.orderNumber);
    if (!orderId || !(await getVerifiedOrderAccess(orderId))) throw new AppError('unauthorized', 'Look up the order first.');
    const result = await storeOrderPhoto({ db, actor: { type: 'customer', orderId } }, { orderId, bytes: new Uint8Array(await file.arrayBuffer()) });
    if (!result.ok) return await refuse(result.reason);
    return Response.json({ id: result.id, width: result.width, height: result.height }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (isAppError(error) && error.code === 'rate_limited') {
      const t = await getTranslations({ locale, namespace: 'photos' });
      return toHttpResponse(new AppError('rate_limited', t('errors.tooMany'), { retryAfterSeconds: error.retryAfterSeconds }));
    }
    return toHttpResponse(error);
  }
}
