import bwipjs from 'bwip-js/node';
import { type PDFPage, rgb } from 'pdf-lib';

/**
 * Barcodes from bwip-js's raw encoder, drawn as vector rectangles: sharp at any printer resolution
 * and several times faster than rendering PNGs (see scripts/bench/labels.mjs).
 */

/** Code 128 bar/space widths in modules, starting with a bar (quiet zones not included). */
export function code128Widths(text: string): number[] {
  const [first] = bwipjs.raw('code128', text, '') as Array<{ sbs: number[] }>;
  return first!.sbs;
}

export type QrMatrix = { size: number; dark: (x: number, y: number) => boolean };

export function qrMatrix(text: string): QrMatrix {
  const [first] = bwipjs.raw('qrcode', text, 'eclevel=M') as Array<{ pixs: number[]; pixx: number; pixy: number }>;
  const { pixs, pixx } = first!;
  return { size: pixx, dark: (x, y) => pixs[y * pixx + x] === 1 };
}

/** Horizontal runs of dark modules: far fewer shapes than one per module. */
function qrRuns(matrix: QrMatrix): Array<{ x: number; y: number; w: number }> {
  const runs = [];
  for (let y = 0; y < matrix.size; y++) {
    for (let x = 0; x < matrix.size; x++) {
      if (!matrix.dark(x, y)) continue;
      let w = 1;
      while (x + w < matrix.size && matrix.dark(x + w, y)) w++;
      runs.push({ x, y, w });
      x += w;
    }
  }
  return runs;
}

/** Draws a Code 128 barcode filling `width` (quiet zones must be left by the caller). */
export function drawCode128(page: PDFPage, text: string, box: { x: number; y: number; width: number; height: number }): void {
  const widths = code128Widths(text);
  const modules = widths.reduce((a, b) => a + b, 0);
  const unit = box.width / modules;
  let x = box.x;
  widths.forEach((w, i) => {
    if (i % 2 === 0) page.drawRectangle({ x, y: box.y, width: w * unit, height: box.height, color: rgb(0, 0, 0) });
    x += w * unit;
  });
}

/** Draws a QR code (without its quiet zone) in a `size` × `size` square whose lower-left corner is (x, y). */
export function drawQr(page: PDFPage, text: string, box: { x: number; y: number; size: number }): void {
  const matrix = qrMatrix(text);
  const unit = box.size / matrix.size;
  for (const run of qrRuns(matrix)) {
    page.drawRectangle({ x: box.x + run.x * unit, y: box.y + box.size - (run.y + 1) * unit, width: run.w * unit, height: unit, color: rgb(0, 0, 0) });
  }
}

/** The QR code as an SVG path string (one unit per module, 4-module quiet zone) for the screen. */
export function qrSvgPath(text: string): { viewBox: number; d: string } {
  const matrix = qrMatrix(text);
  const d = qrRuns(matrix)
    .map((r) => `M${r.x + 4} ${r.y + 4}h${r.w}v1h-${r.w}z`)
    .join('');
  return { viewBox: matrix.size + 8, d };
}
