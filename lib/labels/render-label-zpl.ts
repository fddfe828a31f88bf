import type { ReturnLabelDto } from './queries';
import { labelQrPayload, SPECIMEN_BAND, type LabelTranslator } from './render-label-pdf';

/** Field data may not contain ZPL's command characters. */
function fd(value: string): string {
  return value.replace(/[\^~\\]/g, ' ').replace(/[\r\n]+/g, ' ');
}

/**
 * The same label in ZPL II for 4×6 in / A6 thermal printers at 203 dpi (832 × 1184 dots):
 * UTF-8 text (^CI28), ^BC Code 128 of the tracking number, ^BQ QR code; a SPECIMEN carries the same band as the PDF.
 */
export function renderLabelZpl(label: ReturnLabelDto, t: LabelTranslator): string {
  const to = label.returnAddress;
  const from = label.sender;
  const lines: string[] = ['^XA', '^CI28', '^PW832', '^LL1184', '^LH0,0'];
  const textAt = (x: number, y: number, h: number, value: string) => lines.push(`^FO${x},${y}^A0N,${h},${h}^FD${fd(value)}^FS`);
  textAt(40, 40, 44, t('heading'));
  textAt(40, 95, 26, `${label.carrierName}${label.service ? ` - ${label.service}` : ''}`);
  lines.push('^FO40,130^GB752,3,3^FS');
  textAt(40, 150, 24, t('to'));
  let y = 182;
  for (const [i, value] of [to.name, to.line1, to.line2, `${to.postalCode} ${to.city}`.trim(), to.country].filter(Boolean).entries()) {
    textAt(40, y, i === 0 ? 40 : 34, value!);
    y += i === 0 ? 46 : 40;
  }
  y += 10;
  textAt(40, y, 22, t('from'));
  y += 28;
  for (const value of [from.name, from.line1, from.line2, `${from.postalCode} ${from.city}`, from.country].filter(Boolean)) {
    textAt(40, y, 26, value!);
    y += 30;
  }
  y += 10;
  lines.push(`^FO40,${y}^GB752,2,2^FS`);
  y += 20;
  textAt(40, y, 40, `${t('rma')}: ${label.rma}`);
  textAt(480, y + 10, 26, `${t('order')}: ${label.orderNumber}`);
  y += 70;
  // ^BC: orientation N, height 180 dots, interpretation line below, not above, no UCC check digit.
  lines.push(`^BY3,3,180^FO60,${y}^BCN,180,Y,N,N^FD${fd(label.trackingNumber)}^FS`);
  // ^BQ: normal, model 2, magnification 6; "QA," = error correction Q, automatic data input.
  lines.push(`^FO560,900^BQN,2,6^FDQA,${fd(labelQrPayload(label))}^FS`);
  if (label.printerlessCode) {
    textAt(40, 960, 24, t('printerlessCode'));
    textAt(40, 995, 56, label.printerlessCode);
  }
  if (label.specimen) {
    // A black band across the middle (over the barcode) with the text reversed out of it (^FR), as in the PDF.
    lines.push('^FO0,520^GB832,230,230^FS');
    lines.push('^FO0,540^FB832,1,0,C^A0N,100,100^FR^FDSPECIMEN^FS');
    lines.push(`^FO20,650^FB792,1,0,C^A0N,40,40^FR^FD${fd(SPECIMEN_BAND)}^FS`);
    lines.push(`^FO20,700^FB792,1,0,C^A0N,26,26^FR^FD${fd(t('specimen'))}^FS`);
  }
  lines.push('^XZ');
  return `${lines.join('\n')}\n`;
}
