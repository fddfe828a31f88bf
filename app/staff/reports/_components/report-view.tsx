import Link from 'next/link';
import type { Locale } from '@/lib/i18n/locales';
import { type RegionalFormat, regionalFormat } from '@/lib/i18n/format';
import { belowSample, MIN_SAMPLE, tablePage, type Cell, type ReportColumn, type ReportData, type ReportRow, type ReportTable } from '@/lib/reports/definitions';
import { columnLabel, textCell, type ReportsT } from '@/lib/reports/labels';
import type { ReportRange } from '@/lib/reports/range';
import { ReportChart, type ChartPoint } from './report-chart';
import { Cell as TableCell, DataTable, Row, RowHeader } from '../../_ui/data-table';

/** Query string of the range on screen, for links (CSV, other reports). */
export function rangeSearch(range: ReportRange): string {
  return range.preset === 'custom' ? `range=custom&from=${range.from}&to=${range.to}` : `range=${range.preset}`;
}

/** The search parameter of a table's page on screen (each table pages on its own). */
const pageParam = (table: ReportTable) => `${table.id}Page`;

function periodText(format: RegionalFormat, range: ReportRange, value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  return range.granularity === 'month'
    ? format.dateTime(date, { month: 'short', year: 'numeric', timeZone: 'UTC' })
    : format.dateTime(date, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

function cellText(t: ReportsT, format: RegionalFormat, range: ReportRange, column: ReportColumn, row: ReportRow): string {
  const value: Cell = row[column.key] ?? null;
  if (value == null || belowSample(column, row)) return '—';
  if (column.key === 'period') return periodText(format, range, String(value));
  const n = Number(value);
  switch (column.format) {
    case 'text':
      return String(textCell(t, column, row) ?? '—');
    case 'int':
      return format.number(n);
    case 'percent':
      return format.number(n, { style: 'percent', maximumFractionDigits: 1 });
    case 'money':
      return format.money(n, String(row.currency ?? 'EUR'));
    case 'hours':
    case 'decimal':
      return format.number(n, { maximumFractionDigits: 2 });
  }
}

const CHART_POINTS = 24;

/**
 * Every table of a report, each with its chart(s) above it and its CSV download below. A long table shows
 * TABLE_PAGE_SIZE rows a page (`<table>Page` in the URL; the charts draw the top rows, the CSV has all).
 */
export async function ReportView({ t, data, range, locale, pages }: { t: ReportsT; data: ReportData; range: ReportRange; locale: Locale; pages: Record<string, unknown> }) {
  const format = regionalFormat(locale);
  const tableTitle = (table: ReportTable) => t(`tables.${data.id}.${table.id}` as Parameters<ReportsT>[0]);
  /** The URL of this report with `table` on `page` and every other table where it is. */
  const pageHref = (table: ReportTable, page: number) => {
    const params = new URLSearchParams(rangeSearch(range));
    for (const other of data.tables) {
      const n = other === table ? page : Number(pages[pageParam(other)] ?? 1);
      if (n > 1) params.set(pageParam(other), String(n));
    }
    return `?${params.toString()}#report-${table.id}`;
  };
  return (
    <div className="space-y-4">
      {data.tables.map((table) => {
        const title = tableTitle(table);
        const headingId = `report-${table.id}`;
        const charts = data.charts.filter((c) => c.table === table.id && table.rows.length > 0);
        const shown = tablePage(table.rows, pages[pageParam(table)]);
        const hidesSmall = table.columns.some((c) => c.sample && table.rows.some((row) => row[c.key] != null && belowSample(c, row)));
        return (
          <section key={table.id} aria-labelledby={headingId} data-testid={`report-table-${table.id}`} className="space-y-2 rounded-lg border border-[var(--color-line)] bg-white p-3 sm:p-4">
            <h2 id={headingId} className="text-lg font-semibold">
              {title}
            </h2>
            {charts.map((chart, i) => {
              const xColumn = table.columns.find((c) => c.key === chart.x)!;
              const points: ChartPoint[] = table.rows.slice(0, chart.x === 'period' ? undefined : CHART_POINTS).map((row) => {
                const point: ChartPoint = { label: cellText(t, format, range, xColumn, row) };
                for (const key of chart.series) {
                  const column = table.columns.find((c) => c.key === key)!;
                  const v = row[key];
                  point[key] = v == null || belowSample(column, row) ? null : column.format === 'money' ? Number(v) / 100 : Number(v);
                }
                return point;
              });
              const series = chart.series.map((key) => {
                const column = table.columns.find((c) => c.key === key)!;
                return { key, name: columnLabel(t, column), format: column.format === 'percent' ? ('percent' as const) : ('number' as const) };
              });
              return (
                <figure key={i} className="m-0">
                  <ReportChart kind={chart.kind} data={points} series={series} stacked={chart.stacked} locale={locale} />
                  <figcaption className="text-sm text-[var(--color-muted)]">{t('chartCaption', { title })}</figcaption>
                </figure>
              );
            })}
            <DataTable
              caption={title}
              columns={table.columns.map((c) => ({ key: c.key, label: columnLabel(t, c), className: `align-bottom ${c.format === 'text' ? '' : 'text-right'}` }))}
              empty={t('noData')}
            >
              {shown.rows.map((row, r) => (
                <Row key={r}>
                  {table.columns.map((c, i) =>
                    i === 0 ? (
                      <RowHeader key={c.key} className={c.format === 'text' ? '' : 'text-right'}>
                        {cellText(t, format, range, c, row)}
                      </RowHeader>
                    ) : (
                      <TableCell key={c.key} className={c.format === 'text' ? '' : 'text-right tabular-nums'}>
                        {cellText(t, format, range, c, row)}
                      </TableCell>
                    ),
                  )}
                </Row>
              ))}
            </DataTable>
            {hidesSmall && <p className="text-sm text-[var(--color-muted)]">{t('sampleNote', { min: MIN_SAMPLE })}</p>}
            {shown.pages > 1 && (
              <nav aria-label={t('pager.label', { table: title })} className="flex flex-wrap items-center gap-3 text-sm">
                {shown.page > 1 && (
                  <Link href={pageHref(table, shown.page - 1)} className="inline-flex min-h-11 items-center underline">
                    {t('pager.previous')}
                  </Link>
                )}
                <p aria-live="polite">{t('pager.rows', { first: shown.first, last: shown.last, total: shown.total })}</p>
                {shown.page < shown.pages && (
                  <Link href={pageHref(table, shown.page + 1)} className="inline-flex min-h-11 items-center underline">
                    {t('pager.next')}
                  </Link>
                )}
              </nav>
            )}
            <p>
              <Link href={`/staff/reports/${data.id}/csv?${rangeSearch(range)}&table=${table.id}`} prefetch={false} download className="inline-flex min-h-11 items-center underline">
                {t('downloadCsvOf', { table: title })}
              </Link>
            </p>
          </section>
        );
      })}
    </div>
  );
}
