import { eq } from 'drizzle-orm';
import { staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { assertNotLastAdmin, assertNotSelf, lockStaffForAdminChange } from './admins';
import { changeRoleSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/**
 * Changes a role. Sessions read the role on every request, so it applies at once; a new admin
 * without two-factor is sent to enrolment on the next request (sessionStage). Never your own role,
 * never the last active admin.
 */
export async function changeStaffRole(ctx: Ctx, input: { staffId: string; role: 'agent' | 'admin' }): Promise<{ changed: boolean }> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { staffId, role } = changeRoleSchema.parse(input);
  assertNotSelf(actor.staffId, staffId);
  return ctx.db.transaction(async (tx) => {
    const { target, activeAdmins } = await lockStaffForAdminChange(tx, staffId);
    if (target.role === role) return { changed: false };
    if (role === 'agent') assertNotLastAdmin(target, activeAdmins);
    await tx.update(staffUsers).set({ role }).where(eq(staffUsers.id, staffId));
    await recordEvent(tx, { actor, type: 'staff.role_changed', data: { staffId, from: target.role, to: role } });
    return { changed: true };
  });
}
