import { outboundLabelDownload } from '@/lib/labels/authorized-label';

// GET /staff/parcels/{id}/label.pdf: the carrier's label of a parcel staff booked for the shop to send (exchange, reship).
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return outboundLabelDownload(id);
}
