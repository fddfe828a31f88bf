import { getDb } from '@/db';
import { getAuthorizedLabel, downloadHeaders } from '@/lib/labels/authorized-label';
import { labelFile } from '@/lib/labels/label-file';
import { AppError, toHttpResponse } from '@/lib/errors';

/**
 * The return label as ZPL II for thermal printers: the carrier's own label when the return was
 * booked with the carrier, else the SPECIMEN. GET only reads: labels are issued on approval.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ rma: string }> }): Promise<Response> {
  try {
    const label = await getAuthorizedLabel((await params).rma);
    if (!label) throw new AppError('not_found', 'No label.');
    const file = await labelFile(getDb(), label, 'zpl');
    if (!file) throw new AppError('not_found', 'The carrier offers no label in this format.');
    return new Response(Buffer.from(file.body), { headers: downloadHeaders(file.contentType, file.filename, file.body.byteLength) });
  } catch (error) {
    return toHttpResponse(error);
  }
}
