import 'server-only';
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

export async function resetLimit(db: DbOrTx, limit: Limit, key: string): Promise<void> {
  await db.delete(rateLimits).where(and(eq(rateLimits.bucket, limit.bucket), eq(rateLimits.key, key)));
}
