'use server';

import { getDb } from '@/db';
import { acceptInvite } from '@/lib/staff-admin/accept-invite';
import type { AcceptInviteInput } from '@/lib/staff-admin/schemas';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

/** Public (the token is the credential): sets the password and spends the link. */
export async function acceptInviteAction(input: AcceptInviteInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await acceptInvite({ db: getDb() }, input);
    return { ok: true, done: 'passwordSet' };
  });
}
