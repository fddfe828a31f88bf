import 'server-only';
import { gte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '@/db';
import { domainEvents, type DomainEventRow } from '@/db/schema';
import { decodeCursor, encodeCursor, isPublicEventType, PUBLIC_EVENT_TYPES, readEventsAfter, type PublicEventType } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { eventsData } from '@/lib/webhooks/build-body';
import { EVENTS_FEED_DAYS, type ApiEvent, type eventListSchema, type ListEventsQuery } from './events-schemas';

export { listEventsQuerySchema } from './events-schemas';

function refuse(field: 'after' | 'types', message: string): never {
  throw new AppError('invalid_input', 'The request is not valid.', { details: { fields: { [field]: [message] } } });
}

function parseTypes(value: string | undefined): PublicEventType[] {
  if (value === undefined || value.trim() === '') return [...PUBLIC_EVENT_TYPES];
  const types = [...new Set(value.split(',').map((t) => t.trim()).filter(Boolean))];
  const unknown = types.filter((t) => !isPublicEventType(t));
  if (unknown.length > 0) refuse('types', `Unknown event type: ${unknown.join(', ')}. Known: ${PUBLIC_EVENT_TYPES.join(', ')}.`);
  return types as PublicEventType[];
}

/**
 * One page of the public event log for a merchant's system: in commit order, from `after`, only the public
 * types and only events of the last 30 days. A page never skips an event that commits later (readEventsAfter).
 */
export async function listApiEvents(db: DbOrTx, query: ListEventsQuery): Promise<z.infer<typeof eventListSchema>> {
  const types = parseTypes(query.types);
  const after = query.after === undefined ? { txId: 0, id: 0 } : (decodeCursor(query.after) ?? refuse('after', 'Use the nextCursor of the previous page.'));
  const rows = await readEventsAfter(db, {
    after,
    limit: query.limit + 1,
    types,
    where: gte(domainEvents.occurredAt, sql`now() - make_interval(days => ${EVENTS_FEED_DAYS})`),
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await apiEventPayloads(db, page),
    nextCursor: last ? encodeCursor(last) : (query.after ?? null),
    hasMore: rows.length > query.limit,
  };
}

/**
 * The public shape of events: `data` is what a webhook of the same event carries (lib/webhooks/build-body.ts): the
 * resource's DTO, or the keys the type publishes, never the staff-only facts of the row.
 */
async function apiEventPayloads(db: DbOrTx, rows: readonly DomainEventRow[]): Promise<ApiEvent[]> {
  const data = await eventsData(db, rows);
  return rows.map((row, i) => ({
    id: row.eventId,
    type: row.type as PublicEventType,
    timestamp: row.occurredAt.toISOString(),
    data: data[i] as Record<string, unknown>,
  }));
}
