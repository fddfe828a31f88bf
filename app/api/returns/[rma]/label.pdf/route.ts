import { getAuthorizedLabel, downloadHeaders } from '@/lib/labels/authorized-label';
import { renderLabelPdf } from '@/lib/labels/render-label-pdf';
import { AppError, toHttpResponse } from '@/lib/errors';

/** The return label + packing slip as PDF. GET only reads: labels are issued on approval. */
export async function GET(_request: Request, { params }: { params: Promise<{ rma: string }> }): Promise<Response> {
  try {
    const label = await getAuthorizedLabel((await params).rma);
    if (!label) throw new AppError('not_found', 'No label.');
    const pdf = await renderLabelPdf(label);
    return new Response(Buffer.from(pdf), { headers: downloadHeaders('application/pdf', `return-label-${label.rma}.pdf`, pdf.byteLength) });
  } catch (error) {
    return toHttpResponse(error);
  }
}
