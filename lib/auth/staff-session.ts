import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { getDb } from '@/db';
import { roleCan } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/core/locales';
import { resolveStaffSession, STAFF_ABSOLUTE_SECONDS, staffCookieName, type ResolvedSession } from './staff-sessions';

export type StaffActor = { type: 'staff'; staffId: string; role: 'agent' | 'admin'; name: string; email: string; locale: Locale };

/** The session behind this request's cookie in any stage (the login steps need unfinished ones). */
export const getStaffSession = cache(async (): Promise<ResolvedSession | null> => {
  const jar = await cookies();
  return resolveStaffSession(getDb(), jar.get(staffCookieName())?.value);
});

/** The signed-in staff member (both factors done), or null. Reads the session cookie (server-only). */
export async function getStaffActor(): Promise<StaffActor | null> {
  const session = await getStaffSession();
  if (!session || session.stage !== 'active') return null;
  const { id, role, name, email, locale } = session.user;
  return { type: 'staff', staffId: id, role, name, email, locale };
}

/** Every staff action, route handler and data-access function starts here. */
export async function requireStaff(options: { role?: 'admin' } = {}): Promise<StaffActor> {
  const actor = await getStaffActor();
  if (!actor) throw new AppError('unauthorized');
  // `role: 'admin'` = the admin-only screens; the role → permission table decides (lib/core/authorize.ts).
  if (options.role === 'admin' && !roleCan(actor.role, 'settings.manage')) throw new AppError('forbidden');
  return actor;
}

export async function readStaffCookie(): Promise<string | undefined> {
  return (await cookies()).get(staffCookieName())?.value;
}

/** HttpOnly, SameSite=Lax, Path=/, Secure over https (`__Host-` name then), 12 h at most. */
export async function setStaffCookie(token: string): Promise<void> {
  (await cookies()).set(staffCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: (process.env.APP_URL ?? '').startsWith('https://'),
    path: '/',
    maxAge: STAFF_ABSOLUTE_SECONDS,
  });
}

export async function clearStaffCookie(): Promise<void> {
  (await cookies()).delete(staffCookieName());
}
