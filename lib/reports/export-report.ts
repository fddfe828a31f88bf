import 'server-only';
import type { DbOrTx } from '@/db';
import type { Actor, Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/core/locales';
import { toCsv } from './csv';
import type { ReportData, ReportId } from './definitions';
import { columnLabel, reportsTranslator, textCell } from './labels';
import { loadReport, type ReportQuery } from './queries';

export type ReportCsv = { table: string; filename: string; csv: string; rows: number };

/** One table of a report as CSV; every export is audited (who, which report, which days, how many rows). */
export async function exportReportCsv(
  ctx: Ctx,
  input: { report: ReportId; table?: string; query: ReportQuery & { locale: Locale } },
): Promise<{ filename: string; csv: string; rows: number }> {
  const data = await loadReport(ctx.db, ctx.actor, input.report, input.query);
  const table = input.table ? data.tables.find((t) => t.id === input.table) : data.tables[0];
  if (!table) throw new AppError('not_found');
  const [file] = await reportCsvFiles(ctx.db, ctx.actor, data, { tables: [table.id], query: input.query });
  return { filename: file!.filename, csv: file!.csv, rows: file!.rows };
}

/**
 * Tables of a loaded report as CSV files (all of them without `tables`), each audited as `report.exported`
 * like a download: the download route and the scheduled email (`audit` adds the schedule's facts).
 */
export async function reportCsvFiles(
  db: DbOrTx,
  actor: Actor,
  data: ReportData,
  input: { tables?: readonly string[]; query: ReportQuery & { locale: Locale }; audit?: Record<string, string | number> },
): Promise<ReportCsv[]> {
  const t = await reportsTranslator(input.query.locale);
  const { from, to } = input.query.range;
  const files: ReportCsv[] = [];
  for (const table of data.tables.filter((tb) => !input.tables || input.tables.includes(tb.id))) {
    const rows = table.rows.map((row) => ({ ...row, ...Object.fromEntries(table.columns.filter((c) => c.format === 'text').map((c) => [c.key, textCell(t, c, row)])) }));
    const csv = toCsv(
      table.columns.map((c) => columnLabel(t, c)),
      table.columns,
      rows,
    );
    await recordEvent(db, { actor, type: 'report.exported', data: { report: data.id, table: table.id, from, to, rows: rows.length, ...input.audit } });
    files.push({ table: table.id, filename: `paluu-${data.id}-${table.id}-${from}_${to}.csv`, csv, rows: rows.length });
  }
  return files;
}
