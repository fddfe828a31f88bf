'use server';

import { changeStaffRole } from '@/lib/staff-admin/change-staff-role';
import { disableStaff, enableStaff } from '@/lib/staff-admin/disable-staff';
import { inviteStaff } from '@/lib/staff-admin/invite-staff';
import { resendInvite } from '@/lib/staff-admin/resend-invite';
import { resetStaffTwoFactor } from '@/lib/staff-admin/reset-staff-two-factor';
import type { InviteStaffInput } from '@/lib/staff-admin/schemas';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../../_components/staff-action';

const PATH = ['/staff/settings/staff'];

/** The one-time link comes back once (also emailed) so the admin can hand it over. */
export async function inviteStaffAction(input: InviteStaffInput): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const { url, expiresAt } = await inviteStaff(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'invited', values: { url, expiresAt: expiresAt.toISOString() } };
  }, PATH);
}

export async function changeStaffRoleAction(input: { staffId: string; role: 'agent' | 'admin' }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await changeStaffRole(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'roleChanged' };
  }, PATH);
}

export async function disableStaffAction(input: { staffId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await disableStaff(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'disabled' };
  }, PATH);
}

export async function enableStaffAction(input: { staffId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await enableStaff(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'enabled' };
  }, PATH);
}

export async function resetStaffTwoFactorAction(input: { staffId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    await resetStaffTwoFactor(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'twoFactorReset' };
  }, PATH);
}

/** A new one-time link for a pending invitation (earlier links die); shown once, also emailed. */
export async function resendInviteAction(input: { staffId: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const { url, expiresAt } = await resendInvite(await staffCtx({ role: 'admin' }), input);
    return { ok: true, done: 'inviteResent', values: { url, expiresAt: expiresAt.toISOString() } };
  }, PATH);
}
