'use server';

import { approveCompensation, rejectCompensation } from '@/lib/compensations/approve-compensation';
import type { RejectCompensationInput } from '@/lib/compensations/schemas';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../_components/staff-action';

// staffCtx({ role: 'admin' }) refuses agents before the use case (which checks again).
export async function approveCompensationAction(input: { compensationId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await approveCompensation(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'approved' };
  }, ['/staff/approvals']);
}

export async function rejectCompensationAction(input: RejectCompensationInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await rejectCompensation(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'rejected' };
  }, ['/staff/approvals']);
}
