'use server';

import { issueApprovedCompensation } from '@/lib/compensations/issue-approved-compensation';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../../_components/staff-action';

export async function issueApprovedCompensationAction(input: { compensationId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await issueApprovedCompensation(await staffCtx(), input);
    return { ok: true, done: 'issued' };
  });
}
