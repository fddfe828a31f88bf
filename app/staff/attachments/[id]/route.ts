// GET /staff/attachments/{id}: a file of a case (a customer's by email, or staff's on a reply or note), for signed-in staff only.
import { z } from 'zod';
import { getDb } from '@/db';
import { requireStaff } from '@/lib/auth/staff-session';
import { attachmentResponse } from '@/lib/cases/attachment-response';
import { getStaffAttachmentFile } from '@/lib/cases/staff-attachments';
import { AppError, toHttpResponse } from '@/lib/errors';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireStaff();
    const id = z.uuid().safeParse((await params).id);
    if (!id.success) throw new AppError('not_found');
    const file = await getStaffAttachmentFile(getDb(), id.data);
    if (!file) throw new AppError('not_found');
    return attachmentResponse(file);
  } catch (error) {
    return toHttpResponse(error);
  }
}
