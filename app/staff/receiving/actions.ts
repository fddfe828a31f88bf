'use server';

import { confirmReceiving } from '@/lib/returns/staff/confirm-receiving';
import { receiveReturn } from '@/lib/returns/staff/receive-return';
import type { ConfirmReceivingInput, ReceiveReturnInput } from '@/lib/returns/staff/schemas';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../_components/staff-action';

export async function receiveReturnAction(input: ReceiveReturnInput & { rma: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await receiveReturn(await staffCtx(), { returnId: input.returnId, items: input.items });
    return { ok: true, done: 'received', values: { rma: input.rma } };
  });
}

/** The desk's one Confirm: receive + inspect + complete in one transaction (lib/returns/staff/confirm-receiving.ts). */
export async function confirmReceivingAction(input: ConfirmReceivingInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const done = await confirmReceiving(await staffCtx(), input);
    return { ok: true, done: 'completed', values: { rma: done.rma } };
  });
}
