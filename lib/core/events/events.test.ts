import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { domainEvents, eventSubscriptions, type DomainEventRow } from '@/db/schema';
import { createOrder } from '@/test/factories';
import { testDb } from '@/test/db';
import { decodeCursor, encodeCursor, readEventsAfter, START_OF_LOG } from './read-events';
import { recordEvent } from './record-event';
import { runSubscriber, type Subscriber, type SubscriberRun } from './subscriber';

const system = { type: 'system' } as const;

/** A subscriber that sees only this test's order (the log is shared by every test file). */
function collecting(orderId: string, fail?: (event: DomainEventRow) => boolean) {
  const seen: string[] = [];
  const subscriber: Subscriber = {
    name: `test-${randomUUID()}`,
    types: ['return.requested', 'return.approved', 'order.upserted'],
    async handle(_tx, event) {
      if (event.orderId !== orderId) return;
      if (fail?.(event)) throw new Error(`cannot handle ${event.type}`);
      seen.push(event.type);
    },
  };
  return { subscriber, seen };
}

/**
 * The log's readers stop before any transaction still in flight, another test file's included (files may run
 * at once): so run the subscriber until `done` holds, as the worker's next ticks would, and fail after 15 s.
 */
async function runUntil(subscriber: Subscriber, done: (run: SubscriberRun) => boolean, options?: { batch?: number }) {
  await expect.poll(async () => done(await runSubscriber(testDb(), subscriber, options)), { timeout: 15_000, interval: 100 }).toBe(true);
}

describe('the domain-event log', () => {
  it('refuses an event whose data does not match its type, and writes nothing', async () => {
    const order = await createOrder(testDb());
    await expect(
      // @ts-expect-error: returnId is missing, which the type system also says
      recordEvent(testDb(), { type: 'return.approved', actor: system, data: { orderId: order.id } }),
    ).rejects.toThrow();
    const rows = await testDb().select().from(domainEvents).where(eq(domainEvents.orderId, order.id));
    expect(rows).toEqual([]);
  });

  it('stores the aggregate, the order and the actor, and keeps extra facts', async () => {
    const order = await createOrder(testDb());
    const returnId = randomUUID();
    const eventId = await recordEvent(testDb(), {
      type: 'return.approved',
      actor: { type: 'staff', staffId: randomUUID(), role: 'agent' },
      data: { returnId, orderId: order.id, rma: 'R10001' },
    });
    const [row] = await testDb().select().from(domainEvents).where(eq(domainEvents.eventId, eventId));
    expect(row!).toMatchObject({ type: 'return.approved', aggregateType: 'return', aggregateId: returnId, orderId: order.id, actorType: 'staff' });
    expect(row!.data).toEqual({ returnId, orderId: order.id, rma: 'R10001' });
  });

  it('never lets a reader page past an event whose transaction commits later', async () => {
    const order = await createOrder(testDb());
    const url = process.env.DATABASE_URL!;
    const slow = postgres(url, { max: 1, onnotice: () => {} });
    const quick = postgres(url, { max: 1, onnotice: () => {} });
    try {
      // The slow transaction takes its id first, the quick one commits first.
      const reserved = slow.reserve();
      const s = await reserved;
      await s`begin`;
      await s`insert into domain_events (type, aggregate_type, aggregate_id, order_id, actor_type, data)
               values ('order.upserted', 'order', ${order.id}, ${order.id}, 'system', ${s.json({ orderId: order.id, n: 1 })})`;
      await quick`insert into domain_events (type, aggregate_type, aggregate_id, order_id, actor_type, data)
                  values ('order.upserted', 'order', ${order.id}, ${order.id}, 'system', ${quick.json({ orderId: order.id, n: 2 })})`;
      const mine = async (after = START_OF_LOG) =>
        (await readEventsAfter(testDb(), { after, limit: 100_000, types: ['order.upserted'], where: eq(domainEvents.orderId, order.id) }));
      // While the slow transaction runs, neither is readable: the quick one could otherwise be paged past.
      expect(await mine()).toEqual([]);
      await s`commit`;
      s.release();
      // Readable now, once no other file's transaction begun before the commit is still in flight.
      await expect.poll(async () => (await mine()).length, { timeout: 15_000, interval: 100 }).toBe(2);
      const both = await mine();
      expect(both.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
      // A cursor taken after the first event still yields the second.
      expect((await mine({ txId: both[0]!.txId, id: both[0]!.id })).map((e) => (e.data as { n: number }).n)).toEqual([2]);
    } finally {
      await slow.end();
      await quick.end();
    }
  });

  it('round-trips cursors and refuses malformed ones', () => {
    const cursor = { txId: 912_345, id: 77 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const bad of ['', '12', 'x_y_z', '_1', '1_', 'ZZ_1', '1'.repeat(20) + '_1']) expect(decodeCursor(bad)).toBeNull();
  });
});

describe('event subscribers', () => {
  it('handle every event once, in order, and resume from their cursor', async () => {
    const order = await createOrder(testDb());
    const { subscriber, seen } = collecting(order.id);
    const returnId = randomUUID();
    await recordEvent(testDb(), { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await recordEvent(testDb(), { type: 'return.requested', actor: system, data: { returnId, orderId: order.id } });
    await runUntil(subscriber, () => seen.length >= 2, { batch: 1 });
    expect(seen).toEqual(['order.upserted', 'return.requested']);
    await recordEvent(testDb(), { type: 'return.approved', actor: system, data: { returnId, orderId: order.id } });
    await runUntil(subscriber, () => seen.length >= 3);
    await runSubscriber(testDb(), subscriber);
    expect(seen).toEqual(['order.upserted', 'return.requested', 'return.approved']);
  });

  it('stop at a failing event, keep the error, and retry it (later events wait)', async () => {
    const order = await createOrder(testDb());
    let broken = true;
    const { subscriber, seen } = collecting(order.id, (event) => broken && event.type === 'return.requested');
    const returnId = randomUUID();
    await recordEvent(testDb(), { type: 'order.upserted', actor: system, data: { orderId: order.id } });
    await recordEvent(testDb(), { type: 'return.requested', actor: system, data: { returnId, orderId: order.id } });
    await recordEvent(testDb(), { type: 'return.approved', actor: system, data: { returnId, orderId: order.id } });
    await runUntil(subscriber, (run) => run.failed);
    expect(seen).toEqual(['order.upserted']);
    const [state] = await testDb().select().from(eventSubscriptions).where(eq(eventSubscriptions.name, subscriber.name));
    expect(state!.lastError).toBe('cannot handle return.requested');
    broken = false;
    await runUntil(subscriber, () => seen.length >= 3);
    expect(seen).toEqual(['order.upserted', 'return.requested', 'return.approved']);
    const [after] = await testDb().select().from(eventSubscriptions).where(eq(eventSubscriptions.name, subscriber.name));
    expect(after!.lastError).toBeNull();
  });

  it('run on one worker at a time: two runs at once handle each event once', async () => {
    const order = await createOrder(testDb());
    const { subscriber, seen } = collecting(order.id);
    for (let n = 0; n < 20; n++) await recordEvent(testDb(), { type: 'order.upserted', actor: system, data: { orderId: order.id, n } });
    await Promise.all([runSubscriber(testDb(), subscriber, { batch: 3 }), runSubscriber(testDb(), subscriber, { batch: 3 })]);
    await runUntil(subscriber, () => seen.length >= 20);
    await runSubscriber(testDb(), subscriber);
    expect(seen).toHaveLength(20);
  });
});
