'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import QRCode from 'qrcode';
import { getDb } from '@/db';
import { confirmTotpEnrolment, loginStaff, startTotpEnrolment, verifyStaffTwoFactor, type LoginCtx } from '@/lib/auth/staff-login';
import { clearStaffCookie, readStaffCookie, requireStaff, setStaffCookie } from '@/lib/auth/staff-session';
import { deleteAllStaffSessions, deleteStaffSession } from '@/lib/auth/staff-sessions';
import { recordEvent } from '@/lib/core/events';
import { type ActionResult, toActionResult } from '@/lib/errors';
import { clientIpFrom } from '@/lib/http/client-ip';
import { getShopSettings } from '@/lib/settings/shop';

export type FormState = ActionResult<never> | { ok: null };

async function loginCtx(): Promise<LoginCtx> {
  const h = await headers();
  return { db: getDb(), ip: clientIpFrom(h), userAgent: h.get('user-agent') };
}

const NEXT_STEP = { active: '/staff', two_factor: '/staff/login/two-factor', enrol: '/staff/login/enrol' } as const;

/** Step 1: email + password. Rotates the session id; the next step depends on two-factor. */
export async function loginAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let next: string;
  try {
    const old = await readStaffCookie();
    const ctx = await loginCtx();
    const result = await loginStaff(ctx, { email: String(formData.get('email') ?? ''), password: String(formData.get('password') ?? '') });
    if (old) await deleteStaffSession(ctx.db, old);
    await setStaffCookie(result.token);
    next = NEXT_STEP[result.stage];
  } catch (error) {
    return toActionResult(error);
  }
  redirect(next);
}

/** Step 2: a code from the authenticator app, or a recovery code. */
export async function verifyTwoFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  try {
    const session = await verifyStaffTwoFactor(await loginCtx(), { token: await readStaffCookie(), code: String(formData.get('code') ?? '') });
    await setStaffCookie(session.token);
  } catch (error) {
    return toActionResult(error);
  }
  redirect('/staff');
}

export type EnrolmentStart = ActionResult<{ secret: string; uri: string; qrSvg: string }>;

/** Enrolment: a new secret and its QR code (POST, never on page load). */
export async function startEnrolmentAction(): Promise<EnrolmentStart> {
  try {
    const shop = await getShopSettings();
    const { secret, uri } = await startTotpEnrolment(await loginCtx(), { token: await readStaffCookie(), issuer: `Paluu ${shop.name}` });
    const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, width: 220, errorCorrectionLevel: 'M' });
    return { ok: true, data: { secret, uri, qrSvg } };
  } catch (error) {
    return toActionResult(error);
  }
}

/** Confirms enrolment with a code; returns the recovery codes (shown once). */
export async function confirmEnrolmentAction(code: string): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  try {
    const result = await confirmTotpEnrolment(await loginCtx(), { token: await readStaffCookie(), code: String(code ?? '') });
    await setStaffCookie(result.token);
    return { ok: true, data: { recoveryCodes: result.recoveryCodes } };
  } catch (error) {
    return toActionResult(error);
  }
}

export async function logoutAction(): Promise<void> {
  const token = await readStaffCookie();
  if (token) await deleteStaffSession(getDb(), token);
  await clearStaffCookie();
  redirect('/staff/login');
}

/** Ends every session of the signed-in staff member, this one included. */
export async function logoutEverywhereAction(): Promise<void> {
  const actor = await requireStaff().catch(() => null);
  if (actor) {
    const db = getDb();
    const ended = await deleteAllStaffSessions(db, actor.staffId);
    await recordEvent(db, { actor: { type: 'staff', staffId: actor.staffId, role: actor.role }, type: 'staff.logged_out_everywhere', data: { sessions: ended } });
  }
  await clearStaffCookie();
  redirect('/staff/login');
}
