/**
 * The contract between the refund ledger (lib/refunds) and whatever moves the money: the shop's platform
 * (lib/platforms/<platform>), a payment provider (Stripe, Paytrail, Klarna), a bank transfer batch, or the
 * demo rail. A rail executes one attempt; the ledger owns retries, idempotency keys and state.
 * No `server-only`: the worker executes refunds.
 */
import type { DbOrTx } from '@/db';

export type RefundRailId = 'demo' | 'shopify' | 'woocommerce' | 'stripe' | 'paytrail' | 'klarna' | 'bank_transfer';

export interface RefundAttemptLine {
  orderLineId: string;
  /** The line's id on the platform (order_lines.external_id), null for orders that came through our API. */
  externalLineId: string | null;
  sku: string;
  quantity: number;
  /** Put the units back in stock on the platform (a returned item that passed inspection). */
  restock: boolean;
}

export interface RefundAttemptRequest {
  refundId: string;
  /** 1 for the first attempt; a retry of the same refund keeps the same idempotency key. */
  attemptNo: number;
  /** Sent to the provider on every attempt of this refund, so a retry after a timeout never pays twice. */
  idempotencyKey: string;
  order: { id: string; orderNumber: string; externalId: string | null; currency: string; paymentMethod: string | null };
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  lines: RefundAttemptLine[];
  reason: string | null;
}

export type RefundAttemptResult =
  /** Money moved; `providerReference` is the provider's id for the refund. */
  | { outcome: 'succeeded'; providerReference: string }
  /** Accepted, settles later (a provider webhook or the next poll reports the end state). */
  | { outcome: 'processing'; providerReference: string }
  /** Refused or not reached. `retryable` false means retrying cannot help (e.g. already fully refunded). */
  | { outcome: 'failed'; retryable: boolean; message: string; providerCode?: string };

export interface RefundRail {
  id: RefundRailId;
  /** Whether this rail carries refunds of this order (e.g. the order came from this platform, or was paid with this provider). */
  claims(db: DbOrTx, orderId: string): Promise<boolean>;
  execute(db: DbOrTx, request: RefundAttemptRequest, signal: AbortSignal): Promise<RefundAttemptResult>;
}
