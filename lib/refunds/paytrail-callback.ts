import { and, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { refunds } from '@/db/schema';
import type { RefundAttemptResult } from '@/lib/core/refund-rail';
import { paytrailConfig, verifyPaytrailParams } from './rails/paytrail';
import { settleRefundFromProvider } from './settle-refund-from-provider';

export type PaytrailCallbackResponse = { status: number; body: unknown };

const error = (status: number, code: string, message: string): PaytrailCallbackResponse => ({ status, body: { error: { code, message } } });
const MAX_QUERY_CHARS = 4000;

/**
 * GET /api/payments/paytrail/refund-callback — Paytrail calls a refund's `callbackUrls` (success and cancel are the
 * same address here) with the query parameters of a payment callback (`checkout-account`, `checkout-algorithm`,
 * `checkout-amount`, `checkout-stamp`, `checkout-reference`, `checkout-transaction-id`, `checkout-status`,
 * `checkout-provider`, `signature`).
 *
 * The signature (HMAC over every `checkout-` parameter, empty body, the merchant secret) is checked first: missing
 * or wrong → 401 and nothing changes. The refund is found by what the signature covers only: the refund's
 * transaction id (our provider reference, from the `pending` answer), our refund id (`checkout-reference`, sent as
 * refundReference) or our idempotency key (`checkout-stamp`, sent as refundStamp). `checkout-status` ok settles
 * a processing refund, fail fails it (with "Refund failed — action needed" for staff); pending only records the
 * transaction id. Paytrail may call more than once: only a processing refund moves, so a repeat changes nothing,
 * and a report that contradicts a settled refund is kept as `refund.provider_mismatch` for staff.
 */
export async function receivePaytrailRefundCallback(db: Db, url: URL, now = new Date()): Promise<PaytrailCallbackResponse> {
  const config = paytrailConfig();
  if (!config) return error(404, 'not_found', 'Paytrail is not configured.');
  if (url.search.length > MAX_QUERY_CHARS) return error(414, 'uri_too_long', 'The query string is too long.');
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in params) return error(401, 'invalid_signature', `The parameter ${key.slice(0, 40)} is given twice.`);
    params[key] = value;
  }
  if (!params.signature) return error(401, 'invalid_signature', 'The signature parameter is missing.');
  if (!verifyPaytrailParams(config, params)) return error(401, 'invalid_signature', 'The signature does not match.');

  const transactionId = params['checkout-transaction-id'] || null;
  const reference = z.uuid().safeParse(params['checkout-reference']);
  const stamp = params['checkout-stamp'] || null;
  const status = params['checkout-status'];
  if (!transactionId && !reference.success && !stamp) return { status: 200, body: { received: true, matched: false } };

  return db.transaction(async (tx) => {
    const [refund] = await tx
      .select()
      .from(refunds)
      .where(
        and(
          eq(refunds.rail, 'paytrail'),
          or(
            transactionId ? eq(refunds.providerReference, transactionId) : undefined,
            reference.success ? eq(refunds.id, reference.data) : undefined,
            stamp ? eq(refunds.idempotencyKey, stamp) : undefined,
          ),
        ),
      )
      .limit(1)
      .for('update');
    if (!refund) return { status: 200, body: { received: true, matched: false } };
    await settleRefundFromProvider(tx, refund, { result: fromCallbackStatus(status, params['checkout-provider'], transactionId ?? refund.providerReference), providerStatus: String(status ?? 'unknown').slice(0, 40), providerReference: transactionId, origin: { source: 'paytrail_callback' } }, now);
    return { status: 200, body: { received: true, matched: true } };
  });
}

/** `checkout-status` as the ledger's outcome: ok and fail settle; pending, delayed (or anything else) do not. */
function fromCallbackStatus(status: string | undefined, provider: string | undefined, reference: string | null): RefundAttemptResult {
  if (status === 'ok') return { outcome: 'succeeded', providerReference: reference ?? '' };
  if (status === 'fail') return { outcome: 'failed', retryable: false, message: `Paytrail reports the refund as failed${provider ? ` (payment method provider ${provider.slice(0, 50)})` : ''}`, providerCode: 'fail' };
  return { outcome: 'processing', providerReference: reference ?? '' };
}
