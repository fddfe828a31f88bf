import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { createTranslator } from 'use-intl/core';
import { localeTags, type Locale } from '@/lib/core/locales';
import { loadMessages } from '@/lib/i18n/messages';
import { drawWrapped, winAnsi } from '@/lib/pdf/text';
import { drawCode128, drawQr } from './barcodes';
import type { ReturnLabelDto } from './queries';

/** A6 portrait in PDF points (105 × 148 mm); ≈ 4×6 in thermal stock. */
export const A6 = { width: (105 / 25.4) * 72, height: (148 / 25.4) * 72 } as const;
const M = 14; // margin

export async function labelTranslator(locale: Locale) {
  return createTranslator({ locale, messages: await loadMessages(locale), namespace: 'labels.document' });
}
export type LabelTranslator = Awaited<ReturnType<typeof labelTranslator>>;

function text(page: PDFPage, value: string, x: number, y: number, size: number, font: PDFFont) {
  page.drawText(winAnsi(value), { x, y, size, font, color: rgb(0, 0, 0) });
}

/** What the QR on the label carries: the printerless code when there is one, else the tracking number. */
export function labelQrPayload(label: Pick<ReturnLabelDto, 'printerlessCode' | 'trackingNumber'>): string {
  return label.printerlessCode ?? label.trackingNumber;
}

/** The band on every locally drawn label (never translated: carriers' staff read it in any country). */
export const SPECIMEN_BAND = 'SPECIMEN — NOT VALID FOR SHIPPING';

/**
 * A SPECIMEN (nothing booked with the carrier) gets a large black band with white text across the middle of
 * the label, over the barcode, and the customer's language under it: no counter would take it for a carrier
 * label, and its barcode (of `SPECIMEN-<RMA>`) is partly covered.
 */
function drawSpecimenBand(page: PDFPage, bold: PDFFont, font: PDFFont, note: string): void {
  const height = 74;
  const y = A6.height / 2 - 60;
  page.drawRectangle({ x: 0, y, width: A6.width, height, color: rgb(0, 0, 0), opacity: 0.88 });
  const big = 'SPECIMEN';
  page.drawText(big, { x: (A6.width - bold.widthOfTextAtSize(big, 30)) / 2, y: y + height - 32, size: 30, font: bold, color: rgb(1, 1, 1) });
  const band = winAnsi(SPECIMEN_BAND);
  const size = Math.min(11, ((A6.width - 2 * M) / bold.widthOfTextAtSize(band, 11)) * 11);
  page.drawText(band, { x: (A6.width - bold.widthOfTextAtSize(band, size)) / 2, y: y + 24, size, font: bold, color: rgb(1, 1, 1) });
  const local = winAnsi(note);
  const localSize = Math.min(8, ((A6.width - 2 * M) / font.widthOfTextAtSize(local, 8)) * 8);
  page.drawText(local, { x: (A6.width - font.widthOfTextAtSize(local, localSize)) / 2, y: y + 9, size: localSize, font, color: rgb(1, 1, 1) });
}

/**
 * The locally drawn return label (page 1, A6): return address, sender, RMA, carrier and service, a Code 128
 * barcode of the return tracking number and a QR code, and for a SPECIMEN the band above; page 2 is the packing slip with the items and reasons
 * in the customer's language. Standard fonts (WinAnsi) cover å ä ö æ ø.
 */
