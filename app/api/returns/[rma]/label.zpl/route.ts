import { getAuthorizedLabel, downloadHeaders } from '@/lib/labels/authorized-label';
import { labelTranslator } from '@/lib/labels/render-label-pdf';
import { renderLabelZpl } from '@/lib/labels/render-label-zpl';
import { AppError, toHttpResponse } from '@/lib/errors';

/** The return label in ZPL II for thermal printers. GET only reads. */
export async function GET(_request: Request, { params }: { params: Promise<{ rma: string }> }): Promise<Response> {
  try {
    const label = await getAuthorizedLabel((await params).rma);
    if (!label) throw new AppError('not_found', 'No label.');
    const zpl = Buffer.from(renderLabelZpl(label, await labelTranslator(label.locale)), 'utf8');
    return new Response(zpl, { headers: downloadHeaders('application/zpl; charset=utf-8', `return-label-${label.rma}.zpl`, zpl.byteLength) });
  } catch (error) {
    return toHttpResponse(error);
  }
}
