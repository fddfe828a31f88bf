'use server';

import { decideClaim } from '@/lib/claims/decide-claim';
import type { DecideClaimInput } from '@/lib/claims/schemas';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../../_components/staff-action';

/** Staff answer a claim; the customer's email is queued by the use case. */
export async function decideClaimAction(input: DecideClaimInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await decideClaim(await staffCtx(), input);
    return { ok: true, done: 'sent' };
  }, ['/staff/cases/[id]']);
}
