// GET /api/messages/{token}/files/{id}: a file staff sent with a reply, for the holder of that case's reply link.
// A note's file, another case's file and a bad or expired link all look the same: 404.
import { z } from 'zod';
import { getDb } from '@/db';
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
    // The type was decided from the bytes on upload (lib/cases/attachment-rules.ts); PDFs download instead of rendering here.
    const disposition = file.contentType === 'application/pdf' ? 'attachment' : 'inline';
    return new Response(new Uint8Array(file.data), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'Cache-Control': 'private, no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
