// GET /staff/returns/{rma}/label.zpl: staff download / reprint of a return label (the carrier's own label when booked, else the SPECIMEN).
import { getDb } from '@/db';
import { downloadHeaders, getStaffLabel } from '@/lib/labels/authorized-label';
import { labelFile } from '@/lib/labels/label-file';
import { AppError, toHttpResponse } from '@/lib/errors';

export async function GET(_request: Request, { params }: { params: Promise<{ rma: string }> }): Promise<Response> {
  try {
    const label = await getStaffLabel((await params).rma);
    if (!label) throw new AppError('not_found', 'No label.');
    const file = await labelFile(getDb(), label, 'zpl');
    if (!file) throw new AppError('not_found', 'The carrier offers no label in this format.');
    return new Response(Buffer.from(file.body), { headers: downloadHeaders(file.contentType, file.filename, file.body.byteLength) });
  } catch (error) {
    return toHttpResponse(error);
  }
}
