import { asc, desc } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { staffInvites, staffUsers } from '@/db/schema';

export type StaffUserDto = {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'admin';
  status: 'active' | 'invited' | 'invite_expired' | 'disabled';
  inviteExpiresAt: string | null;
  twoFactor: boolean;
  lastLoginAt: string | null;
};

/** Every staff member with a status; never a hash, secret or token. */
export async function listStaffUsers(db: DbOrTx, now: Date = new Date()): Promise<StaffUserDto[]> {
  const [users, invites] = await Promise.all([
    db
      .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email, role: staffUsers.role, disabledAt: staffUsers.disabledAt, totpEnabledAt: staffUsers.totpEnabledAt, lastLoginAt: staffUsers.lastLoginAt })
      .from(staffUsers)
      .orderBy(asc(staffUsers.name)),
    db.select({ staffUserId: staffInvites.staffUserId, expiresAt: staffInvites.expiresAt, usedAt: staffInvites.usedAt }).from(staffInvites).orderBy(desc(staffInvites.createdAt)),
  ]);
  const latestInvite = new Map<string, { expiresAt: Date; usedAt: Date | null }>();
  for (const invite of invites) if (!latestInvite.has(invite.staffUserId)) latestInvite.set(invite.staffUserId, invite);
  return users.map((u) => {
    const invite = latestInvite.get(u.id);
    // Invited and never accepted: no usable password yet.
    const pending = invite && !invite.usedAt && !u.lastLoginAt;
    const status = u.disabledAt ? 'disabled' : pending ? (invite.expiresAt.getTime() > now.getTime() ? 'invited' : 'invite_expired') : 'active';
    return {
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      status,
      inviteExpiresAt: pending ? invite.expiresAt.toISOString() : null,
      twoFactor: Boolean(u.totpEnabledAt),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    };
  });
}

