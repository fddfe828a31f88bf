import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { photos } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { checkLimit, hitLimit, type Limit } from '@/lib/rate-limit/rate-limit';
import { processPhoto, type PhotoRejection } from './process-photo';

/** Unattached uploads one order may hold at a time (a wizard needs at most 5 per item). */
export const MAX_PENDING_PHOTOS_PER_ORDER = 60;
/** Processing costs CPU whether or not the photo is kept: uploads per order per hour. */
export const photoUploadsPerOrder: Limit = { bucket: 'photo_upload_order', max: 120, windowSeconds: 3600 };

export type StorePhotoResult = { ok: true; id: string; width: number; height: number } | { ok: false; reason: PhotoRejection };

async function pendingCount(db: DbOrTx, orderId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(photos)
    .where(and(eq(photos.orderId, orderId), isNull(photos.returnItemId), isNull(photos.claimId)));
  return row?.n ?? 0;
}

/**
 * A photo the customer uploads during the wizard: processed (type, size, pixels, re-encode,
 * metadata stripped), then stored against the order until the submitted return attaches it.
 * The limits are checked before the (costly) processing.
 */
export async function storeOrderPhoto(ctx: Ctx, input: { orderId: string; bytes: Uint8Array }): Promise<StorePhotoResult> {
  const limited = await checkLimit(ctx.db, photoUploadsPerOrder, input.orderId);
  if (limited.blocked) throw new AppError('rate_limited', 'Too many uploads for this order.', { retryAfterSeconds: limited.retryAfterSeconds });
  if ((await pendingCount(ctx.db, input.orderId)) >= MAX_PENDING_PHOTOS_PER_ORDER) throw new AppError('rate_limited', 'Too many photos waiting for this order.', { retryAfterSeconds: 3600 });
  await hitLimit(ctx.db, photoUploadsPerOrder, input.orderId);

  const processed = await processPhoto(input.bytes);
  if (!processed.ok) return processed;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(photos)
      .values({ orderId: input.orderId, contentType: processed.contentType, width: processed.width, height: processed.height, sizeBytes: processed.data.length, data: processed.data })
      .returning({ id: photos.id });
    await recordEvent(tx, { actor: ctx.actor, type: 'photo.uploaded', orderId: input.orderId, data: { photoId: row!.id, sizeBytes: processed.data.length } });
    return { ok: true as const, id: row!.id, width: processed.width, height: processed.height };
  });
}
