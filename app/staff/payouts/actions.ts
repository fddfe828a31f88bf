'use server';

import { exportPayoutBatch } from '@/lib/payouts/export-payout-batch';
import { markPayoutBatchPaid } from '@/lib/payouts/mark-payout-batch-paid';
import { savePayoutAccount } from '@/lib/payouts/payout-account';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../_components/staff-action';

// staffCtx({ role: 'admin' }) refuses agents before the use cases (which check `payouts.manage` again).
export async function savePayoutAccountAction(input: { name: string; iban: string; bic: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await savePayoutAccount(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'accountSaved' };
  }, ['/staff/payouts']);
}

export async function exportPayoutBatchAction(): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const result = await exportPayoutBatch(await staffCtx({ role: 'admin' }));
    return { ok: true, done: 'exported', values: { count: result.count, messageId: result.messageId } };
  }, ['/staff/payouts']);
}

export async function markPayoutBatchPaidAction(input: { batchId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const result = await markPayoutBatchPaid(await staffCtx({ role: 'admin' }), { batchId: String(input.batchId) });
    return { ok: true, done: result.alreadyPaid ? 'alreadyPaid' : 'paid', values: { count: result.refundIds.length } };
  }, ['/staff/payouts']);
}
