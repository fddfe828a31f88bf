import { providerPaymentId } from '@/lib/core/payment-methods';
import type { RefundAttemptResult, RefundRail } from '@/lib/core/refund-rail';
import { orderPaidAt } from '../queries';
import { parseJson, providerFetch, unreachableResult } from './http';

/**
 * Klarna: refunds through the Order Management API, `POST /ordermanagement/v1/orders/{order_id}/refunds`
 * (https://docs.klarna.com/api/ordermanagement/#operation/refundOrder).
 *
 * An order is Klarna-paid when its `payment_method` is `klarna:<order_id>` (Klarna's order id, a UUID). The rail
 * claims such orders only while KLARNA_USERNAME and KLARNA_PASSWORD (the API credentials, HTTP Basic) are set;
 * KLARNA_API_BASE (default https://api.klarna.com, the EU region) points it at another host.
 *
 * `Klarna-Idempotency-Key` is the ledger's idempotency key, the same on every retry: Klarna documents that retries
 * with the key are safe after network errors and timeouts and that only the key matters. Body: `refunded_amount`
 * (minor units), `reference` (our refund id, in Klarna's settlement files), `description` (the order number, shown
 * to the customer). 201 Created with the `Refund-Id` header (or the id at the end of `Location`) → succeeded.
 * Errors carry `{ error_code, error_messages, correlation_id }`: 4xx is refused (e.g. REFUND_NOT_ALLOWED,
 * NOT_ALLOWED), not retried; 429 and 5xx are retried with the same key.
 */
/** Klarna's order id of a Klarna-paid order, or null. */
export function klarnaOrderId(paymentMethod: string | null | undefined): string | null {
  return providerPaymentId('klarna', paymentMethod);
}

const KLARNA_TIMEOUT_MS = 20_000;

type KlarnaConfig = { username: string; password: string; apiBase: string };

function klarnaConfig(env: Record<string, string | undefined> = process.env): KlarnaConfig | null {
  const username = env.KLARNA_USERNAME?.trim();
  const password = env.KLARNA_PASSWORD;
  if (!username || !password) return null;
  return { username, password, apiBase: (env.KLARNA_API_BASE?.trim() || 'https://api.klarna.com').replace(/\/+$/, '') };
}

function authorization(config: KlarnaConfig): string {
  return `Basic ${Buffer.from(`${config.username}:${config.password}`, 'utf8').toString('base64')}`;
}

/** Klarna's error body as one line, the way Klarna's own PHP client words it: `CODE: msg1, msg2 (#correlation id)`. */
export function klarnaErrorMessage(status: number, text: string): { message: string; code: string } {
  const body = parseJson(text) as { error_code?: unknown; error_messages?: unknown; correlation_id?: unknown } | null;
  const code = typeof body?.error_code === 'string' && body.error_code ? body.error_code : `http_${status}`;
  const messages = Array.isArray(body?.error_messages) ? body.error_messages.filter((m): m is string => typeof m === 'string') : [];
  const correlation = typeof body?.correlation_id === 'string' ? ` (#${body.correlation_id})` : '';
  return { message: `Klarna: ${code}${messages.length ? `: ${messages.join(', ')}` : ''}${correlation}`.slice(0, 1000), code };
}

/** An HTTP answer of the refund call as an attempt's outcome. */
function fromKlarnaAnswer(status: number, headers: Headers, text: string): RefundAttemptResult {
  if (status === 201 || status === 200 || status === 204) {
    const id = headers.get('refund-id') ?? headers.get('location')?.split('/').filter(Boolean).pop() ?? null;
    return id ? { outcome: 'succeeded', providerReference: id } : { outcome: 'failed', retryable: true, message: 'Klarna answered 201 without Refund-Id or Location', providerCode: 'bad_response' };
  }
  const { message, code } = klarnaErrorMessage(status, text);
  return { outcome: 'failed', retryable: status === 429 || status >= 500, message, providerCode: code };
}

export function createKlarnaRail(options: { timeoutMs?: number } = {}): RefundRail {
  return {
    id: 'klarna',
    async claims(db, orderId) {
      return Boolean(klarnaConfig()) && orderPaidAt(db, orderId, 'klarna');
    },
    async execute(_db, request, signal) {
      const config = klarnaConfig();
      if (!config) return { outcome: 'failed', retryable: true, message: 'KLARNA_USERNAME / KLARNA_PASSWORD are not set', providerCode: 'not_configured' };
      const orderId = klarnaOrderId(request.order.paymentMethod);
      if (!orderId) return { outcome: 'failed', retryable: false, message: 'The order was not paid with Klarna', providerCode: 'no_order' };
      const body = JSON.stringify({ refunded_amount: request.amount, description: request.order.orderNumber.slice(0, 255), reference: request.refundId });
      try {
        const answer = await providerFetch(`${config.apiBase}/ordermanagement/v1/orders/${orderId}/refunds`, {
          method: 'POST',
          headers: { authorization: authorization(config), 'content-type': 'application/json', 'klarna-idempotency-key': request.idempotencyKey },
          body,
          timeoutMs: options.timeoutMs ?? KLARNA_TIMEOUT_MS,
          signal,
        });
        return fromKlarnaAnswer(answer.status, answer.headers, answer.text);
      } catch (error) {
        return unreachableResult('Klarna', error);
      }
    },
  };
}

export const klarnaRail: RefundRail = createKlarnaRail();

/**
 * `GET /ordermanagement/v1/orders/{order_id}/refunds/{refund_id}` for the nightly reconciliation: Klarna refunds
 * are final once created, so a refund Klarna knows is `succeeded`, one it does not know `not_found`.
 */
export async function lookupKlarnaRefund(orderId: string, refundId: string, options: { timeoutMs?: number } = {}): Promise<{ status: string } | 'not_found' | null> {
  const config = klarnaConfig();
  if (!config) return null;
  const answer = await providerFetch(`${config.apiBase}/ordermanagement/v1/orders/${encodeURIComponent(orderId)}/refunds/${encodeURIComponent(refundId)}`, {
    method: 'GET',
    headers: { authorization: authorization(config) },
    timeoutMs: options.timeoutMs ?? KLARNA_TIMEOUT_MS,
  });
  if (answer.status === 404) return 'not_found';
  if (answer.status !== 200) throw new Error(klarnaErrorMessage(answer.status, answer.text).message);
  return { status: 'succeeded' };
}
