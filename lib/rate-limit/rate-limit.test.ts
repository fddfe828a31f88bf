import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '@/db';
import { testDb, uniqueId } from '@/test/db';
import { purgeExpiredLimits } from './purge-expired-limits';
import { type Backoff, checkLimit, hitLimit, refundAttempt, resetLimit, takeAttempt } from './rate-limit';

/** Many connections, so parallel attempts really run side by side in PostgreSQL. */
const wide = createDb(inject('databaseUrl'), { max: 20 });
afterAll(() => wide.$end());

const limit = { bucket: 'test', max: 3, windowSeconds: 60 };

describe('rate limits in PostgreSQL', () => {
  it('blocks at the limit and says when to come back', async () => {
    const key = uniqueId();
    expect((await checkLimit(testDb(), limit, key)).blocked).toBe(false);
    for (let i = 0; i < 3; i++) await hitLimit(testDb(), limit, key);
    const state = await checkLimit(testDb(), limit, key);
    expect(state.blocked).toBe(true);
    expect(state.retryAfterSeconds).toBeGreaterThan(55);
    await resetLimit(testDb(), limit, key);
    expect((await checkLimit(testDb(), limit, key)).blocked).toBe(false);
  });

  it('counts 40 simultaneous attempts exactly (no lost updates across connections)', async () => {
    const key = uniqueId();
    await Promise.all(Array.from({ length: 40 }, () => hitLimit(testDb(), { ...limit, max: 100 }, key)));
    const [row] = await testDb().execute<{ count: number }>(sql`select count from rate_limits where bucket = 'test' and key = ${key}`);
    expect(row?.count).toBe(40);
  });

  it('a window that has run out starts again at one', async () => {
    const key = uniqueId();
    for (let i = 0; i < 3; i++) await hitLimit(testDb(), limit, key);
    await testDb().execute(sql`update rate_limits set window_started_at = now() - interval '61 seconds' where key = ${key}`);
    expect((await checkLimit(testDb(), limit, key)).blocked).toBe(false);
    expect(await hitLimit(testDb(), limit, key)).toBe(1);
  });
});

describe('housekeeping', () => {
  it('removes counters from windows that ended a day ago and keeps current ones', async () => {
    const [old, fresh] = [uniqueId('old'), uniqueId('fresh')];
    await hitLimit(testDb(), limit, old);
    await hitLimit(testDb(), limit, fresh);
    await testDb().execute(sql`update rate_limits set window_started_at = now() - interval '25 hours' where key = ${old}`);
    expect(await purgeExpiredLimits(testDb())).toBeGreaterThanOrEqual(1);
    const left = await testDb().execute<{ key: string }>(sql`select key from rate_limits where key in (${old}, ${fresh})`);
    expect(left.map((r) => r.key)).toEqual([fresh]);
  });
});

describe('taking attempts atomically', () => {
  it('of 80 parallel attempts against a limit of 10, exactly 10 get through', async () => {
    const key = uniqueId();
    const results = await Promise.all(Array.from({ length: 80 }, () => takeAttempt(wide, { bucket: 'test', max: 10, windowSeconds: 60 }, key)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const refused = results.find((r) => !r.allowed);
    expect(refused && !refused.allowed && refused.retryAfterSeconds).toBeGreaterThan(55);
  });

  it('growing delays: of 80 parallel attempts only the free ones pass, then each wait doubles', async () => {
    const backoff: Backoff = { bucket: 'test', free: 5, windowSeconds: 3600, baseDelaySeconds: 30, maxDelaySeconds: 900 };
    const key = uniqueId();
    const results = await Promise.all(Array.from({ length: 80 }, () => takeAttempt(wide, backoff, key)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    const first = await takeAttempt(testDb(), backoff, key);
    expect(first).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    expect(!first.allowed && first.retryAfterSeconds).toBeGreaterThan(25);
    expect(!first.allowed && first.retryAfterSeconds).toBeLessThanOrEqual(30);

    // The wait is over: one more attempt passes, and the next wait is twice as long.
    await testDb().execute(sql`update rate_limits set blocked_until = now() - interval '1 second' where bucket = 'test' and key = ${key}`);
    expect((await takeAttempt(testDb(), backoff, key)).allowed).toBe(true);
    const second = await takeAttempt(testDb(), backoff, key);
    expect(!second.allowed && second.retryAfterSeconds).toBeGreaterThan(55);
    expect(!second.allowed && second.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('a refunded attempt is not counted and lifts a delay the count no longer earns', async () => {
    const backoff: Backoff = { bucket: 'test', free: 2, windowSeconds: 3600, baseDelaySeconds: 30, maxDelaySeconds: 900 };
    const key = uniqueId();
    expect((await takeAttempt(testDb(), backoff, key)).allowed).toBe(true);
    expect((await takeAttempt(testDb(), backoff, key)).allowed).toBe(true);
    expect((await takeAttempt(testDb(), backoff, key)).allowed).toBe(false);
    await refundAttempt(testDb(), backoff, key);
    const [row] = await testDb().execute<{ count: number; blocked_until: string | null }>(sql`select count, blocked_until from rate_limits where bucket = 'test' and key = ${key}`);
    expect(row).toEqual({ count: 1, blocked_until: null });
    expect((await takeAttempt(testDb(), backoff, key)).allowed).toBe(true);
  });
});
