import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { domainEvents, eventSubscriptions } from '../db/schema';
import { runSubscriber, type Subscriber } from '../lib/core/events/subscriber';

/**
 * Runs a real subscriber's handler over one order's events, the way the worker does (runSubscriber: cursor,
 * transaction, savepoint per event), under a cursor of its own that starts at the order's first event: the log
 * is shared by every test file, and the worker's own cursor must not send other tests' emails. Waits until the
 * order's last event is handled (an event becomes readable once every older transaction has ended).
 * Each call is a fresh cursor, like a replay after a crash: calling it twice must not do things twice.
 */
export async function runSubscriberFor(db: Db, subscriber: Subscriber, orderId: string): Promise<void> {
  // Public events only: the audit rows that share the log (audience 'audit') are never a subscriber's.
  const mine = and(eq(domainEvents.orderId, orderId), eq(domainEvents.audience, 'public'), inArray(domainEvents.type, [...subscriber.types]));
  const [first] = await db.select({ txId: domainEvents.txId }).from(domainEvents).where(mine).orderBy(domainEvents.txId).limit(1);
  const [last] = await db.select({ txId: domainEvents.txId, id: domainEvents.id }).from(domainEvents).where(mine).orderBy(desc(domainEvents.txId), desc(domainEvents.id)).limit(1);
  if (!first || !last) return;
  const name = `test-${randomUUID()}`;
  await db.insert(eventSubscriptions).values({ name, cursorTxId: first.txId - 1, cursorId: 0 });
  const scoped: Subscriber = { ...subscriber, name, handle: (tx, event) => (event.orderId === orderId ? subscriber.handle(tx, event) : Promise.resolve()) };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await runSubscriber(db, scoped);
    if (run.failed) {
      const [row] = await db.select().from(eventSubscriptions).where(eq(eventSubscriptions.name, name));
      throw new Error(`subscriber ${subscriber.name} failed: ${row?.lastError}`);
    }
    const [done] = await db
      .select({ ok: sql<boolean>`(${eventSubscriptions.cursorTxId}, ${eventSubscriptions.cursorId}) >= (${last.txId}::bigint, ${last.id}::bigint)` })
      .from(eventSubscriptions)
      .where(eq(eventSubscriptions.name, name));
    if (done?.ok) break;
    if (Date.now() > deadline) throw new Error(`subscriber ${subscriber.name} did not reach the order's last event`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await db.delete(eventSubscriptions).where(eq(eventSubscriptions.name, name));
}
