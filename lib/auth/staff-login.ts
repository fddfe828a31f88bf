import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { staffSessions, staffUsers } from '@/db/schema';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { AppError } from '@/lib/errors';
import { checkLimit, hitLimit, type Limit, resetLimit } from '@/lib/rate-limit/rate-limit';
import { getAppSecret } from '@/lib/settings/app-secret';
import { verifyPassword } from './passwords';
import { openSecret, sealSecret } from './secret-box';
import { createStaffSession, deleteStaffSession, resolveStaffSession, type SessionStage } from './staff-sessions';
import { generateTotpSecret, matchTotp, totpUri } from './totp';

/** Failed logins per account, across addresses (credential stuffing on one account). */
export const LOGIN_ACCOUNT_LIMIT: Limit = { bucket: 'staff_login_account', max: 5, windowSeconds: 15 * 60 };
/** Failed logins per address, across accounts (spraying). */
export const LOGIN_IP_LIMIT: Limit = { bucket: 'staff_login_ip', max: 20, windowSeconds: 15 * 60 };
/** Wrong second-factor codes per account. */
export const TWO_FACTOR_LIMIT: Limit = { bucket: 'staff_2fa', max: 5, windowSeconds: 15 * 60 };

export const loginSchema = z.object({
  email: z.string().trim().min(1).max(320),
  // No composition rules; long passphrases welcome; verified exactly as typed.
  password: z.string().min(1).max(1000),
});
export const codeSchema = z.object({ code: z.string().trim().min(1).max(64) });

export type LoginCtx = { db: Db; ip: string; userAgent?: string | null };
export type LoginResult = { token: string; expiresAt: Date; stage: SessionStage };

const systemActor = { type: 'system' } as const;

/**
 * Email + password. Every failure (unknown email, wrong password, disabled) is the same
 * `unauthorized`; an unknown email still costs one argon2 verification. A new session id is issued
 * (rotation at login); with two-factor on, the session waits for the code.
 */
export async function loginStaff(ctx: LoginCtx, input: z.input<typeof loginSchema>): Promise<LoginResult> {
  const { email, password } = loginSchema.parse(input);
  const accountKey = email.toLowerCase();
  const [byAccount, byIp] = await Promise.all([checkLimit(ctx.db, LOGIN_ACCOUNT_LIMIT, accountKey), checkLimit(ctx.db, LOGIN_IP_LIMIT, ctx.ip)]);
  if (byAccount.blocked || byIp.blocked) {
    await verifyPassword(null, password); // same cost as a real attempt
    throw new AppError('rate_limited', 'Too many attempts', { retryAfterSeconds: Math.max(byAccount.retryAfterSeconds, byIp.retryAfterSeconds) });
  }
  const [user] = await ctx.db
    .select({ id: staffUsers.id, passwordHash: staffUsers.passwordHash, role: staffUsers.role, totpEnabledAt: staffUsers.totpEnabledAt, disabledAt: staffUsers.disabledAt })
    .from(staffUsers)
    .where(sql`lower(${staffUsers.email}) = ${accountKey}`);
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok || user.disabledAt) {
    await Promise.all([hitLimit(ctx.db, LOGIN_ACCOUNT_LIMIT, accountKey), hitLimit(ctx.db, LOGIN_IP_LIMIT, ctx.ip)]);
    await recordCaseEvent(ctx.db, { actor: systemActor, type: 'staff.login_failed', data: { staffId: user?.id ?? null } });
    throw new AppError('unauthorized', 'Invalid credentials');
  }
  await resetLimit(ctx.db, LOGIN_ACCOUNT_LIMIT, accountKey);
  const session = await ctx.db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ lastLoginAt: new Date() }).where(eq(staffUsers.id, user.id));
    await recordCaseEvent(tx, { actor: { type: 'staff', staffId: user.id, role: user.role }, type: 'staff.logged_in', data: {} });
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
  const limit = await checkLimit(ctx.db, TWO_FACTOR_LIMIT, staffId);
  if (limit.blocked) throw new AppError('rate_limited', 'Too many attempts', { retryAfterSeconds: limit.retryAfterSeconds });
  const [user] = await ctx.db.select({ totpSecret: staffUsers.totpSecret, recoveryCodes: staffUsers.recoveryCodes }).from(staffUsers).where(eq(staffUsers.id, staffId));
  const ok =
    Boolean(user?.totpSecret) && /^\s*\d[\d\s]*$/.test(code)
      ? await consumeTotpCode(ctx.db, staffId, openSecret(user!.totpSecret!, await getAppSecret(ctx.db)), code)
      : await consumeRecoveryCode(ctx.db, staffId, user?.recoveryCodes ?? [], code);
  const actor = { type: 'staff', staffId, role: session.user.role } as const;
  if (!ok) {
    await hitLimit(ctx.db, TWO_FACTOR_LIMIT, staffId);
    await recordCaseEvent(ctx.db, { actor, type: 'staff.two_factor_failed', data: {} });
    throw new AppError('unauthorized', 'Invalid code');
  }
  await resetLimit(ctx.db, TWO_FACTOR_LIMIT, staffId);
  await recordCaseEvent(ctx.db, { actor, type: 'staff.two_factor_verified', data: { recoveryCode: !/^\s*\d/.test(code) } });
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
  const limit = await checkLimit(ctx.db, TWO_FACTOR_LIMIT, staffId);
  if (limit.blocked) throw new AppError('rate_limited', 'Too many attempts', { retryAfterSeconds: limit.retryAfterSeconds });
  const [user] = await ctx.db.select({ totpSecret: staffUsers.totpSecret }).from(staffUsers).where(eq(staffUsers.id, staffId));
  if (!user?.totpSecret || !(await consumeTotpCode(ctx.db, staffId, openSecret(user.totpSecret, await getAppSecret(ctx.db)), code))) {
    await hitLimit(ctx.db, TWO_FACTOR_LIMIT, staffId);
    throw new AppError('invalid_input', 'Invalid code');
  }
  const { codes, hashes } = await generateRecoveryCodes();
  const rotated = await ctx.db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ totpEnabledAt: new Date(), recoveryCodes: hashes }).where(eq(staffUsers.id, staffId));
    await recordCaseEvent(tx, { actor: { type: 'staff', staffId, role: session.user.role }, type: 'staff.two_factor_enabled', data: {} });
    // Other sessions were opened without the second factor: end them.
    await tx.delete(staffSessions).where(eq(staffSessions.staffUserId, staffId));
    return createStaffSession(tx, { staffId, twoFactorVerified: true, ip: ctx.ip, userAgent: ctx.userAgent });
  });
  return { recoveryCodes: codes, ...rotated };
}
