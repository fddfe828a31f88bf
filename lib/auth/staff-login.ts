import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { staffSessions, staffUsers } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { getAppSecret } from '@/lib/settings/app-secret';
import { noticeLoginAttack } from './login-notice';
import { type AttemptClaim, claimLoginAttempt, settleSuccessfulAttempt, throttleSource } from './login-throttle';
import { verifyPassword } from './passwords';
import { openSecret, sealSecret } from '@/lib/core/secret-box';
import { createStaffSession, deleteStaffSession, resolveStaffSession, type SessionStage } from './staff-sessions';
import { generateTotpSecret, matchTotp, totpUri } from './totp';

export const loginSchema = z.object({
  email: z.string().trim().min(1).max(320),
  // No composition rules; long passphrases welcome; verified exactly as typed.
  password: z.string().min(1).max(1000),
});
export const codeSchema = z.object({ code: z.string().trim().min(1).max(64) });

/** `now` is the clock of the throttle (tests move it; the app leaves it out). */
export type LoginCtx = { db: Db; ip: string; userAgent?: string | null; now?: Date };
export type LoginResult = { token: string; expiresAt: Date; stage: SessionStage };

const systemActor = { type: 'system' } as const;

/** Counts the attempt before it is checked; a throttled one is refused with the wait, unchecked. */
async function claimOrThrow(ctx: LoginCtx, account: string): Promise<Extract<AttemptClaim, { allowed: true }>> {
  const claim = await claimLoginAttempt(ctx.db, account, throttleSource(ctx.ip), ctx.now);
  if (!claim.allowed) throw new AppError('rate_limited', 'Too many attempts', { retryAfterSeconds: claim.retryAfterSeconds });
  return claim;
}

async function ownerOf(db: Db, account: string) {
  const [user] = await db
    .select({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role, locale: staffUsers.locale, disabledAt: staffUsers.disabledAt })
    .from(staffUsers)
    .where(sql`lower(${staffUsers.email}) = ${account}`);
  return user && !user.disabledAt ? user : undefined;
}

/**
 * Email + password. Every failure (unknown email, wrong password, disabled) is the same
 * `unauthorized`; an unknown email still costs one argon2 verification. A new session id is issued
 * (rotation at login); with two-factor on, the session waits for the code.
 * Throttled per address and account with growing waits (lib/auth/login-throttle.ts): an attacker
 * elsewhere slows themselves, not the owner, who is emailed when their account collects failures.
 */
export async function loginStaff(ctx: LoginCtx, input: z.input<typeof loginSchema>): Promise<LoginResult> {
  const { email, password } = loginSchema.parse(input);
  const accountKey = email.toLowerCase();
  const claim = await claimOrThrow(ctx, accountKey);
  const [user] = await ctx.db
    .select({ id: staffUsers.id, passwordHash: staffUsers.passwordHash, role: staffUsers.role, totpEnabledAt: staffUsers.totpEnabledAt, disabledAt: staffUsers.disabledAt })
    .from(staffUsers)
    .where(sql`lower(${staffUsers.email}) = ${accountKey}`);
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok || user.disabledAt) {
    await recordEvent(ctx.db, { actor: systemActor, type: 'staff.login_failed', data: { staffId: user?.id ?? null } });
    if (user) await noticeLoginAttack(ctx.db, { account: accountKey, accountFailures: claim.accountFailures, user: await ownerOf(ctx.db, accountKey), now: ctx.now ?? new Date() });
    throw new AppError('unauthorized', 'Invalid credentials');
  }
  // With two-factor still to come the address's counter only takes this attempt back (codes count on it).
  await settleSuccessfulAttempt(ctx.db, accountKey, throttleSource(ctx.ip), { resetPair: !user.totpEnabledAt });
  const session = await ctx.db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ lastLoginAt: new Date() }).where(eq(staffUsers.id, user.id));
    await recordEvent(tx, { actor: { type: 'staff', staffId: user.id, role: user.role }, type: 'staff.logged_in', data: {} });
    return createStaffSession(tx, { staffId: user.id, twoFactorVerified: false, ip: ctx.ip, userAgent: ctx.userAgent });
  });
  const stage: SessionStage = user.totpEnabledAt ? 'two_factor' : user.role === 'admin' ? 'enrol' : 'active';
  return { ...session, stage };
}

const RECOVERY_CODE = /^[a-z0-9]{5}-[a-z0-9]{5}$/;

/** Ten one-time recovery codes, shown once; only argon2 hashes are kept. */
export async function generateRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: 10 }, () => {
    const raw = randomBytes(8).toString('hex').slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return { codes, hashes: await Promise.all(codes.map((c) => hash(c))) };
}

async function consumeTotpCode(db: Db, staffId: string, secret: string, code: string): Promise<boolean> {
  const step = matchTotp(secret, code);
  if (step === null) return false;
  // Single use: only a step newer than the last accepted one counts (atomic against parallel replays).
  const updated = await db
    .update(staffUsers)
    .set({ totpLastStep: step })
    .where(and(eq(staffUsers.id, staffId), or(isNull(staffUsers.totpLastStep), sql`${staffUsers.totpLastStep} < ${step}`)))
    .returning({ id: staffUsers.id });
  return updated.length === 1;
}

