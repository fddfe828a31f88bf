import 'server-only';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import type { Locale } from '@/lib/core/locales';
import { toCsv } from './csv';
import type { ReportId } from './definitions';
import { columnLabel, reportsTranslator, textCell } from './labels';
import { loadReport, type ReportQuery } from './queries';

/** One table of a report as CSV; every export is audited (who, which report, which days, how many rows). */
export async function exportReportCsv(
  ctx: Ctx,
  input: { report: ReportId; table?: string; query: ReportQuery & { locale: Locale } },
): Promise<{ filename: string; csv: string; rows: number }> {
  const data = await loadReport(ctx.db, ctx.actor, input.report, input.query);
  const table = input.table ? data.tables.find((t) => t.id === input.table) : data.tables[0];
  if (!table) throw new AppError('not_found');
  const t = await reportsTranslator(input.query.locale);
  const rows = table.rows.map((row) => ({ ...row, ...Object.fromEntries(table.columns.filter((c) => c.format === 'text').map((c) => [c.key, textCell(t, c, row)])) }));
  const csv = toCsv(
    table.columns.map((c) => columnLabel(t, c)),
    table.columns,
    rows,
  );
  const { from, to } = input.query.range;
  await recordEvent(ctx.db, { actor: ctx.actor, type: 'report.exported', data: { report: input.report, table: table.id, from, to, rows: rows.length } });
  return { filename: `paluu-${input.report}-${table.id}-${from}_${to}.csv`, csv, rows: rows.length };
}
