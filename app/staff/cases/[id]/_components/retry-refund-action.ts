'use server';

import { retryRefund } from '@/lib/refunds/retry-refund';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../../_components/staff-action';

/** "Retry refund" on a failed refund: back to its rail with the same idempotency key (lib/refunds/retry-refund.ts). */
export async function retryRefundAction(input: { refundId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await retryRefund(await staffCtx(), input);
    return { ok: true, done: 'done' };
  }, ['/staff/cases/[id]']);
}
