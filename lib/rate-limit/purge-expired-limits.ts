import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { rateLimits } from '@/db/schema';

/**
 * Deletes counters whose window ended long ago (the worker runs it hourly), so a sweep of
 * random order numbers cannot grow the table without bound.
 */
export async function purgeExpiredLimits(db: DbOrTx, olderThanSeconds = 24 * 3600): Promise<number> {
  const removed = await db
    .delete(rateLimits)
    .where(sql`${rateLimits.windowStartedAt} < now() - make_interval(secs => ${olderThanSeconds})`)
    .returning({ key: rateLimits.key });
  return removed.length;
}
