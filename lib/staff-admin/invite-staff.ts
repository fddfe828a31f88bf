import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { staffInvites, staffUsers } from '@/db/schema';
import type { Tx } from '@/db';
import type { Ctx } from '@/lib/core/actor';
import { hashPassword } from '@/lib/auth/passwords';
import { hashToken } from '@/lib/auth/staff-sessions';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/core/locales';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { SECRET_PLACEHOLDER } from '@/lib/outbox/outbox-secrets';
import { appUrl } from '@/lib/core/url';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { renderInviteEmail } from './invite-email';
import { type InviteStaffInput, inviteStaffSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';

/** An invitation link works this long, once. */
export const INVITE_VALID_HOURS = 72;

export function invitePath(token: string): string {
  return `/staff/invite/${token}`;
}

/**
 * A fresh one-time link for an account, emailed through the outbox in the caller's transaction. The
 * stored email shows `…/staff/invite/[hidden]`; the token itself is sealed for the SMTP send only and
 * wiped after it, so no other staff member can read the link in the Outbox view, an export or a preview.
 */
export async function issueInvite(
  tx: Tx,
  input: { actorStaffId: string; staffId: string; name: string; email: string; locale: Locale; now: Date },
): Promise<{ inviteId: string; url: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + INVITE_VALID_HOURS * 3600_000);
  const url = appUrl(invitePath(token));
  const [invite] = await tx
    .insert(staffInvites)
    .values({ staffUserId: input.staffId, tokenHash: hashToken(token), expiresAt, createdByStaffId: input.actorStaffId, createdAt: input.now })
    .returning({ id: staffInvites.id });
  const shop = await readShopSettings(tx);
  const redactedUrl = appUrl(invitePath(SECRET_PLACEHOLDER));
  await enqueueEmail(tx, {
    kind: 'staff_invite',
    dedupeKey: `staff-invite:${invite!.id}`,
    locale: input.locale,
    audience: 'staff',
    email: await renderInviteEmail({ locale: input.locale, to: input.email, name: input.name, shopName: shop.name, url: redactedUrl, expiresAt, timeZone: shop.timeZone }),
    secrets: [{ placeholder: redactedUrl, value: url }],
  });
  return { inviteId: invite!.id, url, expiresAt };
}

/**
 * Creates the account (no usable password yet) and a one-time set-password link. The link is
 * returned once (to the admin who made it, who may hand it over) and emailed through the outbox in
 * the same transaction; only its SHA-256 is stored, the outbox keeps it sealed until the send.
 */
export async function inviteStaff(ctx: Ctx, input: InviteStaffInput, now: Date = new Date()): Promise<{ staffId: string; url: string; expiresAt: Date }> {
  const actor = authorize(ctx.actor, 'staff.manage');
  const { name, email, role, locale } = inviteStaffSchema.parse(input);
  // Nobody knows this password: the account cannot sign in until the link sets one.
  const placeholderHash = await hashPassword(randomBytes(32).toString('base64url'));
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(sql`lower(${staffUsers.email}) = ${email.toLowerCase()}`);
    if (taken) throw new AppError('conflict', 'A staff member with this email exists', { details: { reason: 'emailTaken' } });
    const [user] = await tx.insert(staffUsers).values({ name, email, role, locale, passwordHash: placeholderHash }).returning({ id: staffUsers.id });
    const { inviteId, url, expiresAt } = await issueInvite(tx, { actorStaffId: actor.staffId, staffId: user!.id, name, email, locale, now });
    await recordEvent(tx, { actor, type: 'staff.invited', data: { staffId: user!.id, role, inviteId, expiresAt: expiresAt.toISOString() } });
    return { staffId: user!.id, url, expiresAt };
  });
}
