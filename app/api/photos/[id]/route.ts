// GET /api/photos/{id} – a stored photo for the customer with access to its order (staff access
// arrives with the staff desk). Unknown id and no access look the same: 404.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db';
import { claims, photos, returnItems, returns } from '@/db/schema';
import { getVerifiedOrderAccess } from '@/lib/auth/order-access';
import { AppError, toHttpResponse } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const id = z.uuid().safeParse((await params).id);
    if (!id.success) throw new AppError('not_found');
    const db = getDb();
    const [photo] = await db
      .select({
        data: photos.data,
        contentType: photos.contentType,
        orderId: sql<string | null>`coalesce(${photos.orderId}, ${returns.orderId}, ${claims.orderId})`,
      })
      .from(photos)
      .leftJoin(returnItems, eq(returnItems.id, photos.returnItemId))
      .leftJoin(returns, eq(returns.id, returnItems.returnId))
      .leftJoin(claims, eq(claims.id, photos.claimId))
      .where(eq(photos.id, id.data))
      .limit(1);
    if (!photo?.orderId || !(await getVerifiedOrderAccess(photo.orderId))) throw new AppError('not_found');
    return new Response(new Uint8Array(photo.data), {
      headers: {
        'Content-Type': photo.contentType === 'image/webp' ? 'image/webp' : 'image/jpeg',
        'Content-Length': String(photo.data.length),
        'Cache-Control': 'private, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': 'inline',
        'Content-Security-Policy': "default-src 'none'",
      },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