async function consumeRecoveryCode(db: Db, staffId: string, hashes: string[], code: string): Promise<boolean> {
  const normalized = code.toLowerCase().replace(/\s/g, '');
  if (!RECOVERY_CODE.test(normalized)) return false;
  for (const stored of hashes) {
    if (await verify(stored, normalized).catch(() => false)) {
      // Removes exactly this hash, and only if it is still there: a code works once.
      const updated = await db
        .update(staffUsers)
        .set({ recoveryCodes: sql`${staffUsers.recoveryCodes} - ${stored}::text` })
        .where(and(eq(staffUsers.id, staffId), sql`${staffUsers.recoveryCodes} ? ${stored}::text`))
        .returning({ id: staffUsers.id });
      return updated.length === 1;
    }
  }
  return false;
}

/** Rotates the session after the second factor (privilege change → new id). */
async function upgradeSession(db: Db, ctx: LoginCtx, oldToken: string, staffId: string): Promise<{ token: string; expiresAt: Date }> {
  return db.transaction(async (tx) => {
    await deleteStaffSession(tx, oldToken);
    return createStaffSession(tx, { staffId, twoFactorVerified: true, ip: ctx.ip, userAgent: ctx.userAgent });
  });
}

/** The second step: a TOTP code (single use) or a recovery code (once). */
export async function verifyStaffTwoFactor(ctx: LoginCtx, input: { token: string | undefined; code: string }): Promise<{ token: string; expiresAt: Date }> {
  const { code } = codeSchema.parse({ code: input.code });
  const session = await resolveStaffSession(ctx.db, input.token);
  if (!session || session.stage !== 'two_factor') throw new AppError('unauthorized');
  const staffId = session.user.id;
  // Codes count on the same throttle as passwords (one address, one account, the address overall).
  const accountKey = session.user.email.toLowerCase();
  const claim = await claimOrThrow(ctx, accountKey);
  const [user] = await ctx.db.select({ totpSecret: staffUsers.totpSecret, recoveryCodes: staffUsers.recoveryCodes }).from(staffUsers).where(eq(staffUsers.id, staffId));
  const ok =
    Boolean(user?.totpSecret) && /^\s*\d[\d\s]*$/.test(code)
      ? await consumeTotpCode(ctx.db, staffId, openSecret(user!.totpSecret!, await getAppSecret(ctx.db)), code)
      : await consumeRecoveryCode(ctx.db, staffId, user?.recoveryCodes ?? [], code);
  const actor = { type: 'staff', staffId, role: session.user.role } as const;
  if (!ok) {
    await recordEvent(ctx.db, { actor, type: 'staff.two_factor_failed', data: {} });
    await noticeLoginAttack(ctx.db, { account: accountKey, accountFailures: claim.accountFailures, user: await ownerOf(ctx.db, accountKey), now: ctx.now ?? new Date() });
    throw new AppError('unauthorized', 'Invalid code');
  }
  await settleSuccessfulAttempt(ctx.db, accountKey, throttleSource(ctx.ip));
  await recordEvent(ctx.db, { actor, type: 'staff.two_factor_verified', data: { recoveryCode: !/^\s*\d/.test(code) } });
  return upgradeSession(ctx.db, ctx, input.token!, staffId);
}

/**
 * Begins enrolment: a new secret kept unconfirmed until a code proves the app has it. Allowed for a
 * session in the `enrol` stage (admins' first login) or a fully signed-in agent without two-factor.
 */
export async function startTotpEnrolment(ctx: LoginCtx, input: { token: string | undefined; issuer: string }): Promise<{ secret: string; uri: string }> {
  const session = await resolveStaffSession(ctx.db, input.token);
  if (!session || session.stage === 'two_factor' || session.user.totpEnabled) throw new AppError('unauthorized');
  const secret = generateTotpSecret();
  await ctx.db.update(staffUsers).set({ totpSecret: sealSecret(secret, await getAppSecret(ctx.db)), totpLastStep: null }).where(and(eq(staffUsers.id, session.user.id), isNull(staffUsers.totpEnabledAt)));
  return { secret, uri: totpUri(secret, session.user.email, input.issuer) };
}

/** Confirms enrolment with a code from the app; returns the recovery codes (shown once) and a rotated session. */
export async function confirmTotpEnrolment(
  ctx: LoginCtx,
  input: { token: string | undefined; code: string },
): Promise<{ recoveryCodes: string[]; token: string; expiresAt: Date }> {
  const { code } = codeSchema.parse({ code: input.code });
  const session = await resolveStaffSession(ctx.db, input.token);
  if (!session || session.stage === 'two_factor' || session.user.totpEnabled) throw new AppError('unauthorized');
  const staffId = session.user.id;
  const accountKey = session.user.email.toLowerCase();
  await claimOrThrow(ctx, accountKey);
  const [user] = await ctx.db.select({ totpSecret: staffUsers.totpSecret }).from(staffUsers).where(eq(staffUsers.id, staffId));
  if (!user?.totpSecret || !(await consumeTotpCode(ctx.db, staffId, openSecret(user.totpSecret, await getAppSecret(ctx.db)), code))) {
    throw new AppError('invalid_input', 'Invalid code');
  }
  await settleSuccessfulAttempt(ctx.db, accountKey, throttleSource(ctx.ip));
  const { codes, hashes } = await generateRecoveryCodes();
  const rotated = await ctx.db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ totpEnabledAt: new Date(), recoveryCodes: hashes }).where(eq(staffUsers.id, staffId));
    await recordEvent(tx, { actor: { type: 'staff', staffId, role: session.user.role }, type: 'staff.two_factor_enabled', data: {} });
    // Other sessions were opened without the second factor: end them.
    await tx.delete(staffSessions).where(eq(staffSessions.staffUserId, staffId));
    return createStaffSession(tx, { staffId, twoFactorVerified: true, ip: ctx.ip, userAgent: ctx.userAgent });
  });
  return { recoveryCodes: codes, ...rotated };
}
