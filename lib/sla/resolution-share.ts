import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { cases } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';

export const RESOLUTION_TARGET_SHARE = 0.8;

/**
 * Share of cases resolved within their resolution target (24 business hours by default) among the
 * cases opened in the last `days` days whose outcome is known: resolved, or past due while still open.
 */
export async function resolutionShare(ctx: { db: DbOrTx; actor: Actor }, days: number, now: Date = new Date()): Promise<{ days: number; decided: number; met: number; share: number | null }> {
  authorize(ctx.actor, 'reports.read');
  const since = new Date(now.getTime() - days * 86_400_000);
  const [row] = await ctx.db
    .select({
      decided: sql<number>`count(*) filter (where ${cases.resolvedAt} is not null or ${cases.resolutionDueAt} <= ${now.toISOString()}::timestamptz)::int`,
      met: sql<number>`count(*) filter (where ${cases.resolvedAt} is not null and ${cases.resolvedAt} <= ${cases.resolutionDueAt})::int`,
    })
    .from(cases)
    .where(sql`${cases.createdAt} >= ${since.toISOString()}::timestamptz and ${cases.createdAt} <= ${now.toISOString()}::timestamptz`);
  const decided = row?.decided ?? 0;
  const met = row?.met ?? 0;
  return { days, decided, met, share: decided ? met / decided : null };
}
