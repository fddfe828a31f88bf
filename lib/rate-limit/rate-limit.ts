// No `server-only`: the worker (inbound email, lib/inbound) counts per-sender limits with it too; nothing here is secret.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { rateLimits } from '@/db/schema';

/** A fixed-window limit kept in PostgreSQL, so every app instance counts together. */
export type Limit = { bucket: string; max: number; windowSeconds: number };

export type LimitState = { blocked: boolean; retryAfterSeconds: number };

/** Whether `key` has used up `limit` in the current window (does not count an attempt). */
export async function checkLimit(db: DbOrTx, limit: Limit, key: string): Promise<LimitState> {
  const [row] = await db
    .select({
      count: rateLimits.count,
      remaining: sql<number>`greatest(0, ceil(extract(epoch from (${rateLimits.windowStartedAt} + make_interval(secs => ${limit.windowSeconds}) - now()))))::int`,
    })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, limit.bucket), eq(rateLimits.key, key)));
  if (!row || row.remaining <= 0) return { blocked: false, retryAfterSeconds: 0 };
  return { blocked: row.count >= limit.max, retryAfterSeconds: row.remaining };
}

/** Counts one attempt atomically; a window that has run out starts again at 1. */
export async function hitLimit(db: DbOrTx, limit: Limit, key: string): Promise<number> {
  const expired = sql`${rateLimits.windowStartedAt} <= now() - make_interval(secs => ${limit.windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ bucket: limit.bucket, key, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.key],
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning({ count: rateLimits.count });
  return row?.count ?? 1;
}

export async function resetLimit(db: DbOrTx, limit: Pick<Limit, 'bucket'>, key: string): Promise<void> {
  await db.delete(rateLimits).where(and(eq(rateLimits.bucket, limit.bucket), eq(rateLimits.key, key)));
}

/**
 * Growing delays instead of a hard lock: the first `free` attempts in a window pass at once; from the
 * `free`-th on, each attempt makes the next one wait `baseDelaySeconds · 2^(n − free)` (at most
 * `maxDelaySeconds`). Slows a guesser to a crawl while the owner, who needs one or two tries, barely notices.
 */
export type Backoff = { bucket: string; free: number; windowSeconds: number; baseDelaySeconds: number; maxDelaySeconds: number };

export type Attempt = { allowed: true; count: number } | { allowed: false; retryAfterSeconds: number };

function isBackoff(limit: Limit | Backoff): limit is Backoff {
  return 'free' in limit;
}

/**
 * Takes one attempt for `key` if the limit allows it, in ONE atomic statement: the upsert locks the
 * row, so of any number of parallel attempts exactly as many pass as the limit allows (a check
 * followed by a separate increment lets every parallel caller through the check first).
 * Count the attempt before doing the guarded work; `refundAttempt` gives it back on success.
 */
export async function takeAttempt(db: DbOrTx, limit: Limit | Backoff, key: string): Promise<Attempt> {
  const expired = sql`rate_limits.window_started_at <= now() - make_interval(secs => ${limit.windowSeconds})`;
  const next = sql`(case when ${expired} then 1 else rate_limits.count + 1 end)`;
  const rows = isBackoff(limit)
    ? await db.execute<{ count: number }>(sql`
        insert into rate_limits (bucket, key, count, window_started_at, blocked_until)
        values (${limit.bucket}, ${key}, 1, now(),
          case when 1 >= ${limit.free}::int then now() + make_interval(secs => ${limit.baseDelaySeconds}::int) end)
        on conflict (bucket, key) do update set
          count = ${next},
          window_started_at = case when ${expired} then now() else rate_limits.window_started_at end,
          blocked_until = case when ${next} >= ${limit.free}::int
            then now() + make_interval(secs => least(${limit.maxDelaySeconds}::float8, ${limit.baseDelaySeconds}::float8 * power(2, ${next} - ${limit.free}::int)))
            end
        where ${expired} or rate_limits.blocked_until is null or rate_limits.blocked_until <= now()
        returning count`)
    : await db.execute<{ count: number }>(sql`
        insert into rate_limits (bucket, key, count, window_started_at)
        values (${limit.bucket}, ${key}, 1, now())
        on conflict (bucket, key) do update set
          count = ${next},
          window_started_at = case when ${expired} then now() else rate_limits.window_started_at end
        where ${expired} or rate_limits.count < ${limit.max}::int
        returning count`);
  const [row] = rows;
  if (row) return { allowed: true, count: Number(row.count) };
  return { allowed: false, retryAfterSeconds: await secondsUntilAllowed(db, limit, key) };
}

async function secondsUntilAllowed(db: DbOrTx, limit: Limit | Backoff, key: string): Promise<number> {
  const [row] = await db.execute<{ seconds: number }>(sql`
    select greatest(1, ceil(extract(epoch from (${
      isBackoff(limit)
        ? sql`least(blocked_until, window_started_at + make_interval(secs => ${limit.windowSeconds}))`
        : sql`window_started_at + make_interval(secs => ${limit.windowSeconds})`
    } - now()))))::int as seconds
    from rate_limits where bucket = ${limit.bucket} and key = ${key}`);
  return Number(row?.seconds ?? 1);
}

/**
 * Gives back one attempt taken with `takeAttempt` (it turned out not to be a failure): the count
 * drops by one, and a delay that count no longer earns is lifted.
 */
export async function refundAttempt(db: DbOrTx, limit: Limit | Backoff, key: string): Promise<void> {
  const free = isBackoff(limit) ? limit.free : limit.max;
  await db.execute(sql`
    update rate_limits set count = greatest(count - 1, 0),
      blocked_until = case when count - 1 < ${free}::int then null else blocked_until end
    where bucket = ${limit.bucket} and key = ${key}`);
}
