// GET /staff/payouts/{batchId}/file: the batch's SEPA credit transfer file (pain.001.001.09), admins only.
import { z } from 'zod';
import { AppError, toHttpResponse } from '@/lib/errors';
import { payoutBatchFile } from '@/lib/payouts/queries';
import { staffCtx } from '@/lib/staff/ctx';

export async function GET(_request: Request, { params }: { params: Promise<{ batchId: string }> }): Promise<Response> {
  try {
    const ctx = await staffCtx({ role: 'admin' });
    const id = z.uuid().safeParse((await params).batchId);
    if (!id.success) throw new AppError('not_found');
    const file = await payoutBatchFile(ctx, id.data);
    if (!file) throw new AppError('not_found');
    return new Response(file.xml, {
      headers: {
        'Content-Type': 'application/xml; charset=utf-8',
        'Content-Disposition': `attachment; filename="${file.messageId}.xml"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
