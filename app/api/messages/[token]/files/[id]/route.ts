// GET /api/messages/{token}/files/{id}: a file staff sent with a reply, for the holder of that case's reply link.
// A note's file, another case's file and a bad or expired link all look the same: 404.
import { z } from 'zod';
import { getDb } from '@/db';
import { attachmentResponse } from '@/lib/cases/attachment-response';
import { getCustomerReplyAttachment } from '@/lib/cases/customer-conversation';
import { AppError, toHttpResponse } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string; id: string }> }): Promise<Response> {
  try {
    const { token, id: rawId } = await params;
    const id = z.uuid().safeParse(rawId);
    if (!id.success) throw new AppError('not_found');
    const file = await getCustomerReplyAttachment(getDb(), decodeURIComponent(token), id.data);
    if (!file) throw new AppError('not_found');
    return attachmentResponse(file);
  } catch (error) {
    return toHttpResponse(error);
  }
}
