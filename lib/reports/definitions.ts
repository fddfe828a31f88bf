/** The reports, their tables and charts: shared by the pages, the CSV export and the tests. */
export const REPORT_IDS = ['returns', 'reasons', 'revenue', 'sla', 'csat', 'delays', 'wismo'] as const;
export type ReportId = (typeof REPORT_IDS)[number];
export function isReportId(value: string): value is ReportId {
  return (REPORT_IDS as readonly string[]).includes(value);
}

/** percent: a ratio 0..1; money: minor units of the row's `currency`; hours: a decimal number of hours. */
export type ColumnFormat = 'text' | 'int' | 'percent' | 'money' | 'hours' | 'decimal';
/** `label` is a key under staffReports.columns, or, with `literal`, the text itself (reason codes, agent names). */
export type ReportColumn = { key: string; label: string; literal?: boolean; format: ColumnFormat };
export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;
export type ReportTable = { id: string; columns: ReportColumn[]; rows: ReportRow[] };
/** A chart draws some columns of one table; the table itself is the chart's text alternative. */
export type ReportChart = { table: string; kind: 'bar' | 'line'; x: string; series: string[]; stacked?: boolean };
export type ReportData = { id: ReportId; tables: ReportTable[]; charts: ReportChart[] };

export const col = (key: string, format: ColumnFormat, label = key): ReportColumn => ({ key, label, format });
