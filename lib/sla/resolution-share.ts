import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db';
import { preparedSql } from '@/db/prepared';
import { cases } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';

export const RESOLUTION_TARGET_SHARE = 0.8;

export type ResolutionShare = { days: number; decided: number; met: number; share: number | null };

/** The statement for `periods`; its instants (ISO text) are `value('now')` and `value('since<days>')`. */
function sharesSql(periods: readonly number[], value: (name: string) => unknown): SQL {
  const nowAt = sql`${value('now')}::timestamptz`;
  const sinceOf = (days: number) => sql`${value(`since${days}`)}::timestamptz`;
  const decided = sql`(${cases.resolvedAt} is not null or ${cases.resolutionDueAt} <= ${nowAt})`;
  const met = sql`(${cases.resolvedAt} is not null and ${cases.resolvedAt} <= ${cases.resolutionDueAt})`;
  const columns = periods.map((days) => {
    const opened = sql`${cases.createdAt} >= ${sinceOf(days)}`;
    return sql`count(*) filter (where ${opened} and ${decided})::int, count(*) filter (where ${opened} and ${met})::int`;
  });
  return sql`
    select json_build_array(${sql.join(columns, sql`, `)}) as counts
    from ${cases}
    where ${cases.createdAt} >= ${sinceOf(Math.max(...periods))} and ${cases.createdAt} <= ${nowAt}
  `;
}

// The staff queue shows the tile on every view: its statement is prepared once per set of periods.
const preparedShares = new Map<string, ReturnType<typeof preparedSql<{ counts: number[] }>>>();

/**
 * Share of cases resolved within their resolution target (24 business hours by default) among the
 * cases opened in the last `days` days whose outcome is known: resolved, or past due while still open.
 * Every period asked for in one statement (the SLA tile shows 7 and 30 days).
 */
export async function resolutionShares(ctx: { db: DbOrTx; actor: Actor }, periods: readonly number[], now: Date = new Date()): Promise<ResolutionShare[]> {
  authorize(ctx.actor, 'reports.read');
  if (periods.length === 0) return [];
  const values: Record<string, string> = { now: now.toISOString() };
  for (const days of periods) values[`since${days}`] = new Date(now.getTime() - days * 86_400_000).toISOString();
  let rows: Array<{ counts: number[] }>;
  // A prepared statement runs on the pool, so inside a transaction (the tests, a report) the statement is built here.
  if (ctx.db instanceof PgTransaction) {
    rows = (await ctx.db.execute(sharesSql(periods, (name) => values[name]))) as unknown as typeof rows;
  } else {
    const key = periods.join(',');
    let statement = preparedShares.get(key);
    if (!statement) preparedShares.set(key, (statement = preparedSql<{ counts: number[] }>(() => sharesSql(periods, (name) => sql.placeholder(name)))));
    rows = await statement(ctx.db, values);
  }
  const [row] = rows;
  return periods.map((days, i) => {
    const decidedCount = row?.counts[2 * i] ?? 0;
    const metCount = row?.counts[2 * i + 1] ?? 0;
    return { days, decided: decidedCount, met: metCount, share: decidedCount ? metCount / decidedCount : null };
  });
}
