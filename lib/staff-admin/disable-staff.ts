import { eq } from 'drizzle-orm';
import { staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { deleteAllStaffSessions } from '@/lib/auth/staff-sessions';
import { recordEvent } from '@/lib/core/events';
import { assertNotLastAdmin, assertNotSelf, lockStaffForAdminChange } from './admins';
import { staffIdSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/** Disables an account and ends all its sessions in the same transaction. Not yourself, not the last admin. */
export async function disableStaff(ctx: Ctx, input: { staffId: string }, now: Date = new Date()): Promise<{ changed: boolean; sessionsEnded: number }> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { staffId } = staffIdSchema.parse(input);
  assertNotSelf(actor.staffId, staffId);
  return ctx.db.transaction(async (tx) => {
    const { target, activeAdmins } = await lockStaffForAdminChange(tx, staffId);
    if (target.disabledAt) return { changed: false, sessionsEnded: 0 };
    assertNotLastAdmin(target, activeAdmins);
    await tx.update(staffUsers).set({ disabledAt: now, isAvailable: false }).where(eq(staffUsers.id, staffId));
    const sessionsEnded = await deleteAllStaffSessions(tx, staffId);
    await recordEvent(tx, { actor, type: 'staff.disabled', data: { staffId, sessionsEnded } });
    return { changed: true, sessionsEnded };
  });
}

/** Lets a disabled account sign in again (with its old password and two-factor). */
export async function enableStaff(ctx: Ctx, input: { staffId: string }): Promise<{ changed: boolean }> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { staffId } = staffIdSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const { target } = await lockStaffForAdminChange(tx, staffId);
    if (!target.disabledAt) return { changed: false };
    await tx.update(staffUsers).set({ disabledAt: null }).where(eq(staffUsers.id, staffId));
    await recordEvent(tx, { actor, type: 'staff.enabled', data: { staffId } });
    return { changed: true };
  });
}
