import type { Cell, ReportColumn, ReportRow } from './definitions';

/**
 * RFC 4180 CSV for spreadsheets: UTF-8 BOM (Excel guesses the encoding otherwise), CRLF rows, quotes
 * doubled, and text that a spreadsheet would run as a formula (= + - @, tab, CR) prefixed with an
 * apostrophe. Numbers are plain: money in major units with two decimals, percentages as percent.
 */
export const CSV_BOM = '\uFEFF';

/** `text`: free text that gets the formula guard; numbers (also negative ones) stay numbers. */
export function csvCell(value: Cell, text = true): string {
  if (value == null) return '';
  let out = String(value);
  if (text && /^[=+\-@\t\r]/.test(out)) out = `'${out}`;
  return /[",\r\n]/.test(out) || out !== out.trim() ? `"${out.replaceAll('"', '""')}"` : out;
}

/** The number as written in the CSV for a column's format. */
export function csvValue(column: ReportColumn, row: ReportRow): Cell {
  const value = row[column.key] ?? null;
  if (value == null || column.format === 'text') return value;
  const n = Number(value);
  switch (column.format) {
    case 'money':
      return (n / 100).toFixed(2);
    case 'percent':
      return (n * 100).toFixed(2);
    case 'hours':
    case 'decimal':
      return n.toFixed(2);
    case 'int':
      return n;
  }
}

export function toCsv(header: string[], columns: ReportColumn[], rows: ReportRow[]): string {
  const lines = [header.map((h) => csvCell(h)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(csvValue(c, row), c.format === 'text')).join(','));
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}
