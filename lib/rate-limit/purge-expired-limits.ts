import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orderAccessLinks, rateLimits } from '@/db/schema';

/**
 * Deletes counters whose window ended long ago (the worker runs it hourly), so a sweep of
 * random order numbers cannot grow the table without bound; and one-time email links (which only
 * ever exist to be used within 30 minutes) a day after they expired.
 */
export async function purgeExpiredLimits(db: DbOrTx, olderThanSeconds = 24 * 3600): Promise<number> {
  const removed = await db
    .delete(rateLimits)
    .where(sql`${rateLimits.windowStartedAt} < now() - make_interval(secs => ${olderThanSeconds}) and (${rateLimits.blockedUntil} is null or ${rateLimits.blockedUntil} < now())`)
    .returning({ key: rateLimits.key });
  const links = await db
    .delete(orderAccessLinks)
    .where(sql`${orderAccessLinks.expiresAt} < now() - make_interval(secs => ${olderThanSeconds})`)
    .returning({ id: orderAccessLinks.id });
  return removed.length + links.length;
}
