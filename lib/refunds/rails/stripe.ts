import Stripe from 'stripe';
import { providerPaymentId } from '@/lib/core/payment-methods';
import type { RefundAttemptResult, RefundRail } from '@/lib/core/refund-rail';
import { orderPaidAt } from '../queries';

/**
 * Stripe: refunds of orders paid through a Stripe PaymentIntent, with the official SDK
 * (`refunds.create({ payment_intent, amount }, { idempotencyKey })`).
 *
 * An order is Stripe-paid when its `payment_method` is `stripe:<PaymentIntent id>` (`stripe:pi_…`): the
 * merchant API and the platform connectors write it so. The rail claims such orders only while
 * STRIPE_SECRET_KEY is set; STRIPE_API_BASE (e.g. http://127.0.0.1:12111) points the SDK at another host,
 * which the tests use for their local server (test/stripe-server.ts).
 */
/** The PaymentIntent of a Stripe-paid order, or null. */
export function stripePaymentIntent(paymentMethod: string | null | undefined): string | null {
  return providerPaymentId('stripe', paymentMethod);
}

/** Per-request timeout: past it the attempt counts as timed out and is retried with the same key. */
export const STRIPE_TIMEOUT_MS = 20_000;

export function stripeClient(options: { timeoutMs?: number } = {}): Stripe | null {
  const key = process.env.STRIPE_SECRET_KEY;
  if (!key) return null;
  const base = process.env.STRIPE_API_BASE ? new URL(process.env.STRIPE_API_BASE) : null;
  return new Stripe(key, {
    // The ledger retries (with backoff and the same idempotency key); the SDK must not retry on its own.
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? STRIPE_TIMEOUT_MS,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol === 'http:' ? ('http' as const) : ('https' as const),
        }
      : {}),
  });
}

/** What the ledger makes of a Stripe refund object's status. */
export function fromStripeRefund(refund: { id: string; status: string | null; failure_reason?: string | null }): RefundAttemptResult {
  switch (refund.status) {
    case 'succeeded':
      return { outcome: 'succeeded', providerReference: refund.id };
    case 'failed':
    case 'canceled':
      return { outcome: 'failed', retryable: false, message: `Stripe refund ${refund.id} ${refund.status}${refund.failure_reason ? `: ${refund.failure_reason}` : ''}`, providerCode: refund.failure_reason ?? refund.status };
    default:
      // pending, requires_action: Stripe settles it later and says so by webhook (refund.updated).
      return { outcome: 'processing', providerReference: refund.id };
  }
}

/**
 * A Stripe error as an attempt's outcome. Connection errors (timeouts included), rate limits and Stripe's own
 * 5xx are retried with the same idempotency key; a refused request (invalid request, card, permission,
 * authentication, idempotency mismatch) is not.
 */
export function fromStripeError(error: unknown): RefundAttemptResult {
  if (error instanceof Stripe.errors.StripeError) {
    const retryable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeRateLimitError ||
      (error instanceof Stripe.errors.StripeAPIError && (error.statusCode ?? 500) >= 500) ||
      (error.statusCode ?? 0) >= 500;
    // The SDK's own timeout (`timeout` option): a StripeConnectionError whose cause is ETIMEDOUT.
    const timedOut = error.type === 'StripeConnectionError' && ((error.detail as { code?: string } | undefined)?.code === 'ETIMEDOUT' || /timeout/i.test(error.message));
    return { outcome: 'failed', retryable, message: error.message, providerCode: timedOut ? 'timeout' : (error.code ?? error.type) };
  }
  return { outcome: 'failed', retryable: true, message: error instanceof Error ? error.message : String(error) };
}

/** The Stripe rail; `timeoutMs` is the SDK's per-request limit (tests shorten it). */
export function createStripeRail(options: { timeoutMs?: number } = {}): RefundRail {
  return {
    id: 'stripe',
    async claims(db, orderId) {
      return Boolean(process.env.STRIPE_SECRET_KEY) && orderPaidAt(db, orderId, 'stripe');
    },
    async execute(_db, request) {
      const client = stripeClient(options);
      if (!client) return { outcome: 'failed', retryable: true, message: 'STRIPE_SECRET_KEY is not set', providerCode: 'not_configured' };
      const paymentIntent = stripePaymentIntent(request.order.paymentMethod);
      if (!paymentIntent) return { outcome: 'failed', retryable: false, message: 'The order was not paid with a Stripe PaymentIntent', providerCode: 'no_payment_intent' };
      try {
        const refund = await client.refunds.create(
          { payment_intent: paymentIntent, amount: request.amount, reason: 'requested_by_customer', metadata: { paluu_refund_id: request.refundId, order_number: request.order.orderNumber } },
          { idempotencyKey: request.idempotencyKey },
        );
        return fromStripeRefund(refund);
      } catch (error) {
        return fromStripeError(error);
      }
    },
  };
}

export const stripeRail: RefundRail = createStripeRail();
