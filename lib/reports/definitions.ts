/** The reports, their tables and charts: shared by the pages, the CSV export and the tests. */
export const REPORT_IDS = ['returns', 'reasons', 'revenue', 'sla', 'team', 'csat', 'delays', 'wismo'] as const;
export type ReportId = (typeof REPORT_IDS)[number];
/** Each report's tables, in the order the page shows them (the scheduled email sends one CSV per table). */
export const REPORT_TABLES: Record<ReportId, readonly string[]> = {
  returns: ['byProduct', 'byReason', 'byMarket', 'byCarrier'],
  reasons: ['overTime', 'totals'],
  revenue: ['byPeriod', 'byMarket'],
  sla: ['byPeriod', 'byType', 'firstResponse', 'backlog'],
  team: ['byAgent', 'byHour'],
  csat: ['overall', 'byAgent', 'byPeriod', 'byCause', 'bySlaOutcome'],
  delays: ['byCarrier', 'byKind', 'byPeriod'],
  wismo: ['total', 'byPeriod'],
};
export function isReportId(value: string): value is ReportId {
  return (REPORT_IDS as readonly string[]).includes(value);
}

/** percent: a ratio 0..1; money: minor units of the row's `currency`; hours: a decimal number of hours. */
export type ColumnFormat = 'text' | 'int' | 'percent' | 'money' | 'hours' | 'decimal';
/**
 * `label` is a key under staffReports.columns, or, with `literal`, the text itself (reason codes, agent names).
 * `sample`: for a rate or an average, the column that counts what it is taken over (units sold, cases,
 * answers); the page shows the figure only from MIN_SAMPLE up (the CSV keeps every figure with its count).
 */
export type ReportColumn = { key: string; label: string; literal?: boolean; format: ColumnFormat; sample?: string };
export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;
export type ReportTable = { id: string; columns: ReportColumn[]; rows: ReportRow[] };
/** A chart draws some columns of one table; the table itself is the chart's text alternative. */
export type ReportChart = { table: string; kind: 'bar' | 'line'; x: string; series: string[]; stacked?: boolean };
export type ReportData = { id: ReportId; tables: ReportTable[]; charts: ReportChart[] };

export const col = (key: string, format: ColumnFormat, label = key): ReportColumn => ({ key, label, format });
/** A rate or average of `sample` (see ReportColumn). */
export const rateCol = (key: string, format: ColumnFormat, sample: string, label = key): ReportColumn => ({ key, label, format, sample });

/**
 * Fewer than this many units, cases or answers and a rate says nothing (one return of one sale is "100 %"):
 * the page shows "—" and says why.
 */
export const MIN_SAMPLE = 10;

/** The columns of a series over time: each period shows its figure whatever the count (a quiet day is still a day). */
export const withoutSample = (columns: ReportColumn[]): ReportColumn[] => columns.map(({ sample: _, ...column }) => column);

/** Whether a row's figure in `column` rests on too few cases to show. */
export function belowSample(column: ReportColumn, row: ReportRow): boolean {
  return column.sample !== undefined && Number(row[column.sample] ?? 0) < MIN_SAMPLE;
}

/** Rows per page of a report table on screen (the CSV has them all). */
export const TABLE_PAGE_SIZE = 25;

export type TablePage = { rows: ReportRow[]; page: number; pages: number; first: number; last: number; total: number };

/** One page of a table's rows; a page number out of range (or not a number) shows the nearest page. */
export function tablePage(rows: ReportRow[], requested: unknown, size = TABLE_PAGE_SIZE): TablePage {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const n = Number.parseInt(String(requested ?? '1'), 10);
  const page = Number.isFinite(n) ? Math.min(Math.max(n, 1), pages) : 1;
  const start = (page - 1) * size;
  const slice = rows.slice(start, start + size);
  return { rows: slice, page, pages, first: slice.length ? start + 1 : 0, last: start + slice.length, total: rows.length };
}
