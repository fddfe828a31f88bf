import { and, eq, gte, inArray, isNotNull, or } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Db } from '@/db';
import type { RefundAttemptResult } from '@/lib/core/refund-rail';
import { orders, refunds, type Refund } from '@/db/schema';
import { klarnaOrderId, lookupKlarnaRefund } from './rails/klarna';
import { lookupPaytrailTransaction } from './rails/paytrail';
import { fromStripeRefund, stripeClient } from './rails/stripe';
import { settleRefundFromProvider } from './settle-refund-from-provider';

/**
 * What the provider says of one refund: its status (in the ledger's words: succeeded, failed, pending…),
 * `not_found`, or null when this rail cannot be asked. `order` carries the order's payment method (Klarna needs
 * its order id to find a refund).
 */
export type ProviderRefundLookup = (
  rail: string,
  providerReference: string,
  order?: { paymentMethod: string | null },
) => Promise<{ status: string | null; failureReason?: string | null } | 'not_found' | null>;

export type RefundDifference = { refundId: string; caseId: string | null; rail: string; providerReference: string; ledger: Refund['status']; provider: string };

/** Stripe: `GET /v1/refunds/{id}` with the official SDK. */
export const stripeLookup: ProviderRefundLookup = async (rail, providerReference) => {
  if (rail !== 'stripe') return null;
  const client = stripeClient();
  if (!client) return null;
  try {
    const refund = await client.refunds.retrieve(providerReference);
    return { status: refund.status, failureReason: refund.failure_reason ?? null };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError && error.code === 'resource_missing') return 'not_found';
    throw error;
  }
};

/** Paytrail: `GET /payments/{transactionId}` of the refund's own transaction (signed like every request). */
const paytrailLookup: ProviderRefundLookup = async (rail, providerReference) => (rail === 'paytrail' ? lookupPaytrailTransaction(providerReference) : null);

/** Klarna: `GET /ordermanagement/v1/orders/{order_id}/refunds/{refund_id}`. */
const klarnaLookup: ProviderRefundLookup = async (rail, providerReference, order) => {
  if (rail !== 'klarna') return null;
  const orderId = klarnaOrderId(order?.paymentMethod);
  return orderId ? lookupKlarnaRefund(orderId, providerReference) : null;
};

/** Every provider the nightly job asks: the first lookup that knows the rail answers. */
export const providerLookup: ProviderRefundLookup = async (rail, providerReference, order) => {
  for (const lookup of [stripeLookup, paytrailLookup, klarnaLookup]) {
    const answer = await lookup(rail, providerReference, order);
    if (answer !== null) return answer;
  }
  return null;
};

/** A provider's status as the ledger's outcome (Stripe's own words through its rail; the others are normalised by their lookup). */
function fromProviderStatus(rail: string, reference: string, status: string | null, failureReason: string | null): RefundAttemptResult {
  if (rail === 'stripe') return fromStripeRefund({ id: reference, status, failure_reason: failureReason });
  const name = rail === 'paytrail' ? 'Paytrail' : rail === 'klarna' ? 'Klarna' : rail;
  if (status === 'succeeded') return { outcome: 'succeeded', providerReference: reference };
  if (status === 'failed') return { outcome: 'failed', retryable: false, message: `${name} reports refund ${reference} as failed`, providerCode: 'failed' };
  return { outcome: 'processing', providerReference: reference };
}

/**
 * The nightly reconciliation: every refund with a provider reference that is still processing, or settled in
 * the last `days` days, is compared with what its provider says. A processing refund whose provider has settled
 * it is settled now (a webhook that never came); any other difference — the ledger says succeeded and the
 * provider failed or does not know it, the ledger says failed and the provider paid — is an audit row
 * `refund.provider_mismatch` on the case, which the desk shows on the refund, once per refund and provider status.
 */
export async function reconcileRefunds(db: Db, options: { lookup?: ProviderRefundLookup; days?: number; now?: Date; orderId?: string } = {}): Promise<{ checked: number; settled: number; differences: RefundDifference[] }> {
  const lookup = options.lookup ?? providerLookup;
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.days ?? 2) * 86_400_000);
  const rows = await db
    .select({ refund: refunds, paymentMethod: orders.paymentMethod })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(
      and(
        isNotNull(refunds.providerReference),
        isNotNull(refunds.rail),
        or(eq(refunds.status, 'processing'), and(inArray(refunds.status, ['succeeded', 'failed']), gte(refunds.updatedAt, since))),
        options.orderId ? eq(refunds.orderId, options.orderId) : undefined,
      ),
    );
  let checked = 0;
  let settled = 0;
  const differences: RefundDifference[] = [];
  for (const { refund: row, paymentMethod } of rows) {
    let remote: Awaited<ReturnType<ProviderRefundLookup>>;
    try {
      remote = await lookup(row.rail!, row.providerReference!, { paymentMethod });
    } catch {
      // One provider out of reach must not stop the others; the refund is looked at again the next night.
      continue;
    }
    if (remote === null) continue;
    checked += 1;
    const providerStatus = remote === 'not_found' ? 'not_found' : (remote.status ?? 'unknown');
    const result = remote === 'not_found' ? null : fromProviderStatus(row.rail!, row.providerReference!, remote.status, remote.failureReason ?? null);
    await db.transaction(async (tx) => {
      const [refund] = await tx.select().from(refunds).where(eq(refunds.id, row.id)).for('update');
      if (!refund) return;
      const outcome = await settleRefundFromProvider(tx, refund, { result, providerStatus, current: true, origin: { source: 'reconciliation' } }, now);
      if (outcome === 'settled') settled += 1;
      if (outcome === 'mismatch') differences.push({ refundId: refund.id, caseId: refund.caseId, rail: refund.rail!, providerReference: refund.providerReference!, ledger: refund.status, provider: providerStatus });
    });
  }
  return { checked, settled, differences };
}
