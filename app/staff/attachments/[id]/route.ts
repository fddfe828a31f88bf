// GET /staff/attachments/{id}: a file a customer sent by email (image or PDF), for signed-in staff only.
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db';
import { caseAttachments } from '@/db/schema';
import { requireStaff } from '@/lib/auth/staff-session';
import { AppError, toHttpResponse } from '@/lib/errors';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireStaff();
    const id = z.uuid().safeParse((await params).id);
    if (!id.success) throw new AppError('not_found');
    const [file] = await getDb()
      .select({ data: caseAttachments.data, contentType: caseAttachments.contentType, filename: caseAttachments.filename })
      .from(caseAttachments)
      .where(and(eq(caseAttachments.id, id.data), isNull(caseAttachments.rejected)));
    if (!file?.data) throw new AppError('not_found');
    // The type was decided from the bytes on import (lib/inbound/parse.ts); PDFs download instead of rendering in our origin.
    const disposition = file.contentType === 'application/pdf' ? 'attachment' : 'inline';
    return new Response(new Uint8Array(file.data), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
