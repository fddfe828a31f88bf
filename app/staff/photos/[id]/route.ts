// GET /staff/photos/{id}: a return or claim photo, for signed-in staff only.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db';
import { photos } from '@/db/schema';
import { requireStaff } from '@/lib/auth/staff-session';
import { AppError, toHttpResponse } from '@/lib/errors';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireStaff();
    const id = z.uuid().safeParse((await params).id);
    if (!id.success) throw new AppError('not_found');
    const [photo] = await getDb().select({ data: photos.data, contentType: photos.contentType }).from(photos).where(eq(photos.id, id.data));
    if (!photo) throw new AppError('not_found');
    return new Response(new Uint8Array(photo.data), {
      headers: { 'Content-Type': photo.contentType, 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
