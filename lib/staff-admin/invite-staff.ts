import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { staffInvites, staffUsers } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/passwords';
import { hashToken } from '@/lib/auth/staff-sessions';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { AppError } from '@/lib/errors';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { appUrl } from '@/lib/outbox/service-email-layout';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { assertAdmin } from './admins';
import { renderInviteEmail } from './invite-email';
import { type InviteStaffInput, inviteStaffSchema } from './schemas';

/** An invitation link works this long, once. */
export const INVITE_VALID_HOURS = 72;

export function invitePath(token: string): string {
  return `/staff/invite/${token}`;
}

/**
 * Creates the account (no usable password yet) and a one-time set-password link. The link is
 * returned once (the admin may hand it over) and emailed through the outbox in the same transaction;
 * only its SHA-256 is stored.
 */
export async function inviteStaff(ctx: Ctx, input: InviteStaffInput, now: Date = new Date()): Promise<{ staffId: string; url: string; expiresAt: Date }> {
  assertAdmin(ctx.actor);
  const actor = ctx.actor;
  const { name, email, role, locale } = inviteStaffSchema.parse(input);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITE_VALID_HOURS * 3600_000);
  const url = appUrl(invitePath(token));
  // Nobody knows this password: the account cannot sign in until the link sets one.
  const placeholderHash = await hashPassword(randomBytes(32).toString('base64url'));
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(sql`lower(${staffUsers.email}) = ${email.toLowerCase()}`);
    if (taken) throw new AppError('conflict', 'A staff member with this email exists', { details: { reason: 'emailTaken' } });
    const [user] = await tx.insert(staffUsers).values({ name, email, role, locale, passwordHash: placeholderHash }).returning({ id: staffUsers.id });
    const [invite] = await tx
      .insert(staffInvites)
      .values({ staffUserId: user!.id, tokenHash: hashToken(token), expiresAt, createdByStaffId: actor.staffId, createdAt: now })
      .returning({ id: staffInvites.id });
    const shop = await readShopSettings(tx);
    await enqueueEmail(tx, {
      kind: 'staff_invite',
      dedupeKey: `staff-invite:${invite!.id}`,
      locale,
      email: await renderInviteEmail({ locale, to: email, name, shopName: shop.name, url, expiresAt, timeZone: shop.timeZone }),
    });
    await recordCaseEvent(tx, { actor, type: 'staff.invited', data: { staffId: user!.id, role, inviteId: invite!.id, expiresAt: expiresAt.toISOString() } });
    return { staffId: user!.id, url, expiresAt };
  });
}
