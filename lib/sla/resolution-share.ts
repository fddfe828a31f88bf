import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { cases } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';

export const RESOLUTION_TARGET_SHARE = 0.8;

export type ResolutionShare = { days: number; decided: number; met: number; share: number | null };

/**
 * Share of cases resolved within their resolution target (24 business hours by default) among the
 * cases opened in the last `days` days whose outcome is known: resolved, or past due while still open.
 * Every period asked for in one statement (the SLA tile shows 7 and 30 days).
 */
export async function resolutionShares(ctx: { db: DbOrTx; actor: Actor }, periods: readonly number[], now: Date = new Date()): Promise<ResolutionShare[]> {
  authorize(ctx.actor, 'reports.read');
  if (periods.length === 0) return [];
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  const sinceOf = (days: number) => sql`${new Date(now.getTime() - days * 86_400_000).toISOString()}::timestamptz`;
  const decided = sql`(${cases.resolvedAt} is not null or ${cases.resolutionDueAt} <= ${nowAt})`;
  const met = sql`(${cases.resolvedAt} is not null and ${cases.resolvedAt} <= ${cases.resolutionDueAt})`;
  const columns = periods.map((days) => {
    const opened = sql`${cases.createdAt} >= ${sinceOf(days)}`;
    return sql`count(*) filter (where ${opened} and ${decided})::int, count(*) filter (where ${opened} and ${met})::int`;
  });
  const oldest = sinceOf(Math.max(...periods));
  const [row] = (await ctx.db.execute(sql`
    select json_build_array(${sql.join(columns, sql`, `)}) as counts
    from ${cases}
    where ${cases.createdAt} >= ${oldest} and ${cases.createdAt} <= ${nowAt}
  `)) as unknown as Array<{ counts: number[] }>;
  return periods.map((days, i) => {
    const decidedCount = row?.counts[2 * i] ?? 0;
    const metCount = row?.counts[2 * i + 1] ?? 0;
    return { days, decided: decidedCount, met: metCount, share: decidedCount ? metCount / decidedCount : null };
  });
}
