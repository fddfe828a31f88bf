import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { domainEvents, refunds, type Refund } from '@/db/schema';
import { isAuditRow, recordEvent } from '@/lib/core/events';
import type { RefundAttemptResult } from '@/lib/core/refund-rail';
import { failRefund, succeedRefund } from './execute-refunds';

export type ProviderReport = {
  /** The provider's state as the ledger's outcome; null when the provider does not know the refund. */
  result: RefundAttemptResult | null;
  /** The provider's own word for it, kept on a mismatch (`succeeded`, `fail`, `not_found` …). */
  providerStatus: string | null;
  /** The provider's id of the refund when the report names one (otherwise the ledger's is kept). */
  providerReference?: string | null;
  /**
   * The provider's present state (the nightly lookup), not an event that may arrive late: only then does
   * "still pending" contradict a refund the ledger has settled.
   */
  current?: boolean;
  /** Where the report came from, kept on a mismatch (`source`, or Stripe's `eventId`). */
  origin: { source: string } | { eventId: string };
};

/**
 * Applies what a provider reports of one refund (Stripe webhook, Paytrail callback, nightly reconciliation) to the
 * ledger, in the caller's transaction, the refund row locked. Only a processing refund moves: succeeded or failed
 * settle it (audit row and event), processing records the provider reference it lacked. A report that contradicts
 * the ledger is a `refund.provider_mismatch` audit row, which the desk shows on the refund, once per refund and
 * provider status (a provider that repeats itself adds nothing).
 */
export async function settleRefundFromProvider(tx: Tx, refund: Refund, report: ProviderReport, now: Date): Promise<'settled' | 'agrees' | 'mismatch' | 'known_mismatch'> {
  const { result } = report;
  const providerReference = report.providerReference ?? refund.providerReference;
  if (refund.status === 'processing' && result) {
    if (result.outcome === 'succeeded') {
      await succeedRefund(tx, refund, providerReference, now);
      return 'settled';
    }
    if (result.outcome === 'failed') {
      await failRefund(tx, { ...refund, providerReference }, { message: result.message, code: result.providerCode ?? null }, now);
      return 'settled';
    }
    if (!refund.providerReference && providerReference) await tx.update(refunds).set({ providerReference, updatedAt: now }).where(eq(refunds.id, refund.id));
    return 'agrees';
  }
  const agrees = result === null ? refund.status === 'failed' : result.outcome === refund.status || (result.outcome === 'processing' && !report.current);
  if (agrees) return 'agrees';
  const provider = report.providerStatus;
  const [known] = await tx
    .select({ id: domainEvents.id })
    .from(domainEvents)
    .where(and(isAuditRow(), eq(domainEvents.type, 'refund.provider_mismatch'), sql`${domainEvents.data}->>'refundId' = ${refund.id}`, sql`${domainEvents.data}->>'provider' is not distinct from ${provider}`))
    .limit(1);
  if (known) return 'known_mismatch';
  await recordEvent(tx, {
    actor: { type: 'system' },
    type: 'refund.provider_mismatch',
    caseId: refund.caseId,
    orderId: refund.orderId,
    data: { refundId: refund.id, ...report.origin, ledger: refund.status, provider, providerReference },
  });
  return 'mismatch';
}
