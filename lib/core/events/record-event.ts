import type { DbOrTx } from '@/db';
import { domainEvents } from '@/db/schema';
import { actorColumns, type Actor } from '@/lib/core/actor';
import { currentRequestId } from '../request-context';
import { EVENT_CATALOG, type DomainEvent } from './catalog';

export type RecordEventInput = DomainEvent & {
  actor: Actor;
  /** Set when the event belongs to a support case (the case timeline reads it). */
  caseId?: string | null;
};

/**
 * The one writer of the event log. Call it inside the transaction that makes the change: the event
 * exists exactly when the change does. Returns the public event id.
 */
export async function recordEvent(db: DbOrTx, input: RecordEventInput): Promise<string> {
  const [eventId] = await recordEvents(db, [input]);
  return eventId!;
}

/** Several events in one INSERT (a batch ingest writes one statement, not one per parcel). */
export async function recordEvents(db: DbOrTx, inputs: readonly RecordEventInput[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const requestId = currentRequestId() ?? null;
  const rows = inputs.map((input) => {
    const definition = EVENT_CATALOG[input.type];
    const data = definition.data.parse(input.data) as Record<string, unknown>;
    const aggregateId = data[`${definition.aggregate}Id`] ?? data.returnId ?? data.orderId ?? null;
    return {
      type: input.type,
      aggregateType: definition.aggregate,
      aggregateId: typeof aggregateId === 'string' ? aggregateId : null,
      orderId: typeof data.orderId === 'string' ? data.orderId : null,
      caseId: input.caseId ?? (typeof data.caseId === 'string' ? data.caseId : null),
      ...actorColumns(input.actor),
      data,
      requestId,
    };
  });
  const written = await db.insert(domainEvents).values(rows).returning({ eventId: domainEvents.eventId });
  return written.map((row) => row.eventId);
}
