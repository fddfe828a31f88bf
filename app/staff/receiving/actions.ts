'use server';

import { receiveReturn } from '@/lib/returns/staff/receive-return';
import type { ReceiveReturnInput } from '@/lib/returns/staff/schemas';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../_components/staff-action';

export async function receiveReturnAction(input: ReceiveReturnInput & { rma: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await receiveReturn(await staffCtx(), { returnId: input.returnId, items: input.items });
    return { ok: true, done: 'received', values: { rma: input.rma } };
  });
}
