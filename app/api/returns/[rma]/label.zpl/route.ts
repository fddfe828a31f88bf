import { getAuthorizedLabel, labelDownload } from '@/lib/labels/authorized-label';

/**
 * The return label as ZPL II for thermal printers: the carrier's own label when the return was
 * booked with the carrier, else the SPECIMEN. GET only reads: labels are issued on approval.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ rma: string }> }): Promise<Response> {
  const { rma } = await params;
  return labelDownload(() => getAuthorizedLabel(rma), 'zpl');
}
