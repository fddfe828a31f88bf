import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { photos } from '@/db/schema';
import { testDb } from '@/test/db';
import { createReturnableOrder } from '@/test/return-factories';
import { purgeOrphanPhotos } from './purge-orphan-photos';
import { storeOrderPhoto } from './store-photo';

describe('purgeOrphanPhotos', () => {
  it('removes day-old uploads nobody attached, keeps fresh ones', async () => {
    const db = testDb();
    const order = await createReturnableOrder(db);
    const jpeg = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).jpeg().toBuffer();
    const ctx = { db, actor: { type: 'customer' as const, orderId: order.id } };
    const old = await storeOrderPhoto(ctx, { orderId: order.id, bytes: jpeg });
    const fresh = await storeOrderPhoto(ctx, { orderId: order.id, bytes: jpeg });
    if (!old.ok || !fresh.ok) throw new Error('upload failed');
    await db.update(photos).set({ createdAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(photos.id, old.id));
    expect(await purgeOrphanPhotos(db)).toBeGreaterThanOrEqual(1);
    const left = await db.select({ id: photos.id }).from(photos).where(inArray(photos.id, [old.id, fresh.id]));
    expect(left.map((p) => p.id)).toEqual([fresh.id]);
  });
});
