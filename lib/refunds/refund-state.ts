/**
 * The refund ledger's rules (pure). The database says the same in a trigger (migration *_refund_ledger_guard):
 *
 *   requested ──claim──▶ processing ──▶ succeeded
 *       │                    │
 *       └──────▶ failed ◀────┘      failed ──staff retry──▶ requested
 *
 * `succeeded` is final. Every refund that is not `failed` counts towards orders.refunded_amount (money paid
 * back or reserved), whose CHECK keeps it ≤ captured_amount.
 */
import type { RefundRailId } from '@/lib/core/refund-rail';

export type RefundStatus = 'requested' | 'processing' | 'succeeded' | 'failed';

const NEXT: Record<RefundStatus, readonly RefundStatus[]> = {
  requested: ['processing', 'failed'],
  processing: ['succeeded', 'failed'],
  succeeded: [],
  failed: ['requested'],
};

export function canMoveRefund(from: RefundStatus, to: RefundStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

/** Whether the amount is counted against the captured amount (paid back or on its way). */
export function reservesMoney(status: RefundStatus): boolean {
  return status !== 'failed';
}

/**
 * Seconds to wait after failed attempt n (1-based) before attempt n+1: 30 s, 2 min, 10 min, 30 min, 2 h.
 * Six attempts in all; after the last a refund is `failed` and staff are told.
 */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 1800, 7200] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** The wait before the next attempt after `attemptsSoFar` attempts (of this round), or null when none is left. */
export function retryDelaySeconds(attemptsSoFar: number, delays: readonly number[] = RETRY_DELAYS_SECONDS): number | null {
  if (attemptsSoFar < 1 || attemptsSoFar > delays.length) return null;
  return delays[attemptsSoFar - 1]!;
}

/** Where the money goes, as the customer is told: the card (or account) they paid with, a bank transfer, a gift card. */
export type RefundDestination = 'card' | 'bank_account' | 'gift_card';

export function refundDestination(rail: string | null): RefundDestination {
  switch (rail as RefundRailId | null) {
    case 'bank_transfer':
      return 'bank_account';
    default:
      return 'card';
  }
}

/** What the customer sees of a refund: being processed, issued (with its date) or nothing yet. */
export type CustomerRefundState = { kind: 'processing' } | { kind: 'issued'; settledAt: Date; destination: RefundDestination };

export function customerRefundState(refund: { status: RefundStatus; rail: string | null; settledAt: Date | null }): CustomerRefundState {
  if (refund.status === 'succeeded' && refund.settledAt) return { kind: 'issued', settledAt: refund.settledAt, destination: refundDestination(refund.rail) };
  return { kind: 'processing' };
}
