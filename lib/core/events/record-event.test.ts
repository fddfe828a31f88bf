import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents } from '@/db/schema';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { EventDataError, recordEvent, recordEvents } from './record-event';

const db = testDb();

describe('recordEvent (audit types)', () => {
  it('writes a catalogued type with its data, actor and order', async () => {
    const order = await createOrder(db);
    await recordEvent(db, { actor: { type: 'customer', orderId: order.id }, type: 'order.access_link_used', orderId: order.id, data: { linkId: 'link-1' } });
    const rows = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(rows).toMatchObject([{ type: 'order.access_link_used', actorType: 'customer', actorId: order.id, data: { linkId: 'link-1' } }]);
  });

  it('refuses data that does not match the type\'s schema, and the transaction writes nothing', async () => {
    const order = await createOrder(db);
    await expect(
      db.transaction(async (tx) => {
        await recordEvent(tx, { actor: { type: 'system' }, type: 'order.access_link_used', orderId: order.id, data: { linkId: 'ok' } });
        // A writer that drifted from the catalog (the compiler refuses this too).
        await recordEvent(tx, { actor: { type: 'system' }, type: 'refund.failed', orderId: order.id, data: { message: 'x' } as never });
      }),
    ).rejects.toThrow(EventDataError);
    expect(await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id))).toEqual([]);
  });

  it('refuses a type outside the catalog', async () => {
    const order = await createOrder(db);
    // @ts-expect-error an unknown string does not compile
    await expect(recordEvent(db, { actor: { type: 'system' }, type: 'refund.nonsense', orderId: order.id })).rejects.toThrow(EventDataError);
    expect(await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id))).toEqual([]);
  });

  it('recordEvents writes a batch in one statement, in the order given', async () => {
    const order = await createOrder(db);
    await recordEvents(db, [
      { actor: { type: 'carrier', carrier: 'posti' }, type: 'tracking_events.received', orderId: order.id, data: { source: 'in_transit', accepted: 1, duplicates: 0, unmatched: 0 } },
      { actor: { type: 'carrier', carrier: 'posti' }, type: 'tracking_events.received', orderId: order.id, data: { source: 'delivered', accepted: 1, duplicates: 0, unmatched: 0 } },
    ]);
    const rows = await db.select({ type: caseEvents.type, actorId: caseEvents.actorId, data: caseEvents.data }).from(caseEvents).where(and(eq(caseEvents.orderId, order.id))).orderBy(asc(caseEvents.id));
    expect(rows.map((r) => r.data.source)).toEqual(['in_transit', 'delivered']);
    expect(rows.every((r) => r.actorId === 'posti')).toBe(true);
  });
});
