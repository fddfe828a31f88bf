import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { staffInvites, staffSessions, staffUsers } from '@/db/schema';
import { hashPassword } from '@/lib/auth/passwords';
import { hashToken } from '@/lib/auth/staff-sessions';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { type AcceptInviteInput, acceptInviteSchema } from './schemas';

export type InviteInfo = { name: string; email: string; role: 'agent' | 'admin' };

/** The live invitation behind a token (unused, not expired, account not disabled), or null. */
export async function findLiveInvite(db: Db, token: string, now: Date = new Date()): Promise<(InviteInfo & { inviteId: string; staffId: string }) | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({ inviteId: staffInvites.id, staffId: staffUsers.id, name: staffUsers.name, email: staffUsers.email, role: staffUsers.role })
    .from(staffInvites)
    .innerJoin(staffUsers, eq(staffUsers.id, staffInvites.staffUserId))
    .where(and(eq(staffInvites.tokenHash, hashToken(token)), isNull(staffInvites.usedAt), gt(staffInvites.expiresAt, now), isNull(staffUsers.disabledAt)));
  return row ?? null;
}

/**
 * Sets the invited person's password and spends the link (single use, checked under a row lock so
 * two submissions cannot both win). The person then signs in normally (admins enrol two-factor).
 */
export async function acceptInvite(ctx: { db: Db }, input: AcceptInviteInput, now: Date = new Date()): Promise<{ email: string }> {
  const { token, password } = acceptInviteSchema.parse(input);
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ inviteId: staffInvites.id, staffId: staffInvites.staffUserId, usedAt: staffInvites.usedAt, expiresAt: staffInvites.expiresAt })
      .from(staffInvites)
      .where(eq(staffInvites.tokenHash, hashToken(token)))
      .for('update');
    const [user] = row ? await tx.select({ email: staffUsers.email, role: staffUsers.role, disabledAt: staffUsers.disabledAt }).from(staffUsers).where(eq(staffUsers.id, row.staffId)) : [];
    if (!row || !user || row.usedAt || row.expiresAt.getTime() <= now.getTime() || user.disabledAt) {
      throw new AppError('not_found', 'This invitation link is not valid', { details: { reason: 'inviteInvalid' } });
    }
    await tx.update(staffInvites).set({ usedAt: now }).where(eq(staffInvites.id, row.inviteId));
    await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, row.staffId));
    // Any other open link for this account dies with this one.
    await tx.update(staffInvites).set({ usedAt: now }).where(and(eq(staffInvites.staffUserId, row.staffId), isNull(staffInvites.usedAt)));
    await tx.delete(staffSessions).where(eq(staffSessions.staffUserId, row.staffId));
    await recordEvent(tx, { actor: { type: 'staff', staffId: row.staffId, role: user.role }, type: 'staff.invite_accepted', data: { inviteId: row.inviteId } });
    return { email: user.email };
  });
}
