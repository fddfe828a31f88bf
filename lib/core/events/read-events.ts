import { and, asc, gt, inArray, or, sql, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { domainEvents, type DomainEventRow } from '@/db/schema';
import type { EventType } from './catalog';

/** A position in the log: the last event read, as `(tx_id, id)` (see db/schema/events.ts for why both). */
export type EventCursor = { txId: number; id: number };

/**
 * The log the worker reads: rows of the catalog's public and internal types. The audit rows that share the table
 * (`audience = 'audit'`) are the staff trail's, never a subscriber's, a webhook's or the events API's. Written as a
 * literal so the planner can use the partial cursor indexes (db/schema/events.ts) in a generic plan too.
 */
export function isPublicEvent(): SQL {
  return sql`${domainEvents.audience} = 'public'`;
}

/**
 * The audit rows of the log (the settings audit list reads only these); a literal, so the partial index on
 * `audience = 'audit'` applies. The case timeline reads a case's rows of every audience.
 */
export function isAuditRow(): SQL {
  return sql`${domainEvents.audience} = 'audit'`;
}

/**
 * The rows of the staff trail (case timeline, privacy export): every row once. A change writes one row, public or
 * audit (record-event.ts); before issue #13's one writer, 22 types wrote an audit row and a public row of the same
 * name in one transaction (same `occurred_at`, the transaction's now()). Such a public row is its audit row's twin and
 * is left out (the `case_events` view, migration 0035, applies the same rule). The twin lookup uses the
 * `occurred_at` index.
 */
export function isTrailRow(): SQL {
  return sql`(${domainEvents.audience} = 'audit' or not exists (
    select 1 from domain_events twin
    where twin.occurred_at = ${domainEvents.occurredAt} and twin.audience = 'audit' and twin.type = ${domainEvents.type}
      and twin.case_id is not distinct from ${domainEvents.caseId} and twin.order_id is not distinct from ${domainEvents.orderId}))`;
}

export const START_OF_LOG: EventCursor = { txId: 0, id: 0 };

/** Cursors leave the API as opaque strings: `<tx_id>_<id>` in base36. */
export function encodeCursor(cursor: EventCursor): string {
  return `${cursor.txId.toString(36)}_${cursor.id.toString(36)}`;
}

export function decodeCursor(value: string): EventCursor | null {
  const match = /^([0-9a-z]{1,13})_([0-9a-z]{1,13})$/.exec(value);
  if (!match?.[1] || !match[2]) return null;
  const txId = parseInt(match[1], 36);
  const id = parseInt(match[2], 36);
  if (!Number.isSafeInteger(txId) || !Number.isSafeInteger(id)) return null;
  return { txId, id };
}

export function cursorOf(row: Pick<DomainEventRow, 'txId' | 'id'>): EventCursor {
  return { txId: row.txId, id: row.id };
}

/**
 * Events after `cursor` in log order, only from transactions that can no longer be overtaken: older than
 * every transaction still running. A row of a running transaction (or one that started before it) waits
 * for the next read, so no reader ever pages past an event that commits later.
 */
export async function readEventsAfter(
  db: DbOrTx,
  options: { after: EventCursor; limit: number; types?: readonly EventType[]; where?: SQL },
): Promise<DomainEventRow[]> {
  const { after, limit, types } = options;
  return db
    .select()
    .from(domainEvents)
    .where(
      and(
        or(gt(domainEvents.txId, after.txId), and(eq(domainEvents.txId, after.txId), gt(domainEvents.id, after.id))),
        isPublicEvent(),
        sql`${domainEvents.txId} < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint`,
        types && types.length > 0 ? inArray(domainEvents.type, [...types]) : undefined,
        options.where,
      ),
    )
    .orderBy(asc(domainEvents.txId), asc(domainEvents.id))
    .limit(limit);
}
