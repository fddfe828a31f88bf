import { getStaffLabel, labelDownload } from '@/lib/labels/authorized-label';

// GET /staff/returns/{rma}/label.pdf: staff download / reprint of a return label (the carrier's own label when booked, else the SPECIMEN).
export async function GET(_request: Request, { params }: { params: Promise<{ rma: string }> }): Promise<Response> {
  const { rma } = await params;
  return labelDownload(() => getStaffLabel(rma), 'pdf');
}
