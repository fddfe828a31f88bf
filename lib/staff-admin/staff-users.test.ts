import { and, eq, ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { caseEvents, outbox, staffInvites, staffSessions, staffUsers } from '@/db/schema';
import { loginStaff } from '@/lib/auth/staff-login';
import { createStaffSession, resolveStaffSession } from '@/lib/auth/staff-sessions';
import { generateTotpSecret } from '@/lib/auth/totp';
import { testDb, uniqueId } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { acceptInvite, findLiveInvite } from './accept-invite';
import { changeStaffRole } from './change-staff-role';
import { disableStaff, enableStaff } from './disable-staff';
import { inviteStaff } from './invite-staff';
import { listStaffUsers } from './queries';
import { resendInvite } from './resend-invite';
import { resetStaffTwoFactor } from './reset-staff-two-factor';

const db = testDb();

async function adminCtx(database: Db = db) {
  const admin = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
  return { db: database, actor: { type: 'staff' as const, staffId: admin.id, role: 'admin' as const }, admin };
}
const events = (type: string, staffId: string) => db.select().from(caseEvents).where(and(eq(caseEvents.type, type), eq(caseEvents.actorType, 'staff'))).then((rows) => rows.filter((r) => (r.data as { staffId?: string }).staffId === staffId));
const tokenOf = (url: string) => url.split('/staff/invite/')[1]!;
const userByEmail = (email: string) => db.select().from(staffUsers).where(eq(staffUsers.email, email)).then((r) => r[0]);

describe('inviting staff', () => {
  it('creates the account, emails a one-time link through the outbox and audits it', async () => {
    const ctx = await adminCtx();
    const email = `${uniqueId('inv')}@staff.example`;
    const { staffId, url, expiresAt } = await inviteStaff(ctx, { name: 'Ilona Invited', email, role: 'agent', locale: 'fi' });
    expect(url).toMatch(/\/staff\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(71 * 3600_000);
    const [mail] = await db.select().from(outbox).where(eq(outbox.recipient, email));
    expect(mail).toMatchObject({ kind: 'staff_invite', locale: 'fi' });
    // The readable copy hides the link (it is sealed for the SMTP send only; staff-credentials.test.ts).
    expect(mail!.payload.text).toContain('/staff/invite/[hidden]');
    expect(mail!.payload.text).not.toContain(tokenOf(url));
    expect(mail!.subject).toMatch(/kutsuttu/);
    // Only the hash is stored.
    const [invite] = await db.select().from(staffInvites).where(eq(staffInvites.staffUserId, staffId));
    expect(invite!.tokenHash).not.toContain(tokenOf(url));
    expect(await events('staff.invited', staffId)).toHaveLength(1);
    expect((await listStaffUsers(db)).find((u) => u.id === staffId)).toMatchObject({ status: 'invited', role: 'agent' });
    // No password works before the link is used.
    await expect(loginStaff({ db, ip: '203.0.113.50' }, { email, password: 'anything-at-all-123' })).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('bad input and a taken email change nothing', async () => {
    const ctx = await adminCtx();
    const email = `${uniqueId('inv')}@staff.example`;
    await expect(inviteStaff(ctx, { name: '', email, role: 'agent' })).rejects.toThrow();
    await expect(inviteStaff(ctx, { name: 'X', email: 'not-an-email', role: 'agent' })).rejects.toThrow();
    await expect(inviteStaff(ctx, { name: 'X', email, role: 'owner' as never })).rejects.toThrow();
    expect(await userByEmail(email)).toBeUndefined();
    await inviteStaff(ctx, { name: 'First', email, role: 'agent' });
    await expect(inviteStaff(ctx, { name: 'Second', email: email.toUpperCase(), role: 'admin' })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'emailTaken' } });
    expect(await db.select().from(outbox).where(eq(outbox.recipient, email))).toHaveLength(1);
  });

  it('agents cannot invite', async () => {
    const agent = await createStaff(db, { role: 'agent' });
    const email = `${uniqueId('inv')}@staff.example`;
    await expect(inviteStaff({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { name: 'X', email, role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await userByEmail(email)).toBeUndefined();
  });

  it('the link sets a password once, with the password rules; then the person signs in', async () => {
    const ctx = await adminCtx();
    const email = `${uniqueId('inv')}@staff.example`;
    const { url, staffId } = await inviteStaff(ctx, { name: 'Aino', email, role: 'agent' });
    const token = tokenOf(url);
    await expect(acceptInvite({ db }, { token, password: 'short', confirm: 'short' })).rejects.toThrow();
    await expect(acceptInvite({ db }, { token, password: 'password1234', confirm: 'password1234' })).rejects.toThrow();
    await expect(acceptInvite({ db }, { token, password: 'a long enough passphrase', confirm: 'a different passphrase' })).rejects.toThrow();
    expect(await findLiveInvite(db, token)).toMatchObject({ email });
    const password = 'kuusi koivua ja yksi kuusi';
    await acceptInvite({ db }, { token, password, confirm: password });
    expect(await findLiveInvite(db, token)).toBeNull();
    await expect(acceptInvite({ db }, { token, password: 'another long passphrase', confirm: 'another long passphrase' })).rejects.toMatchObject({ code: 'not_found', details: { reason: 'inviteInvalid' } });
    const login = await loginStaff({ db, ip: '203.0.113.51' }, { email, password });
    expect(login.stage).toBe('active');
    expect(await db.select().from(caseEvents).where(and(eq(caseEvents.type, 'staff.invite_accepted'), eq(caseEvents.actorId, staffId)))).toHaveLength(1);
  });

  it('an expired link does nothing', async () => {
    const ctx = await adminCtx();
    const email = `${uniqueId('inv')}@staff.example`;
    const { url, staffId } = await inviteStaff(ctx, { name: 'Late', email, role: 'agent' }, new Date(Date.now() - 73 * 3600_000));
    const token = tokenOf(url);
    expect(await findLiveInvite(db, token)).toBeNull();
    const before = (await userByEmail(email))!.passwordHash;
    await expect(acceptInvite({ db }, { token, password: 'a long enough passphrase', confirm: 'a long enough passphrase' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await userByEmail(email))!.passwordHash).toBe(before);
    expect((await listStaffUsers(db)).find((u) => u.id === staffId)?.status).toBe('invite_expired');
  });
});

describe('disabling, roles and two-factor reset', () => {
  it('disabling ends every session at once and is audited; enabling lets them in again', async () => {
    const ctx = await adminCtx();
    const agent = await createStaff(db, { role: 'agent' });
    const sessions = await Promise.all([1, 2].map(() => createStaffSession(db, { staffId: agent.id, twoFactorVerified: false })));
    expect(await resolveStaffSession(db, sessions[0]!.token)).not.toBeNull();
    expect(await disableStaff(ctx, { staffId: agent.id })).toEqual({ changed: true, sessionsEnded: 2 });
    expect(await db.select().from(staffSessions).where(eq(staffSessions.staffUserId, agent.id))).toHaveLength(0);
    for (const s of sessions) expect(await resolveStaffSession(db, s.token)).toBeNull();
    await expect(loginStaff({ db, ip: '203.0.113.52' }, { email: agent.email, password: agent.password })).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await events('staff.disabled', agent.id)).toHaveLength(1);
    await enableStaff(ctx, { staffId: agent.id });
    expect((await loginStaff({ db, ip: '203.0.113.52' }, { email: agent.email, password: agent.password })).stage).toBe('active');
  });

  it('you cannot disable, demote or reset yourself', async () => {
    const ctx = await adminCtx();
    for (const attempt of [disableStaff(ctx, { staffId: ctx.admin.id }), changeStaffRole(ctx, { staffId: ctx.admin.id, role: 'agent' }), resetStaffTwoFactor(ctx, { staffId: ctx.admin.id })]) {
      await expect(attempt).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'self' } });
    }
    expect(await userByEmail(ctx.admin.email)).toMatchObject({ role: 'admin', disabledAt: null });
  });

  it('the last active admin can be neither disabled nor demoted', async () => {
    const { admin: acting } = await adminCtx();
    const last = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    // Inside a transaction rolled back at the end: every other admin disabled, so `last` is the only one.
    const rollback = new Error('rollback');
    await db
      .transaction(async (tx) => {
        await tx.update(staffUsers).set({ disabledAt: new Date() }).where(and(eq(staffUsers.role, 'admin'), ne(staffUsers.id, last.id)));
        const ctx = { db: tx as unknown as Db, actor: { type: 'staff' as const, staffId: acting.id, role: 'admin' as const } };
        await expect(disableStaff(ctx, { staffId: last.id })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'lastAdmin' } });
        await expect(changeStaffRole(ctx, { staffId: last.id, role: 'agent' })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'lastAdmin' } });
        const [row] = await tx.select().from(staffUsers).where(eq(staffUsers.id, last.id));
        expect(row).toMatchObject({ role: 'admin', disabledAt: null });
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
    // With other admins around the same demotion is fine.
    const ctx = { db, actor: { type: 'staff' as const, staffId: acting.id, role: 'admin' as const } };
    expect(await changeStaffRole(ctx, { staffId: last.id, role: 'agent' })).toEqual({ changed: true });
    expect(await events('staff.role_changed', last.id)).toHaveLength(1);
  });

  it('a promoted agent without two-factor must enrol at the next request', async () => {
    const ctx = await adminCtx();
    const agent = await createStaff(db, { role: 'agent' });
    const { token } = await createStaffSession(db, { staffId: agent.id, twoFactorVerified: false });
    expect((await resolveStaffSession(db, token))?.stage).toBe('active');
    await changeStaffRole(ctx, { staffId: agent.id, role: 'admin' });
    expect((await resolveStaffSession(db, token))?.stage).toBe('enrol');
  });

  it('resetting two-factor clears the secret and recovery codes and signs the person out; an admin must enrol again', async () => {
    const ctx = await adminCtx();
    const other = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    await db.update(staffUsers).set({ recoveryCodes: ['hash-1', 'hash-2'], totpLastStep: 5 }).where(eq(staffUsers.id, other.id));
    const { token } = await createStaffSession(db, { staffId: other.id, twoFactorVerified: true });
    expect(await resetStaffTwoFactor(ctx, { staffId: other.id })).toEqual({ sessionsEnded: 1 });
    expect(await userByEmail(other.email)).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: [] });
    expect(await resolveStaffSession(db, token)).toBeNull();
    expect((await loginStaff({ db, ip: '203.0.113.53' }, { email: other.email, password: other.password })).stage).toBe('enrol');
    expect(await events('staff.two_factor_reset', other.id)).toHaveLength(1);
  });

  it('bad ids change nothing', async () => {
    const ctx = await adminCtx();
    await expect(disableStaff(ctx, { staffId: 'not-a-uuid' })).rejects.toThrow();
    await expect(changeStaffRole(ctx, { staffId: '00000000-0000-4000-8000-000000000000', role: 'agent' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(changeStaffRole(ctx, { staffId: ctx.admin.id.replace(/.$/, '0'), role: 'root' as never })).rejects.toThrow();
  });
});

describe('sending an invitation again', () => {
  it('a new link replaces the old one (which stops working); not for someone who already set a password', async () => {
    const ctx = await adminCtx();
    const email = `${uniqueId('inv')}@staff.example`;
    const first = await inviteStaff(ctx, { name: 'Lost Mail', email, role: 'agent' }, new Date(Date.now() - 80 * 3600_000));
    const second = await resendInvite(ctx, { staffId: first.staffId });
    const third = await resendInvite(ctx, { staffId: first.staffId });
    expect(await findLiveInvite(db, tokenOf(first.url))).toBeNull();
    expect(await findLiveInvite(db, tokenOf(second.url))).toBeNull();
    expect(await findLiveInvite(db, tokenOf(third.url))).toMatchObject({ email });
    expect(await db.select().from(outbox).where(eq(outbox.recipient, email))).toHaveLength(3);
    expect((await listStaffUsers(db)).find((u) => u.id === first.staffId)?.status).toBe('invited');
    await acceptInvite({ db }, { token: tokenOf(third.url), password: 'now it is finally set', confirm: 'now it is finally set' });
    await expect(resendInvite(ctx, { staffId: first.staffId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'notInvited' } });
    const seeded = await createStaff(db, { role: 'agent' });
    await expect(resendInvite(ctx, { staffId: seeded.id })).rejects.toMatchObject({ code: 'invalid_state' });
    expect(await events('staff.invite_resent', first.staffId)).toHaveLength(2);
  });
});
