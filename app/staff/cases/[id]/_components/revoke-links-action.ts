'use server';

import { staffCtx } from '@/lib/staff/ctx';
import { revokeCaseTrackingLinks } from '@/lib/tracking-links/revoke-tracking-links';
import { runStaffAction, type StaffActionState } from '../../../_components/staff-action';

/** "Revoke tracking links" on a case: every link of the case's order stops working on its next request. */
export async function revokeTrackingLinksAction(input: { caseId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const { revoked } = await revokeCaseTrackingLinks(await staffCtx(), input);
    return { ok: true, done: 'done', values: { count: revoked } };
  }, ['/staff/cases/[id]']);
}
