import type { DbOrTx } from '@/db';
import { getCarrierLabelFile, type ReturnLabelDto } from './queries';
import { labelTranslator, renderLabelPdf } from './render-label-pdf';
import { renderLabelZpl } from './render-label-zpl';

export type LabelFile = { body: Uint8Array; contentType: string; filename: string };

/**
 * The file a label download serves: for a return booked with the carrier, the carrier's own label exactly as
 * it came (null when the carrier did not offer that format); otherwise the locally drawn SPECIMEN. Read-only,
 * for the customer's and the staff's downloads alike (the caller checks access).
 */
export async function labelFile(db: DbOrTx, label: ReturnLabelDto, format: 'pdf' | 'zpl'): Promise<LabelFile | null> {
  const filename = `return-label-${label.rma}.${format}`;
  const contentType = format === 'pdf' ? 'application/pdf' : 'application/zpl; charset=utf-8';
  if (label.carrierLabel) {
    const body = await getCarrierLabelFile(db, label.shipmentId, format);
    return body ? { body, contentType, filename } : null;
  }
  const body = format === 'pdf' ? await renderLabelPdf(label) : new TextEncoder().encode(renderLabelZpl(label, await labelTranslator(label.locale)));
  return { body, contentType, filename };
}
