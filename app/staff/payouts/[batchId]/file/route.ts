// GET /staff/payouts/{batchId}/file: the batch's SEPA credit transfer file (pain.001.001.09), admins only.
import { z } from 'zod';
import { requireStaff } from '@/lib/auth/staff-session';
import { AppError, toHttpResponse } from '@/lib/errors';
import { payoutBatchFile } from '@/lib/payouts/queries';
import { getDb } from '@/db';

export async function GET(_request: Request, { params }: { params: Promise<{ batchId: string }> }): Promise<Response> {
  try {
    const staff = await requireStaff({ role: 'admin' });
    const id = z.uuid().safeParse((await params).batchId);
    if (!id.success) throw new AppError('not_found');
    const file = await payoutBatchFile({ db: getDb(), actor: { type: 'staff', staffId: staff.staffId, role: staff.role } }, id.data);
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
