/**
 * Issue #12: five wrong passwords locked any staff account, admins included, for 15 minutes.
 * Now the attacker's own address is slowed with growing waits, the owner signs in from theirs, and
 * the owner is told (once an hour) that someone is trying.
 */
import { and, eq, sql } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { outbox, staffLoginThrottle } from '@/db/schema';
import { loadMessages } from '@/lib/i18n/messages';
import { getOutboxMessage, listOutbox } from '@/lib/outbox/staff-outbox';
import { testDb, uniqueId } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { generateTotpSecret, totpCode } from './totp';
import { ACCOUNT_RULE, claimLoginAttempt, PAIR_RULE, purgeLoginThrottle, throttleSource } from './login-throttle';
import { loginStaff, verifyStaffTwoFactor } from './staff-login';

const db = testDb();
let octet = 0;
/** A fresh documentation address per call (TEST-NET-3 plus a unique /64 for IPv6). */
const freshIp = () => `198.51.${Math.floor(Math.random() * 200)}.${(octet++ % 250) + 1}`;
const uniqueV6 = () => `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;

async function outcome(promise: Promise<unknown>): Promise<{ code: string | undefined; retryAfterSeconds?: number }> {
  try {
    await promise;
    return { code: undefined };
  } catch (error) {
    const e = error as { code?: string; retryAfterSeconds?: number };
    return { code: e.code, retryAfterSeconds: e.retryAfterSeconds };
  }
}

describe('the address an attempt is counted under', () => {
  it('keeps IPv4, cuts IPv6 to its /64, unwraps IPv4-mapped addresses', () => {
    expect(throttleSource('203.0.113.7')).toBe('203.0.113.7');
    expect(throttleSource('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(throttleSource('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(throttleSource('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(throttleSource('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleSource('[2001:db8:1:2::5]')).toBe('2001:db8:1:2::/64');
    expect(throttleSource('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(throttleSource('unknown')).toBe('unknown');
  });

  it('rotating addresses inside one IPv6 /64 counts as one address', async () => {
    const staff = await createStaff(db);
    const prefix = uniqueV6();
    for (let i = 1; i <= 3; i++) expect((await outcome(loginStaff({ db, ip: `${prefix}::${i}` }, { email: staff.email, password: 'wrong' }))).code).toBe('unauthorized');
    expect((await outcome(loginStaff({ db, ip: `${prefix}:1:2:3:4` }, { email: staff.email, password: staff.password }))).code).toBe('rate_limited');
  });
});

describe('staff sign-in under attack', () => {
  it('20 failures from address A: the owner signs in from B at once; A is told to wait N seconds; the owner gets one notice', async () => {
    const owner = await createStaff(db, { role: 'admin', locale: 'fi', totpSecret: generateTotpSecret() });
    const attacker = freshIp();
    let now = new Date('2026-12-05T10:00:00Z');
    let failures = 0;
    const waits: number[] = [];
    // The attacker goes as fast as the throttle lets them: every refusal says how long to wait.
    while (failures < 20) {
      const result = await outcome(loginStaff({ db, ip: attacker, now }, { email: owner.email, password: `guess-${failures}` }));
      if (result.code === 'unauthorized') failures++;
      else {
        expect(result.code).toBe('rate_limited');
        waits.push(result.retryAfterSeconds!);
        now = new Date(now.getTime() + result.retryAfterSeconds! * 1000);
      }
    }
    // Growing waits (1, 2, 4 … s), capped at 5 minutes: slowed, never locked for good.
    expect(waits.slice(0, 5)).toEqual([1, 2, 4, 8, 16]);
    expect(Math.max(...waits)).toBe(PAIR_RULE.capSeconds);

    // The owner, from home, right away and with the right password: in (on to the second factor).
    const login = await loginStaff({ db, ip: freshIp(), now }, { email: owner.email, password: owner.password });
    expect(login.stage).toBe('two_factor');

    // The attacker is told how long to wait, in seconds.
    const refused = await outcome(loginStaff({ db, ip: attacker, now }, { email: owner.email, password: owner.password }));
    expect(refused.code).toBe('rate_limited');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(PAIR_RULE.capSeconds);
    for (const [locale, pattern] of [
      ['en', /^Too many attempts\. Try again in \d+ seconds?\.$/],
      ['fi', /^Liian monta yritystä\. Yritä uudelleen \d+ sekunnin kuluttua\.$/],
    ] as const) {
      const t = createTranslator({ locale, messages: await loadMessages(locale), namespace: 'staffSecurity' });
      expect(t('waitSeconds', { seconds: 42 })).toMatch(pattern);
    }

    // One notice, in the owner's language, to the owner only; agents do not see it in the Outbox.
    const notices = await db.select().from(outbox).where(and(eq(outbox.recipient, owner.email), eq(outbox.kind, 'staff_login_notice')));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ audience: 'staff', locale: 'fi' });
    expect(notices[0]!.subject).toMatch(/Epäonnistuneita kirjautumisia/);
    expect(notices[0]!.payload.text).toContain('10'); // the count when it was sent
    const agent = await createStaff(db);
    const agentCtx = { db, actor: { type: 'staff' as const, staffId: agent.id, role: 'agent' as const } };
    expect((await listOutbox(agentCtx, { to: owner.email })).rows).toEqual([]);
    await expect(getOutboxMessage(agentCtx, notices[0]!.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('no more than one notice an hour, however many attempts fail at once; the account-wide wait only slows', async () => {
    const owner = await createStaff(db);
    let now = new Date('2026-12-05T12:00:00Z');
    // 20 addresses, 2 wrong passwords each, all at once.
    const attempts = Array.from({ length: 20 }, () => freshIp()).flatMap((ip) => [0, 1].map((i) => loginStaff({ db, ip, now }, { email: owner.email, password: `x-${i}` })));
    const results = await Promise.all(attempts.map(outcome));
    expect(results.every((r) => r.code === 'unauthorized')).toBe(true);
    expect(await db.$count(outbox, and(eq(outbox.recipient, owner.email), eq(outbox.kind, 'staff_login_notice')))).toBe(1);
    // The account total is exact under concurrency.
    const total = () => db.select().from(staffLoginThrottle).where(and(eq(staffLoginThrottle.account, owner.email.toLowerCase()), eq(staffLoginThrottle.source, '*'))).then((r) => r[0]!);
    expect((await total()).failures).toBe(40);
    // A botnet keeps going, one new address per guess: past 50 failures every address waits, but never
    // longer than the account cap, so the owner is slowed by seconds, not locked out.
    const waits: number[] = [];
    for (let i = 0; i < 30; i++) {
      const result = await outcome(loginStaff({ db, ip: freshIp(), now }, { email: owner.email, password: `y-${i}` }));
      if (result.code === 'rate_limited') {
        waits.push(result.retryAfterSeconds!);
        now = new Date(now.getTime() + result.retryAfterSeconds! * 1000);
      } else expect(result.code).toBe('unauthorized');
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(ACCOUNT_RULE.capSeconds);
    const ownerAt = new Date(now.getTime() + ACCOUNT_RULE.capSeconds * 1000);
    expect((await loginStaff({ db, ip: freshIp(), now: ownerAt }, { email: owner.email, password: owner.password })).stage).toBe('active');
    expect(await db.$count(outbox, and(eq(outbox.recipient, owner.email), eq(outbox.kind, 'staff_login_notice')))).toBe(1);
    // More than an hour later, ten new failures make a second notice.
    const hourLater = new Date(ownerAt.getTime() + 3601_000);
    for (let i = 0; i < 10; i++) expect((await outcome(loginStaff({ db, ip: freshIp(), now: hourLater }, { email: owner.email, password: `z-${i}` }))).code).toBe('unauthorized');
    expect(await db.$count(outbox, and(eq(outbox.recipient, owner.email), eq(outbox.kind, 'staff_login_notice')))).toBe(2);
  });

  it('30 simultaneous guesses from one address: exactly 3 are checked, the rest are told to wait', async () => {
    const owner = await createStaff(db);
    const attacker = freshIp();
    const now = new Date('2026-12-05T14:00:00Z');
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => outcome(loginStaff({ db, ip: attacker, now }, { email: owner.email, password: `p-${i}` }))));
    expect(results.filter((r) => r.code === 'unauthorized')).toHaveLength(PAIR_RULE.free);
    expect(results.filter((r) => r.code === 'rate_limited')).toHaveLength(30 - PAIR_RULE.free);
    const [pair] = await db.select().from(staffLoginThrottle).where(and(eq(staffLoginThrottle.account, owner.email.toLowerCase()), eq(staffLoginThrottle.source, attacker)));
    expect(pair!.failures).toBe(PAIR_RULE.free);
    const auditRows = await db.execute<{ n: number }>(sql`select count(*)::int as n from case_events where type = 'staff.login_failed' and data->>'staffId' = ${(await db.execute<{ id: string }>(sql`select id from staff_users where email = ${owner.email}`))[0]!.id}`);
    expect(auditRows[0]!.n).toBe(PAIR_RULE.free);
  });

  it('wrong second-factor codes count on the same address: after three, even the right code waits; elsewhere the owner gets in', async () => {
    const secret = generateTotpSecret();
    const owner = await createStaff(db, { totpSecret: secret });
    const attacker = freshIp();
    const now = new Date('2026-12-05T15:00:00Z');
    const stolen = await loginStaff({ db, ip: attacker, now }, { email: owner.email, password: owner.password });
    for (let i = 0; i < 3; i++) expect((await outcome(verifyStaffTwoFactor({ db, ip: attacker, now }, { token: stolen.token, code: `00000${i}` }))).code).toBe('unauthorized');
    const refused = await outcome(verifyStaffTwoFactor({ db, ip: attacker, now }, { token: stolen.token, code: totpCode(secret) }));
    expect(refused).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
    // A right password does not reset the address's counter while the code is still to come.
    const again = await loginStaff({ db, ip: attacker, now: new Date(now.getTime() + 1000) }, { email: owner.email, password: owner.password });
    expect((await outcome(verifyStaffTwoFactor({ db, ip: attacker, now: new Date(now.getTime() + 1000) }, { token: again.token, code: '123456' === totpCode(secret) ? '654321' : '123456' }))).code).toBe('rate_limited');

    const home = freshIp();
    const mine = await loginStaff({ db, ip: home, now }, { email: owner.email, password: owner.password });
    expect((await verifyStaffTwoFactor({ db, ip: home, now }, { token: mine.token, code: totpCode(secret) })).token).toBeTruthy();
  });

  it('an unknown account is throttled exactly like a real one (no way to tell them apart) and gets no notice', async () => {
    const email = `${uniqueId('ghost')}@staff.example`;
    const ip = freshIp();
    const now = new Date('2026-12-05T16:00:00Z');
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 4; i++) codes.push((await outcome(loginStaff({ db, ip, now }, { email, password: 'whatever' }))).code);
    expect(codes).toEqual(['unauthorized', 'unauthorized', 'unauthorized', 'rate_limited']);
    expect(await db.$count(outbox, eq(outbox.recipient, email))).toBe(0);
  });

  it('a claim is refused without being counted while its address waits', async () => {
    const account = `${uniqueId('acct')}@staff.example`;
    const source = freshIp();
    const now = new Date('2026-12-05T17:00:00Z');
    for (let i = 0; i < 3; i++) expect((await claimLoginAttempt(db, account, source, now)).allowed).toBe(true);
    expect(await claimLoginAttempt(db, account, source, now)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    const [pair] = await db.select().from(staffLoginThrottle).where(and(eq(staffLoginThrottle.account, account), eq(staffLoginThrottle.source, source)));
    expect(pair!.failures).toBe(3);
    // After an hour without failures the counter starts again.
    const later = new Date(now.getTime() + 3601_000);
    expect(await claimLoginAttempt(db, account, source, later)).toEqual({ allowed: true, accountFailures: 1 });
  });

  it('housekeeping drops counters idle for a day and keeps current ones', async () => {
    const [old, fresh] = [`${uniqueId('old')}@staff.example`, `${uniqueId('fresh')}@staff.example`];
    const source = freshIp();
    await claimLoginAttempt(db, old, source, new Date(Date.now() - 25 * 3600_000));
    await claimLoginAttempt(db, fresh, source);
    expect(await purgeLoginThrottle(db)).toBeGreaterThanOrEqual(2); // the old pair and its account row
    const left = await db.select({ account: staffLoginThrottle.account }).from(staffLoginThrottle).where(sql`${staffLoginThrottle.account} in (${old}, ${fresh})`);
    expect(left.map((r) => r.account).sort()).toEqual([fresh, fresh]);
  });
});
