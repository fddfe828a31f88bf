import { type PDFFont, type PDFPage, rgb } from 'pdf-lib';

/**
 * pdf-lib's standard fonts use WinAnsi, which covers the Nordic letters (å ä ö æ ø and capitals) and
 * most Latin-1; anything else (emoji, Polish ł …) would make drawText throw, so it becomes '?'.
 */
export function winAnsi(text: string): string {
  return text.normalize('NFC').replace(/[^\x20-\x7e\xa0-\xff€–—‘’“”•…]/g, '?');
}

/** Draws `text` wrapped to `maxWidth`; returns the y below the last line. */
export function drawWrapped(page: PDFPage, text: string, opts: { x: number; y: number; size: number; font: PDFFont; maxWidth: number; lineGap?: number }): number {
  const words = winAnsi(text).split(/\s+/).filter(Boolean);
  const lineHeight = opts.size + (opts.lineGap ?? 2);
  let line = '';
  let y = opts.y;
  const flush = () => {
    if (!line) return;
    page.drawText(line, { x: opts.x, y, size: opts.size, font: opts.font, color: rgb(0, 0, 0) });
    y -= lineHeight;
    line = '';
  };
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (opts.font.widthOfTextAtSize(candidate, opts.size) > opts.maxWidth && line) {
      flush();
      line = word;
    } else line = candidate;
  }
  flush();
  return y;
}
