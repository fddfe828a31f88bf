import { createHash, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { staffSessions, staffUsers } from '@/db/schema';
import { preparedQuery } from '@/db/prepared';
import type { Locale } from '@/lib/core/locales';

/** Idle timeout: a session not used for 30 minutes ends. */
export const STAFF_IDLE_SECONDS = 30 * 60;
/** Absolute timeout: every session ends 12 hours after login, used or not. */
export const STAFF_ABSOLUTE_SECONDS = 12 * 60 * 60;

/**
 * `__Host-` requires Secure, which browsers refuse over plain http (the local demo and tests):
 * over https the cookie is `__Host-paluu_staff`, over http `paluu_staff`.
 */
export function staffCookieName(appUrl = process.env.APP_URL ?? ''): string {
  return appUrl.startsWith('https://') ? '__Host-paluu_staff' : 'paluu_staff';
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a session may do: `active` = fully signed in; the others may only finish signing in. */
export type SessionStage = 'active' | 'two_factor' | 'enrol';

export type ResolvedSession = {
  sessionId: string;
  stage: SessionStage;
  user: { id: string; email: string; name: string; role: 'agent' | 'admin'; locale: Locale; totpEnabled: boolean };
};

/** Two-factor is required for admins and for agents who turned it on. */
export function sessionStage(user: { role: 'agent' | 'admin'; totpEnabledAt: Date | null }, twoFactorVerifiedAt: Date | null): SessionStage {
  if (twoFactorVerifiedAt) return 'active';
  if (user.totpEnabledAt) return 'two_factor';
  return user.role === 'admin' ? 'enrol' : 'active';
}

/** A fresh session (new random id: login and every step-up rotate it). Only the hash is stored. */
export async function createStaffSession(
  db: DbOrTx,
  input: { staffId: string; twoFactorVerified: boolean; ip?: string | null; userAgent?: string | null; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + STAFF_ABSOLUTE_SECONDS * 1000);
  await db.insert(staffSessions).values({
    tokenHash: hashToken(token),
    staffUserId: input.staffId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    twoFactorVerifiedAt: input.twoFactorVerified ? now : null,
    ip: input.ip?.slice(0, 64) ?? null,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
  });
  return { token, expiresAt };
}

/** Every staff page reads it: prepared once (db/prepared.ts). */
const sessionByTokenHash = preparedQuery((db) =>
  db
    .select({
      sessionId: staffSessions.id,
      lastSeenAt: staffSessions.lastSeenAt,
      expiresAt: staffSessions.expiresAt,
      twoFactorVerifiedAt: staffSessions.twoFactorVerifiedAt,
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      locale: staffUsers.locale,
      totpEnabledAt: staffUsers.totpEnabledAt,
      disabledAt: staffUsers.disabledAt,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffUserId))
    .where(eq(staffSessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare('staff_session'),
);

/**
 * The live session behind a cookie value, or null when it is unknown, idle for over 30 min,
 * older than 12 h, or its user is disabled. Role and name are read fresh on every request, so a
 * demotion or disabling takes effect at once. Refreshes the idle clock (at most once a minute).
 */
export async function resolveStaffSession(db: DbOrTx, token: string | undefined | null, now: Date = new Date()): Promise<ResolvedSession | null> {
  if (!token || token.length > 200) return null;
  const [row] = await sessionByTokenHash(db).execute({ tokenHash: hashToken(token) });
  if (!row) return null;
  const idleDeadline = row.lastSeenAt.getTime() + STAFF_IDLE_SECONDS * 1000;
  if (row.disabledAt || row.expiresAt.getTime() <= now.getTime() || idleDeadline <= now.getTime()) {
    await db.delete(staffSessions).where(eq(staffSessions.id, row.sessionId));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, row.sessionId));
  }
  return {
    sessionId: row.sessionId,
    stage: sessionStage(row, row.twoFactorVerifiedAt),
    user: { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, totpEnabled: Boolean(row.totpEnabledAt) },
  };
}

export async function deleteStaffSession(db: DbOrTx, token: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.tokenHash, hashToken(token)));
}

/** "Log out everywhere": every session of this user ends. */
export async function deleteAllStaffSessions(db: DbOrTx, staffId: string): Promise<number> {
  const rows = await db.delete(staffSessions).where(eq(staffSessions.staffUserId, staffId)).returning({ id: staffSessions.id });
  return rows.length;
}

/** Purges sessions past either timeout (worker housekeeping). */
export async function purgeExpiredStaffSessions(db: DbOrTx): Promise<number> {
  const rows = await db
    .delete(staffSessions)
    .where(and(sql`(${staffSessions.expiresAt} <= now() or ${staffSessions.lastSeenAt} <= now() - make_interval(secs => ${STAFF_IDLE_SECONDS}))`))
    .returning({ id: staffSessions.id });
  return rows.length;
}
