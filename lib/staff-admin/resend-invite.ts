import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { staffInvites, staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { lockStaffForAdminChange } from './admins';
import { issueInvite } from './invite-staff';
import { staffIdSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/**
 * A new link for someone who never set a password (lost email, link expired). Earlier links die;
 * the new one is emailed and returned once.
 */
export async function resendInvite(ctx: Ctx, input: { staffId: string }, now: Date = new Date()): Promise<{ url: string; expiresAt: Date }> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { staffId } = staffIdSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const { target } = await lockStaffForAdminChange(tx, staffId);
    const [user] = await tx.select({ locale: staffUsers.locale, lastLoginAt: staffUsers.lastLoginAt }).from(staffUsers).where(eq(staffUsers.id, staffId));
    const [accepted] = await tx.select({ id: staffInvites.id }).from(staffInvites).where(and(eq(staffInvites.staffUserId, staffId), isNotNull(staffInvites.usedAt)));
    const [anyInvite] = await tx.select({ id: staffInvites.id }).from(staffInvites).where(eq(staffInvites.staffUserId, staffId));
    if (target.disabledAt || accepted || user!.lastLoginAt || !anyInvite) {
      throw new AppError('invalid_state', 'Only a pending invitation can be sent again', { details: { reason: 'notInvited' } });
    }
    // The old links stop working: they expire now (usedAt stays for a password actually set).
    await tx.update(staffInvites).set({ expiresAt: now }).where(and(eq(staffInvites.staffUserId, staffId), isNull(staffInvites.usedAt)));
    const { inviteId, url, expiresAt } = await issueInvite(tx, { actorStaffId: actor.staffId, staffId, name: target.name, email: target.email, locale: user!.locale, now });
    await recordEvent(tx, { actor, type: 'staff.invite_resent', data: { staffId, inviteId, expiresAt: expiresAt.toISOString() } });
    return { url, expiresAt };
  });
}
