import { and, eq, isNull, sql } from 'drizzle-orm';
import { photos } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';
import { AppError } from '@/lib/errors';
import { processPhoto, type PhotoRejection } from './process-photo';

/** Unattached uploads one order may hold at a time (a wizard needs at most 5 per item). */
export const MAX_PENDING_PHOTOS_PER_ORDER = 60;

export type StorePhotoResult = { ok: true; id: string; width: number; height: number } | { ok: false; reason: PhotoRejection };

/**
 * A photo the customer uploads during the wizard: processed (type, size, pixels, re-encode,
 * metadata stripped), then stored against the order until the submitted return attaches it.
 */
export async function storeOrderPhoto(ctx: Ctx, input: { orderId: string; bytes: Uint8Array }): Promise<StorePhotoResult> {
  const processed = await processPhoto(input.bytes);
  if (!processed.ok) return processed;
  return ctx.db.transaction(async (tx) => {
    const [pending] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(photos)
      .where(and(eq(photos.orderId, input.orderId), isNull(photos.returnItemId), isNull(photos.claimId)));
    if ((pending?.n ?? 0) >= MAX_PENDING_PHOTOS_PER_ORDER) throw new AppError('rate_limited', 'Too many photos waiting for this order.', { retryAfterSeconds: 3600 });
    const [row] = await tx
      .insert(photos)
      .values({ orderId: input.orderId, contentType: processed.contentType, width: processed.width, height: processed.height, sizeBytes: processed.data.length, data: processed.data })
      .returning({ id: photos.id });
    await recordCaseEvent(tx, { actor: ctx.actor, type: 'photo.uploaded', orderId: input.orderId, data: { photoId: row!.id, sizeBytes: processed.data.length } });
    return { ok: true as const, id: row!.id, width: processed.width, height: processed.height };
  });
}
