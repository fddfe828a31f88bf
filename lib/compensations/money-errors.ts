import { AppError } from '@/lib/errors';
import { isCheckViolation } from '@/lib/core/pg-error';

/** Reasons a staff form shows with its own message (`staffReturns.reasons.<reason>`). */
export type MoneyRefusal = 'refund_exceeds_captured' | 'amount_above_entitlement' | 'nothing_to_refund' | 'code_collision' | 'short_refund_needs_reason';

export function refusal(reason: MoneyRefusal | string, message?: string): AppError {
  return new AppError('invalid_state', message ?? reason, { details: { reason } });
}

/**
 * The refunds trigger moves orders.refunded_amount; its CHECK refuses anything above the captured
 * amount (SQLSTATE 23514). That is the one place the rule lives; here it becomes a clear message.
 */
export function mapRefundError(error: unknown): unknown {
  if (isCheckViolation(error, 'orders_refunds_within_captured')) return refusal('refund_exceeds_captured', 'The refunds would exceed the captured amount.');
  return error;
}

export function reasonOf(error: unknown): string | undefined {
  if (error instanceof AppError && error.details && typeof error.details === 'object' && 'reason' in error.details) {
    const reason = (error.details as { reason?: unknown }).reason;
    return typeof reason === 'string' ? reason : undefined;
  }
  return undefined;
}