export async function renderLabelPdf(label: ReturnLabelDto, t?: LabelTranslator): Promise<Uint8Array> {
  const tr = t ?? (await labelTranslator(label.locale));
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(tr('title', { rma: label.rma })));
  pdf.setLanguage(localeTags[label.locale]);
  pdf.setCreator('Paluu');
  pdf.setAuthor(winAnsi(label.shopName));
  const [font, bold] = await Promise.all([pdf.embedFont(StandardFonts.Helvetica), pdf.embedFont(StandardFonts.HelveticaBold)]);
  const width = A6.width - 2 * M;

  // Page 1: the label.
  const page = pdf.addPage([A6.width, A6.height]);
  let y = A6.height - M - 12;
  text(page, tr('heading'), M, y, 13, bold);
  const carrierText = winAnsi(`${label.carrierName}${label.service ? ` · ${label.service}` : ''}`);
  text(page, carrierText, A6.width - M - font.widthOfTextAtSize(carrierText, 8), y + 3, 8, font);
  y -= 8;
  page.drawLine({ start: { x: M, y }, end: { x: A6.width - M, y }, thickness: 1 });

  y -= 14;
  text(page, tr('to'), M, y, 8, bold);
  y -= 14;
  const to = label.returnAddress;
  for (const [i, line] of [to.name, to.line1, to.line2, `${to.postalCode} ${to.city}`.trim(), to.country].filter(Boolean).entries()) {
    y = drawWrapped(page, line!, { x: M, y, size: i === 0 ? 12 : 11, font: i === 0 ? bold : font, maxWidth: width, lineGap: 3 });
  }

  y -= 6;
  text(page, tr('from'), M, y, 8, bold);
  y -= 11;
  const from = label.sender;
  for (const line of [from.name, from.line1, from.line2, `${from.postalCode} ${from.city}`, from.country].filter(Boolean)) {
    y = drawWrapped(page, line!, { x: M, y, size: 9, font, maxWidth: width, lineGap: 2 });
  }

  y -= 6;
  page.drawLine({ start: { x: M, y }, end: { x: A6.width - M, y }, thickness: 0.5 });
  y -= 14;
  text(page, `${tr('rma')}: ${label.rma}`, M, y, 12, bold);
  const orderText = winAnsi(`${tr('order')}: ${label.orderNumber}`);
  text(page, orderText, A6.width - M - font.widthOfTextAtSize(orderText, 9), y, 9, font);

  // Code 128 of the tracking number with its human-readable text; 10 pt quiet zones on both sides.
  const barHeight = 62;
  y -= barHeight + 10;
  drawCode128(page, label.trackingNumber, { x: M + 10, y, width: width - 20, height: barHeight });
  y -= 12;
  const tn = winAnsi(label.trackingNumber);
  text(page, tn, (A6.width - font.widthOfTextAtSize(tn, 10)) / 2, y, 10, font);

  // QR bottom right; the printerless code (if any) bottom left.
  const qr = 78;
  drawQr(page, labelQrPayload(label), { x: A6.width - M - qr, y: M, size: qr });
  if (label.printerlessCode) {
    text(page, tr('printerlessCode'), M, M + 40, 8, bold);
    text(page, label.printerlessCode, M, M + 20, 16, bold);
  }
  text(page, tr('trackingNumber'), M, M + 4, 7, font);
  if (label.specimen) drawSpecimenBand(page, bold, font, tr('specimen'));

  // Page 2: packing slip, under the shop's branding (logo, or its name).
  const slip = pdf.addPage([A6.width, A6.height]);
  y = A6.height - M;
  const logo = label.logoPng ? await pdf.embedPng(label.logoPng).catch(() => null) : null;
  if (logo) {
    const scale = Math.min(28 / logo.height, (width * 0.6) / logo.width, 1);
    slip.drawImage(logo, { x: M, y: y - logo.height * scale, width: logo.width * scale, height: logo.height * scale });
    const shopText = winAnsi(label.shopName);
    text(slip, shopText, A6.width - M - font.widthOfTextAtSize(shopText, 8), y - 10, 8, font);
    y -= logo.height * scale + 16;
  } else {
    y = drawWrapped(slip, label.shopName, { x: M, y: y - 10, size: 11, font: bold, maxWidth: width }) - 6;
  }
  y = drawWrapped(slip, tr('packingSlipTitle', { rma: label.rma }), { x: M, y, size: 13, font: bold, maxWidth: width }) - 2;
  y = drawWrapped(slip, `${tr('order')}: ${label.orderNumber}`, { x: M, y, size: 9, font, maxWidth: width });
  y = drawWrapped(slip, tr('packingSlipIntro'), { x: M, y, size: 9, font, maxWidth: width }) - 6;
  slip.drawLine({ start: { x: M, y: y + 4 }, end: { x: A6.width - M, y: y + 4 }, thickness: 0.5 });
  y -= 8;
  for (const item of label.items) {
    const options = Object.values(item.options).join(' · ');
    y = drawWrapped(slip, `${item.quantity} × ${item.title}${options ? ` (${options})` : ''}`, { x: M, y, size: 10, font: bold, maxWidth: width });
    y = drawWrapped(slip, `${tr('reason')}: ${item.reason}`, { x: M + 8, y, size: 9, font, maxWidth: width - 8 }) - 6;
    if (y < M + 20) break; // an A6 slip holds about a dozen items; the rest are in the return page
  }
  return pdf.save();
}
