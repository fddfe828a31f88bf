// GET /staff/reports/{report}/csv?range=…|from=…&to=…&table=…: one report table as CSV (staff session; audited).
import { getDb } from '@/db';
import { requireStaff } from '@/lib/auth/staff-session';
import { invalidInput } from '@/lib/api/errors';
import { AppError, toHttpResponse } from '@/lib/errors';
import { isReportId } from '@/lib/reports/definitions';
import { exportReportCsv } from '@/lib/reports/export-report';
import { rangeQuerySchema, resolveRange } from '@/lib/reports/range';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { toActor } from '@/lib/staff/ctx';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ report: string }> }): Promise<Response> {
  try {
    const staff = await requireStaff();
    const { report } = await params;
    if (!isReportId(report)) throw new AppError('not_found');
    const search = new URL(request.url).searchParams;
    const query = rangeQuerySchema.safeParse({ range: search.get('range') || undefined, from: search.get('from') || undefined, to: search.get('to') || undefined });
    if (!query.success) throw invalidInput(query.error, 'The date range is not valid.');
    const db = getDb();
    const { timeZone } = await readShopSettings(db);
    const { filename, csv } = await exportReportCsv(
      { db, actor: toActor(staff) },
      { report, table: search.get('table') || undefined, query: { range: resolveRange(query.data, timeZone), timeZone, locale: staff.locale } },
    );
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
