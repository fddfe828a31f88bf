import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { eventSubscriptions, type DomainEventRow } from '@/db/schema';
import type { EventType } from './catalog';
import { cursorOf, readEventsAfter, type EventCursor } from './read-events';

/**
 * What follows from an event, run by the worker from the event log (not inside the writer's transaction).
 *
 * - At least once, in log order: each subscriber keeps its own cursor in `event_subscriptions`.
 * - `handle` runs in the same transaction that moves the cursor, so its database writes (an outbox row, a
 *   delivery row, a delay check) happen exactly once; anything it does outside the database must be
 *   idempotent by `event.eventId`. Handlers do no network I/O: they write rows that a dispatcher sends.
 * - A failing event stops its subscriber (later events wait, which keeps order per aggregate); the error is
 *   kept on the subscription row and the event is retried on the next run.
 */
export type Subscriber = {
  /** Stable: it names the cursor row. Renaming a subscriber replays the log from its start. */
  name: string;
  types: readonly EventType[];
  handle: (tx: Tx, event: DomainEventRow) => Promise<void>;
};

export type SubscriberRun = { name: string; handled: number; failed: boolean; busy: boolean };

/** Reads and handles what is new for one subscriber, `batch` events per transaction, until caught up. */
export async function runSubscriber(db: Db, subscriber: Subscriber, options: { batch?: number } = {}): Promise<SubscriberRun> {
  const batch = options.batch ?? 200;
  await db.insert(eventSubscriptions).values({ name: subscriber.name }).onConflictDoNothing();
  let handled = 0;
  for (;;) {
    let failure: { eventId: number; message: string } | null = null;
    const outcome = await db.transaction(async (tx) => {
      // One worker per subscriber at a time; another worker skips it instead of waiting.
      const [row] = await tx
        .select()
        .from(eventSubscriptions)
        .where(eq(eventSubscriptions.name, subscriber.name))
        .for('update', { skipLocked: true });
      if (!row) return { busy: true, read: 0, done: 0 };
      const events = await readEventsAfter(tx, {
        after: { txId: row.cursorTxId, id: row.cursorId },
        limit: batch,
        types: subscriber.types,
      });
      let cursor: EventCursor | null = null;
      let done = 0;
      for (const event of events) {
        try {
          // A savepoint per event: a failure undoes that event's writes only, and the ones before it commit.
          await tx.transaction((inner) => subscriber.handle(inner, event));
        } catch (error) {
          failure = { eventId: event.id, message: error instanceof Error ? error.message : String(error) };
          break;
        }
        cursor = cursorOf(event);
        done += 1;
      }
      const failed = failure as { eventId: number; message: string } | null;
      await tx
        .update(eventSubscriptions)
        .set({
          ...(cursor ? { cursorTxId: cursor.txId, cursorId: cursor.id } : {}),
          lastError: failed ? failed.message.slice(0, 2000) : null,
          failingEventId: failed ? failed.eventId : null,
          failedAt: failed ? sql`now()` : null,
        })
        .where(eq(eventSubscriptions.name, subscriber.name));
      return { busy: false, read: events.length, done };
    });
    handled += outcome.done;
    if (outcome.busy) return { name: subscriber.name, handled, failed: false, busy: true };
    if (failure) return { name: subscriber.name, handled, failed: true, busy: false };
    if (outcome.read < batch) return { name: subscriber.name, handled, failed: false, busy: false };
  }
}
