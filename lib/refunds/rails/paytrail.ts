import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { providerPaymentId } from '@/lib/core/payment-methods';
import type { RefundAttemptResult, RefundRail } from '@/lib/core/refund-rail';
import { appUrl } from '@/lib/core/url';
import { orderPaidAt } from '../queries';
import { parseJson, providerFetch, unreachableResult } from './http';

/**
 * Paytrail (Finland): refunds of orders paid through Paytrail's Payment API, `POST /payments/{transactionId}/refund`
 * (https://docs.paytrail.com, repository paytrail/api-documentation).
 *
 * An order is Paytrail-paid when its `payment_method` is `paytrail:<transactionId>` (the payment's transaction id,
 * a UUID). The rail claims such orders only while PAYTRAIL_MERCHANT_ID and PAYTRAIL_SECRET_KEY are set;
 * PAYTRAIL_API_BASE (default https://services.paytrail.com) points it at another host (the tests' local server).
 *
 * Every request is signed as the API reference says: the `checkout-*` headers (account, algorithm, method, a fresh
 * nonce, timestamp, and `checkout-transaction-id`) sorted, each `key:value`, then the body exactly as sent, joined
 * by `\n`, HMAC-SHA256 with the merchant secret, in the `signature` header. We sign ourselves: the official
 * `@paytrail/paytrail-js-sdk` (1.0.5) has a fixed endpoint, no timeout and a global axios interceptor, and makes its
 * nonce from the timestamp; the tests check our signatures with the SDK's own `Signature.calculateHmac`.
 *
 * `refundStamp` is the ledger's idempotency key (the same on every retry of a refund, so a retry after a timeout
 * names the same refund), `refundReference` our refund id. Paytrail answers `{ status: ok | pending | fail,
 * provider, transactionId }`: ok → succeeded, pending → processing (the callback settles it), fail → failed.
 */
/** The Paytrail transaction id of a Paytrail-paid order, or null. */
export function paytrailTransactionId(paymentMethod: string | null | undefined): string | null {
  return providerPaymentId('paytrail', paymentMethod);
}

const PAYTRAIL_TIMEOUT_MS = 20_000;
const PAYTRAIL_CALLBACK_PATH = '/api/payments/paytrail/refund-callback';

export type PaytrailConfig = { merchantId: string; secretKey: string; apiBase: string };

export function paytrailConfig(env: Record<string, string | undefined> = process.env): PaytrailConfig | null {
  const merchantId = env.PAYTRAIL_MERCHANT_ID?.trim();
  const secretKey = env.PAYTRAIL_SECRET_KEY;
  if (!merchantId || !secretKey) return null;
  return { merchantId, secretKey, apiBase: (env.PAYTRAIL_API_BASE?.trim() || 'https://services.paytrail.com').replace(/\/+$/, '') };
}

type Algorithm = 'sha256' | 'sha512';

/**
 * Paytrail's HMAC: every `checkout-` parameter (headers of a request, or query parameters of a callback) sorted by
 * name, `name:value`, then the body (empty string for none), joined with `\n`.
 */
export function paytrailHmac(secret: string, params: Record<string, string>, body: string, algorithm: Algorithm = 'sha256'): string {
  const payload = Object.keys(params)
    .filter((key) => key.startsWith('checkout-'))
    .sort()
    .map((key) => `${key}:${params[key]}`)
    .concat(body)
    .join('\n');
  return createHmac(algorithm, secret).update(payload).digest('hex');
}

/** The signed headers of one request to Paytrail. A fresh nonce (UUID) on every request. */
function paytrailHeaders(config: PaytrailConfig, method: 'GET' | 'POST', body: string, transactionId?: string, now = new Date()): Record<string, string> {
  const headers: Record<string, string> = {
    'checkout-account': config.merchantId,
    'checkout-algorithm': 'sha256',
    'checkout-method': method,
    'checkout-nonce': randomUUID(),
    'checkout-timestamp': now.toISOString(),
    ...(transactionId ? { 'checkout-transaction-id': transactionId } : {}),
  };
  return { ...headers, signature: paytrailHmac(config.secretKey, headers, body), 'platform-name': 'paluu', ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}) };
}

/**
 * Whether callback query parameters carry a valid signature: Paytrail signs redirect and callback URLs like
 * requests, over the `checkout-` query parameters with an empty body (README "Redirect and callback URL signing").
 * The account must be ours; only sha256 and sha512 are accepted. Constant-time comparison.
 */
