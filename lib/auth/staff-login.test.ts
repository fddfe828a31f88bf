import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { staffSessions, staffUsers } from '@/db/schema';
import { testDb, uniqueId } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { confirmTotpEnrolment, loginStaff, startTotpEnrolment, verifyStaffTwoFactor } from './staff-login';
import { deleteAllStaffSessions, hashToken, resolveStaffSession, STAFF_ABSOLUTE_SECONDS, STAFF_IDLE_SECONDS, staffCookieName } from './staff-sessions';
import { generateTotpSecret, totpCode } from './totp';

const db = testDb();
const ctx = () => ({ db, ip: `192.0.2.${Math.floor(Math.random() * 250)}-${uniqueId()}`, userAgent: 'vitest' });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('staff login', () => {
  it('stores argon2id hashes with the OWASP baseline parameters', async () => {
    const staff = await createStaff(db);
    const [row] = await db.select({ hash: staffUsers.passwordHash }).from(staffUsers).where(eq(staffUsers.id, staff.id));
    expect(row!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('signs an agent in with a fresh session whose cookie value is never stored', async () => {
    const staff = await createStaff(db);
    const first = await loginStaff(ctx(), { email: staff.email.toUpperCase(), password: staff.password });
    const second = await loginStaff(ctx(), { email: staff.email, password: staff.password });
    expect(first.stage).toBe('active');
    expect(first.token).not.toBe(second.token); // rotated at every login
    const rows = await db.select().from(staffSessions).where(eq(staffSessions.staffUserId, staff.id));
    expect(rows.map((r) => r.tokenHash).sort()).toEqual([hashToken(first.token), hashToken(second.token)].sort());
    expect(rows.some((r) => r.tokenHash === first.token)).toBe(false);
    const session = await resolveStaffSession(db, first.token);
    expect(session?.user).toMatchObject({ id: staff.id, role: 'agent' });
  });

  it('gives the same answer for an unknown account, a wrong password and a disabled account', async () => {
    const staff = await createStaff(db);
    const disabled = await createStaff(db);
    await db.update(staffUsers).set({ disabledAt: new Date() }).where(eq(staffUsers.id, disabled.id));
    expect(await codeOf(loginStaff(ctx(), { email: `nobody-${uniqueId()}@x.example`, password: 'whatever-pass' }))).toBe('unauthorized');
    expect(await codeOf(loginStaff(ctx(), { email: staff.email, password: 'wrong-password' }))).toBe('unauthorized');
    expect(await codeOf(loginStaff(ctx(), { email: disabled.email, password: disabled.password }))).toBe('unauthorized');
  });

  it('slows one address on one account after three failures, without locking the owner elsewhere or other accounts', async () => {
    const staff = await createStaff(db);
    const other = await createStaff(db);
    const attacker = ctx();
    for (let i = 0; i < 3; i++) expect(await codeOf(loginStaff(attacker, { email: staff.email, password: `wrong-${i}` }))).toBe('unauthorized');
    // Even the right password is not checked from that address until the wait is over.
    expect(await codeOf(loginStaff(attacker, { email: staff.email, password: staff.password }))).toBe('rate_limited');
    expect((await loginStaff(ctx(), { email: staff.email, password: staff.password })).stage).toBe('active');
    expect((await loginStaff(attacker, { email: other.email, password: other.password })).stage).toBe('active');
  });

  it('throttles one address across accounts', async () => {
    const c = ctx();
    for (let i = 0; i < 20; i++) await codeOf(loginStaff(c, { email: `spray-${i}-${uniqueId()}@x.example`, password: 'password1' }));
    const staff = await createStaff(db);
    expect(await codeOf(loginStaff(c, { email: staff.email, password: staff.password }))).toBe('rate_limited');
    expect((await loginStaff(ctx(), { email: staff.email, password: staff.password })).stage).toBe('active');
  });
});

describe('staff sessions', () => {
  it('ends after 30 minutes idle and after 12 hours in any case', async () => {
    const staff = await createStaff(db);
    const { token } = await loginStaff(ctx(), { email: staff.email, password: staff.password });
    const t0 = Date.now();
    expect(await resolveStaffSession(db, token, new Date(t0 + (STAFF_IDLE_SECONDS - 60) * 1000))).not.toBeNull();
    // Used just now (the call above refreshed the idle clock), so 29 more minutes are fine…
    expect(await resolveStaffSession(db, token, new Date(t0 + (2 * STAFF_IDLE_SECONDS - 120) * 1000))).not.toBeNull();
    // …but nothing lives past the absolute limit.
    expect(await resolveStaffSession(db, token, new Date(t0 + (STAFF_ABSOLUTE_SECONDS + 1) * 1000))).toBeNull();
    expect(await db.select().from(staffSessions).where(eq(staffSessions.tokenHash, hashToken(token)))).toHaveLength(0);

    const idle = await loginStaff(ctx(), { email: staff.email, password: staff.password });
    expect(await resolveStaffSession(db, idle.token, new Date(Date.now() + (STAFF_IDLE_SECONDS + 5) * 1000))).toBeNull();
  });

  it('ends every session on "log out everywhere" and on disabling; a demotion counts on the next request', async () => {
    const staff = await createStaff(db, { role: 'admin', totpSecret: generateTotpSecret() });
    const a = await loginStaff(ctx(), { email: staff.email, password: staff.password });
    const b = await loginStaff(ctx(), { email: staff.email, password: staff.password });
    await db.update(staffUsers).set({ role: 'agent' }).where(eq(staffUsers.id, staff.id));
    expect((await resolveStaffSession(db, a.token))?.user.role).toBe('agent');
    expect(await deleteAllStaffSessions(db, staff.id)).toBe(2);
    expect(await resolveStaffSession(db, b.token)).toBeNull();
    const c = await loginStaff(ctx(), { email: staff.email, password: staff.password });
    await db.update(staffUsers).set({ disabledAt: new Date() }).where(eq(staffUsers.id, staff.id));
    expect(await resolveStaffSession(db, c.token)).toBeNull();
  });

  it('names the cookie __Host- only over https', () => {
    expect(staffCookieName('https://desk.shop.example')).toBe('__Host-paluu_staff');
    expect(staffCookieName('http://127.0.0.1:3000')).toBe('paluu_staff');
  });
});

describe('two-factor', () => {
  it('asks for the code, accepts it once, refuses a replay in the same window and wrong codes', async () => {
    const secret = generateTotpSecret();
    const staff = await createStaff(db, { totpSecret: secret });
    const login = await loginStaff(ctx(), { email: staff.email, password: staff.password });
    expect(login.stage).toBe('two_factor');
    expect((await resolveStaffSession(db, login.token))?.stage).toBe('two_factor');
    expect(await codeOf(verifyStaffTwoFactor(ctx(), { token: login.token, code: '000000' === totpCode(secret) ? '111111' : '000000' }))).toBe('unauthorized');
    const code = totpCode(secret);
    const upgraded = await verifyStaffTwoFactor(ctx(), { token: login.token, code });
    expect(upgraded.token).not.toBe(login.token);
    expect(await resolveStaffSession(db, login.token)).toBeNull(); // rotated
    expect((await resolveStaffSession(db, upgraded.token))?.stage).toBe('active');

    const again = await loginStaff(ctx(), { email: staff.email, password: staff.password });
    expect(await codeOf(verifyStaffTwoFactor(ctx(), { token: again.token, code }))).toBe('unauthorized'); // replay
  });

  it('throttles wrong codes', async () => {
    const secret = generateTotpSecret();
    const staff = await createStaff(db, { totpSecret: secret });
    const c = ctx();
    const login = await loginStaff(c, { email: staff.email, password: staff.password });
    for (let i = 0; i < 3; i++) expect(await codeOf(verifyStaffTwoFactor(c, { token: login.token, code: 'aaaaa-bbbbb' }))).toBe('unauthorized');
    expect(await codeOf(verifyStaffTwoFactor(c, { token: login.token, code: totpCode(secret) }))).toBe('rate_limited');
  });

  it('makes an admin enrol first; recovery codes work exactly once', async () => {
    const admin = await createStaff(db, { role: 'admin' });
    const login = await loginStaff(ctx(), { email: admin.email, password: admin.password });
    expect(login.stage).toBe('enrol');
    expect((await resolveStaffSession(db, login.token))?.stage).toBe('enrol');
    const { secret, uri } = await startTotpEnrolment(ctx(), { token: login.token, issuer: 'Paluu Test' });
    expect(uri).toContain(`secret=${secret}`);
    expect(await codeOf(confirmTotpEnrolment(ctx(), { token: login.token, code: '12345' }))).toBe('invalid_input');
    const enrolled = await confirmTotpEnrolment(ctx(), { token: login.token, code: totpCode(secret) });
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect((await resolveStaffSession(db, enrolled.token))?.stage).toBe('active');
    const [row] = await db.select({ codes: staffUsers.recoveryCodes, totpSecret: staffUsers.totpSecret }).from(staffUsers).where(eq(staffUsers.id, admin.id));
    expect(row!.codes.every((h) => h.startsWith('$argon2id$'))).toBe(true);
    expect(row!.totpSecret).toMatch(/^enc:v1:/); // sealed with the app secret, never stored in clear

    const recovery = enrolled.recoveryCodes[3]!;
    const next = await loginStaff(ctx(), { email: admin.email, password: admin.password });
    expect(next.stage).toBe('two_factor');
    const viaRecovery = await verifyStaffTwoFactor(ctx(), { token: next.token, code: recovery.toUpperCase() });
    expect((await resolveStaffSession(db, viaRecovery.token))?.stage).toBe('active');
    const third = await loginStaff(ctx(), { email: admin.email, password: admin.password });
    expect(await codeOf(verifyStaffTwoFactor(ctx(), { token: third.token, code: recovery }))).toBe('unauthorized');
    const [after] = await db.select({ codes: staffUsers.recoveryCodes }).from(staffUsers).where(eq(staffUsers.id, admin.id));
    expect(after!.codes).toHaveLength(9);
  });
});
