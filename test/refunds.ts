import type { Db } from '../db';
import { REFUND_RAILS } from '../lib/refund-rails';
import { executeDueRefunds, type ExecuteRefundsOptions, type ExecuteRefundsResult } from '../lib/refunds/execute-refunds';

/**
 * The worker's refund step for one order (tests share one database): carries out the order's due refunds on
 * their rails, as scripts/worker.mjs does. Use cases only request a refund; call this to see it succeed.
 */
export function runRefundExecutor(db: Db, orderId: string, options: Partial<Omit<ExecuteRefundsOptions, 'orderId'>> = {}): Promise<ExecuteRefundsResult> {
  return executeDueRefunds(db, { rails: REFUND_RAILS, ...options, orderId });
}
