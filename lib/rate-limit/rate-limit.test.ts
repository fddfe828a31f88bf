import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testDb, uniqueId } from '@/test/db';
import { purgeExpiredLimits } from './purge-expired-limits';
import { checkLimit, hitLimit, resetLimit } from './rate-limit';

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
