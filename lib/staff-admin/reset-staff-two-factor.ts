import { eq } from 'drizzle-orm';
import { staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { deleteAllStaffSessions } from '@/lib/auth/staff-sessions';
import { recordEvent } from '@/lib/core/events';
import { assertNotSelf, lockStaffForAdminChange } from './admins';
import { staffIdSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/**
 * For a lost phone: clears the TOTP secret and the recovery codes and ends every session (they were
 * verified with the old factor). At the next login an admin is sent to enrolment (sessionStage);
 * an agent may turn it on again from their account page.
 */
export async function resetStaffTwoFactor(ctx: Ctx, input: { staffId: string }): Promise<{ sessionsEnded: number }> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { staffId } = staffIdSchema.parse(input);
  // Your own second factor is changed from your account after re-authentication (AU-07), not here.
  assertNotSelf(actor.staffId, staffId);
  return ctx.db.transaction(async (tx) => {
    await lockStaffForAdminChange(tx, staffId);
    await tx.update(staffUsers).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: [] }).where(eq(staffUsers.id, staffId));
    const sessionsEnded = await deleteAllStaffSessions(tx, staffId);
    await recordEvent(tx, { actor, type: 'staff.two_factor_reset', data: { staffId, sessionsEnded } });
    return { sessionsEnded };
  });
}
