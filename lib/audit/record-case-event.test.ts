import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents } from '@/db/schema';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { AuditDataError, recordCaseEvent, recordCaseEvents } from './record-case-event';

const db = testDb();

describe('recordCaseEvent', () => {
  it('writes a catalogued type with its data, actor and order', async () => {
    const order = await createOrder(db);
    await recordCaseEvent(db, { actor: { type: 'customer', orderId: order.id }, type: 'order.access_link_used', orderId: order.id, data: { linkId: 'link-1' } });
    const rows = await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(rows).toMatchObject([{ type: 'order.access_link_used', actorType: 'customer', actorId: order.id, data: { linkId: 'link-1' } }]);
  });

  it('refuses data that does not match the type\'s schema, and the transaction writes nothing', async () => {
    const order = await createOrder(db);
    await expect(
      db.transaction(async (tx) => {
        await recordCaseEvent(tx, { actor: { type: 'system' }, type: 'order.access_link_used', orderId: order.id, data: { linkId: 'ok' } });
        // A writer that drifted from the catalog (the compiler refuses this too).
        await recordCaseEvent(tx, { actor: { type: 'system' }, type: 'refund.failed', orderId: order.id, data: { message: 'x' } as never });
      }),
    ).rejects.toThrow(AuditDataError);
    expect(await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id))).toEqual([]);
  });

  it('refuses a type outside the catalog', async () => {
    const order = await createOrder(db);
    // @ts-expect-error an unknown string does not compile
    await expect(recordCaseEvent(db, { actor: { type: 'system' }, type: 'refund.nonsense', orderId: order.id })).rejects.toThrow(AuditDataError);
    expect(await db.select().from(caseEvents).where(eq(caseEvents.orderId, order.id))).toEqual([]);
  });

  it('recordCaseEvents writes a batch in one statement, in the order given', async () => {
    const order = await createOrder(db);
    await recordCaseEvents(db, [
      { actor: { type: 'carrier', carrier: 'posti' }, type: 'shipment.status_changed', orderId: order.id, data: { shipmentId: 's1', from: null, to: 'in_transit' } },
      { actor: { type: 'carrier', carrier: 'posti' }, type: 'shipment.status_changed', orderId: order.id, data: { shipmentId: 's1', from: 'in_transit', to: 'delivered' } },
    ]);
    const rows = await db.select({ type: caseEvents.type, actorId: caseEvents.actorId, data: caseEvents.data }).from(caseEvents).where(and(eq(caseEvents.orderId, order.id))).orderBy(asc(caseEvents.id));
    expect(rows.map((r) => r.data.to)).toEqual(['in_transit', 'delivered']);
    expect(rows.every((r) => r.actorId === 'posti')).toBe(true);
  });
});
