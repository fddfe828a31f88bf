import { and, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { photos } from '@/db/schema';

/**
 * Deletes uploads that were never attached to a return item or claim (the customer left the
 * wizard): they belong to nobody's case and should not be kept. The worker runs it hourly.
 */
export async function purgeOrphanPhotos(db: DbOrTx, olderThanSeconds = 24 * 3600): Promise<number> {
  const removed = await db
    .delete(photos)
    .where(and(isNull(photos.returnItemId), isNull(photos.claimId), sql`${photos.createdAt} < now() - make_interval(secs => ${olderThanSeconds})`))
    .returning({ id: photos.id });
  return removed.length;
}
