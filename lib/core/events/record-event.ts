import type { DbOrTx } from '@/db';
import { domainEvents } from '@/db/schema';
import { actorColumns, type Actor } from '@/lib/core/actor';
import { currentRequestId } from '../request-context';
import { EVENT_CATALOG, type EventData, type EventType } from './catalog';

/** `data` may be left out only where the type's schema needs no key (`csat.sent`, `staff.logged_in` …). */
type DataOf<T extends EventType> = Record<never, never> extends EventData<T> ? { data?: EventData<T> } : { data: EventData<T> };

type EventInputOf<T extends EventType> = {
  actor: Actor;
  /** One of the catalog's types (`<entity>.<past_tense>`, e.g. `return.requested`). */
  type: T;
  /** Set when the event belongs to a support case (the case timeline reads the case's rows). */
  caseId?: string | null;
  /** The order it belongs to; default: `data.orderId`. */
  orderId?: string | null;
  /** When it happened, for history written after the fact (the demo seed); default: now. */
  occurredAt?: Date;
} & DataOf<T>;

/** One event's input; `data` is checked against its type's schema (at compile time and on write). */
export type RecordEventInput = { [T in EventType]: EventInputOf<T> }[EventType];

/**
 * A `data` that does not match its schema throws outside production (tests and development catch a writer
 * that drifts from the catalog). In production it is logged and the row is written as given: the event shares
 * the transaction of the customer's return or refund, and a bookkeeping shape must not roll that back.
 */
const STRICT = process.env.NODE_ENV !== 'production';

export class EventDataError extends Error {
  constructor(type: string, issues: string) {
    super(`Event ${type}: data does not match lib/core/events/catalog.ts (${issues})`);
    this.name = 'EventDataError';
  }
}

function rowOf(input: RecordEventInput, requestId: string | null) {
  const definition = EVENT_CATALOG[input.type] as (typeof EVENT_CATALOG)[EventType] | undefined;
  if (!definition) throw new EventDataError(String(input.type), 'unknown type');
  let data = (input.data ?? {}) as Record<string, unknown>;
  const checked = definition.data.safeParse(data);
  if (checked.success) data = checked.data as Record<string, unknown>;
  else {
    const issues = checked.error.issues.map((i) => `${i.path.join('.') || '_'}: ${i.message}`).join('; ');
    if (STRICT) throw new EventDataError(input.type, issues);
    console.error(`[events] ${input.type}: data does not match its schema (${issues}); written as given`);
  }
  const orderId = input.orderId ?? (typeof data.orderId === 'string' ? data.orderId : null);
  const caseId = input.caseId ?? (typeof data.caseId === 'string' ? data.caseId : null);
  const common = {
    type: input.type,
    aggregateType: definition.aggregate,
    orderId,
    caseId,
    ...actorColumns(input.actor),
    data,
    requestId,
    ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
  };
  if (definition.audience === 'audit') {
    return {
      ...common,
      // The case, else the order (the rule of migration 0034's copied history).
      aggregateId: caseId ?? orderId,
      audience: 'audit' as const,
      // tx_id 0, like the copied history: a previous release's worker still running during a rolling deploy pages
      // the log by (tx_id, id) without knowing `audience`, and would otherwise send audit rows out as webhooks.
      txId: 0,
    };
  }
  const aggregateId = data[`${definition.aggregate}Id`] ?? data.returnId ?? orderId;
  return { ...common, aggregateId: typeof aggregateId === 'string' ? aggregateId : null, audience: 'public' as const };
}

/**
 * The one writer of the event log. Call it inside the transaction that makes the change: the event exists
 * exactly when the change does, one row per change. Returns the event id.
 */
export async function recordEvent(db: DbOrTx, input: RecordEventInput): Promise<string> {
  const [eventId] = await recordEvents(db, [input]);
  return eventId!;
}

/** Several events in one INSERT (a batch ingest writes one statement, not one per parcel). */
export async function recordEvents(db: DbOrTx, inputs: readonly RecordEventInput[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const requestId = currentRequestId() ?? null;
  const written = await db
    .insert(domainEvents)
    .values(inputs.map((input) => rowOf(input, requestId)))
    .returning({ eventId: domainEvents.eventId });
  return written.map((row) => row.eventId);
}
