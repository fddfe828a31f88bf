'use server';

import { getShopSettings } from '@/lib/settings/shop';
import { rangeQuerySchema, resolveRange } from '@/lib/reports/range';
import { refreshReportRange } from '@/lib/reports/refresh-report-range';
import { staffCtx } from '@/lib/staff/ctx';
import { runStaffAction, type StaffActionState } from '../_components/staff-action';

/** "Refresh figures" on a report page: rebuilds the rollups for the days on screen. */
export async function refreshReportsAction(input: { range?: string; from?: string; to?: string }): Promise<StaffActionState> {
  return runStaffAction(async () => {
    const ctx = await staffCtx();
    const { timeZone } = await getShopSettings();
    const range = resolveRange(rangeQuerySchema.parse(input), timeZone);
    const r = await refreshReportRange(ctx, { range, timeZone });
    return { ok: true, done: 'done', values: { from: r.from, to: r.to } };
  });
}