export function verifyPaytrailParams(config: PaytrailConfig, params: Record<string, string>): boolean {
  const signature = params.signature;
  const algorithm = params['checkout-algorithm'];
  if (!signature || (algorithm !== 'sha256' && algorithm !== 'sha512')) return false;
  if (params['checkout-account'] !== config.merchantId) return false;
  const expected = Buffer.from(paytrailHmac(config.secretKey, params, '', algorithm), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** What the ledger makes of Paytrail's refund answer `{ status, provider, transactionId }`. */
function fromPaytrailRefund(body: { status?: unknown; provider?: unknown; transactionId?: unknown }): RefundAttemptResult {
  const transactionId = typeof body.transactionId === 'string' && body.transactionId ? body.transactionId : null;
  const provider = typeof body.provider === 'string' ? body.provider : 'unknown';
  switch (body.status) {
    case 'ok':
      return transactionId
        ? { outcome: 'succeeded', providerReference: transactionId }
        : { outcome: 'failed', retryable: true, message: 'Paytrail answered ok without a transactionId', providerCode: 'bad_response' };
    case 'pending':
      return transactionId
        ? { outcome: 'processing', providerReference: transactionId }
        : { outcome: 'failed', retryable: true, message: 'Paytrail answered pending without a transactionId', providerCode: 'bad_response' };
    case 'fail':
      return { outcome: 'failed', retryable: false, message: `Paytrail refund${transactionId ? ` ${transactionId}` : ''} failed (payment method provider ${provider})`, providerCode: 'fail' };
    default:
      return { outcome: 'failed', retryable: true, message: `Paytrail answered an unknown refund status: ${String(body.status).slice(0, 50)}`, providerCode: 'bad_response' };
  }
}

/**
 * An HTTP answer as an attempt's outcome. 2xx: the refund body. 4xx (400 "something went wrong", 401 HMAC or
 * access, 404 unknown transaction, 422 the payment method cannot be refunded): refused, not retried, with
 * Paytrail's `message`. 429 and 5xx: retried with the same refundStamp.
 */
function fromPaytrailAnswer(status: number, text: string): RefundAttemptResult {
  const body = parseJson(text) as { status?: unknown; message?: unknown; provider?: unknown; transactionId?: unknown } | null;
  if (status >= 200 && status < 300) return fromPaytrailRefund(body ?? {});
  const message = typeof body?.message === 'string' && body.message ? body.message.slice(0, 1000) : `HTTP ${status}`;
  const retryable = status === 429 || status >= 500;
  return { outcome: 'failed', retryable, message: `Paytrail: ${message}`, providerCode: `http_${status}` };
}

export function createPaytrailRail(options: { timeoutMs?: number } = {}): RefundRail {
  return {
    id: 'paytrail',
    async claims(db, orderId) {
      return Boolean(paytrailConfig()) && orderPaidAt(db, orderId, 'paytrail');
    },
    async execute(_db, request, signal) {
      const config = paytrailConfig();
      if (!config) return { outcome: 'failed', retryable: true, message: 'PAYTRAIL_MERCHANT_ID / PAYTRAIL_SECRET_KEY are not set', providerCode: 'not_configured' };
      const transactionId = paytrailTransactionId(request.order.paymentMethod);
      if (!transactionId) return { outcome: 'failed', retryable: false, message: 'The order was not paid through Paytrail', providerCode: 'no_transaction' };
      const callback = appUrl(PAYTRAIL_CALLBACK_PATH);
      const body = JSON.stringify({
        amount: request.amount,
        refundStamp: request.idempotencyKey,
        refundReference: request.refundId,
        callbackUrls: { success: callback, cancel: callback },
      });
      try {
        const answer = await providerFetch(`${config.apiBase}/payments/${transactionId}/refund`, {
          method: 'POST',
          headers: paytrailHeaders(config, 'POST', body, transactionId),
          body,
          timeoutMs: options.timeoutMs ?? PAYTRAIL_TIMEOUT_MS,
          signal,
        });
        return fromPaytrailAnswer(answer.status, answer.text);
      } catch (error) {
        return unreachableResult('Paytrail', error);
      }
    },
  };
}

export const paytrailRail: RefundRail = createPaytrailRail();

/**
 * `GET /payments/{transactionId}` for the nightly reconciliation: the refund's own transaction (the id the refund
 * answer gave) and its status, normalised to the ledger's words (ok → succeeded, fail → failed, others pending).
 */
export async function lookupPaytrailTransaction(transactionId: string, options: { timeoutMs?: number } = {}): Promise<{ status: string } | 'not_found' | null> {
  const config = paytrailConfig();
  if (!config) return null;
  const answer = await providerFetch(`${config.apiBase}/payments/${encodeURIComponent(transactionId)}`, {
    method: 'GET',
    headers: paytrailHeaders(config, 'GET', '', transactionId),
    timeoutMs: options.timeoutMs ?? PAYTRAIL_TIMEOUT_MS,
  });
  if (answer.status === 404) return 'not_found';
  if (answer.status < 200 || answer.status >= 300) throw new Error(`Paytrail GET /payments answered HTTP ${answer.status}`);
  const body = parseJson(answer.text) as { status?: unknown } | null;
  const status = body?.status === 'ok' ? 'succeeded' : body?.status === 'fail' ? 'failed' : 'pending';
  return { status };
}
