import 'server-only';
import type { Db } from '@/db';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import type { ReportRange } from './range';
import { refreshReports, type RefreshResult } from './refresh-reports';
import { authorize } from '@/lib/core/authorize';

/** Staff "Refresh figures": rebuilds the rollups for the days on screen now, and logs who did it. */
export async function refreshReportRange(ctx: { db: Db; actor: Actor }, input: { range: ReportRange; timeZone: string }): Promise<RefreshResult> {
  authorize(ctx.actor, 'reports.read');
  const result = await refreshReports(ctx.db, { from: input.range.from, to: input.range.to, timeZone: input.timeZone });
  await recordEvent(ctx.db, { actor: ctx.actor, type: 'reports.refreshed', data: { from: result.from, to: result.to, durationMs: result.durationMs } });
  return result;
}
