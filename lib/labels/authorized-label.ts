import 'server-only';
import { getDb } from '@/db';
import { getVerifiedOrderAccess } from '@/lib/auth/order-access';
import { requireStaff } from '@/lib/auth/staff-session';
import { authorize } from '@/lib/core/authorize';
import { AppError, toHttpResponse } from '@/lib/core/errors';
import { labelFile } from './label-file';
import { getReturnLabel, type ReturnLabelDto } from './queries';

/**
 * The label of `rma` if this browser holds the order-access grant for its order; null otherwise,
 * the same for "no such return", "no label yet" and "not yours" (nothing to probe). Staff access
 * joins here once the staff session lands.
 */
export async function getAuthorizedLabel(rma: string): Promise<ReturnLabelDto | null> {
  const label = await getReturnLabel(getDb(), rma);
  if (!label) return null;
  return (await getVerifiedOrderAccess(label.orderId)) ? label : null;
}

/**
 * The label of `rma` for signed-in staff who process returns (reprint from the case's return panel); throws
 * `unauthorized` / `forbidden` otherwise, null when there is no such return or no label yet.
 */
export async function getStaffLabel(rma: string): Promise<ReturnLabelDto | null> {
  authorize(await requireStaff(), 'returns.process');
  return getReturnLabel(getDb(), rma);
}

/** Download headers: personal data, never cached by anything in between. */
export function downloadHeaders(contentType: string, filename: string, size: number): HeadersInit {
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Content-Length': String(size),
    'Cache-Control': 'private, no-store',
  };
}

/**
 * GET handler body of a label download (customer or staff, PDF or ZPL): `find` decides who may have the
 * label; 404 in the error shape when there is none or the carrier offers no file in this format.
 */
export async function labelDownload(find: () => Promise<ReturnLabelDto | null>, format: 'pdf' | 'zpl'): Promise<Response> {
  try {
    const label = await find();
    if (!label) throw new AppError('not_found', 'No label.');
    const file = await labelFile(getDb(), label, format);
    if (!file) throw new AppError('not_found', 'The carrier offers no label in this format.');
    return new Response(Buffer.from(file.body), { headers: downloadHeaders(file.contentType, file.filename, file.body.byteLength) });
  } catch (error) {
    return toHttpResponse(error);
  }
}
