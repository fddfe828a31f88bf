// GET /staff/attachments/{id}: a file of a case (a customer's by email, or staff's on a reply or note), for signed-in staff only.
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db';
import { caseAttachments } from '@/db/schema';
import { requireStaff } from '@/lib/auth/staff-session';
import { attachmentResponse } from '@/lib/cases/attachment-response';
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
    return attachmentResponse({ ...file, data: file.data });
  } catch (error) {
    return toHttpResponse(error);
  }
}
