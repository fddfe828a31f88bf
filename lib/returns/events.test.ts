import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { returns, shipments } from '@/db/schema';
import { reasonOf } from '@/lib/compensations/money-errors';
import { ingestEvents } from '@/lib/tracking/ingest-events';
import { testDb } from '@/test/db';
import { eventsOf, typesOf } from '@/test/events';
import { runRefundExecutor } from '@/test/refunds';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';
import { createStaff } from '@/test/staff-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { cancelReturn } from './cancel-return';
import { approveReturn } from './staff/approve-return';
import { completeReturn } from './staff/complete-return';
import { inspectReturn } from './staff/inspect-return';
import { receiveReturn } from './staff/receive-return';
import { rejectReturn } from './staff/reject-return';
import { submitReturn } from './submit-return';

const db = testDb();
async function agentCtx() {
  const agent = await createStaff(db);
  return { db, actor: { type: 'staff' as const, staffId: agent.id, role: 'agent' as const } };
}

beforeAll(() => ensureReturnPolicy(db));

describe('return domain events', () => {
  it('submitReturn writes return.requested, return.approved and return.label_issued with the return and order ids', async () => {
    const order = await createReturnableOrder(db, { lines: [{ quantity: 1 }] });
    const result = await submitReturn(
      { db, actor: { type: 'customer', orderId: order.id } },
      { orderId: order.id, timeZone: 'Europe/Helsinki', request: returnRequest(order, [{ orderLineId: order.lines[0]!.id, quantity: 1 }]) },
    );
    const events = await eventsOf(db, { orderId: order.id, types: ['return.requested', 'return.approved', 'return.label_issued', 'case.opened'] });
    expect(typesOf(events)).toEqual(['case.opened', 'return.requested', 'return.approved', 'return.label_issued']);
    for (const e of events.slice(1)) expect(e.data).toMatchObject({ returnId: result.returnId, orderId: order.id });
    expect(events[0]!.actorType).toBe('customer');
    // The whole request commits as one transaction: every event carries its id.
    expect(new Set(events.map((e) => e.txId)).size).toBe(1);
  });

  it('a refused submission (nothing to return) writes no event', async () => {
    const order = await createReturnableOrder(db, { lines: [{ quantity: 1 }] });
    const refused = await submitReturn(
      { db, actor: { type: 'customer', orderId: order.id } },
      { orderId: order.id, timeZone: 'Europe/Helsinki', request: returnRequest(order, [{ orderLineId: order.lines[0]!.id, quantity: 5 }]) },
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(await eventsOf(db, { orderId: order.id })).toEqual([]);
  });

  it('the staff flow writes approved → label_issued → in_transit (first carrier scan) → received → inspected → refund → completed → case.resolved', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 8900 }] });
    const approved = await approveReturn(ctx, { returnId: r.returnId });
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, row!.returnShipmentId!));
    // The carrier's first scan of the return parcel hands the return over.
    await ingestEvents(db, [{ carrier: parcel!.carrier, trackingNumber: approved.trackingNumber!, carrierCode: 'X1', status: 'in_transit', description: 'Picked up', occurredAt: new Date() }], 'webhook');
    expect((await db.select({ status: returns.status }).from(returns).where(eq(returns.id, r.returnId)))[0]!.status).toBe('in_transit');
    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] });
    await inspectReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, grade: 'as_new', restock: true }] });
    await completeReturn(ctx, { returnId: r.returnId, refundAmount: '' });
    // Completing only requests the refund; the worker's refund step carries it out on the demo rail.
    const types = ['return.approved', 'return.label_issued', 'return.in_transit', 'return.received', 'return.inspected', 'refund.requested', 'refund.succeeded', 'return.completed', 'case.resolved'] as const;
    expect(typesOf(await eventsOf(db, { orderId: r.orderId, types: [...types] }))).not.toContain('refund.succeeded');
    await runRefundExecutor(db, r.orderId);

    const events = await eventsOf(db, { orderId: r.orderId, types: [...types] });
    expect(typesOf(events)).toEqual(['return.approved', 'return.label_issued', 'return.in_transit', 'return.received', 'return.inspected', 'refund.requested', 'return.completed', 'case.resolved', 'refund.succeeded']);
    expect(events.find((e) => e.type === 'refund.succeeded')!.data).toMatchObject({ amount: 8900, currency: 'EUR', orderId: r.orderId, returnId: r.returnId });
    expect(events.find((e) => e.type === 'return.in_transit')).toMatchObject({ actorType: 'carrier', caseId: r.caseId, data: { shipmentId: parcel!.id } });
    expect(events.find((e) => e.type === 'return.completed')).toMatchObject({ actorType: 'staff', actorId: ctx.actor.staffId, caseId: r.caseId });
  });

  it('an exchange writes exchange.created with what to ship and to whom; a refused completion writes nothing', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 5000 }, { quantity: 1, resolution: 'exchange' }] });
    await approveReturn(ctx, { returnId: r.returnId });
    await receiveReturn(ctx, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, quantity: 1 })) });
    await inspectReturn(ctx, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, grade: 'opened' as const, restock: true })) });
    const before = (await eventsOf(db, { orderId: r.orderId })).length;
    const tooMuch = await completeReturn(ctx, { returnId: r.returnId, refundAmount: '9999' }).catch((e) => e);
    expect(reasonOf(tooMuch)).toBe('amount_above_entitlement');
    expect(await eventsOf(db, { orderId: r.orderId })).toHaveLength(before);

    await completeReturn(ctx, { returnId: r.returnId, refundAmount: '' });
    const [exchange] = await eventsOf(db, { orderId: r.orderId, types: ['exchange.created'] });
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(exchange!.data).toMatchObject({
      returnId: r.returnId,
      shipmentId: row!.exchangeShipmentId,
      items: [{ variantId: r.items[1]!.exchangeVariantId, sku: expect.stringMatching(/-X1$/), quantity: 1 }],
      shipTo: { name: expect.any(String), line1: expect.any(String), postalCode: expect.any(String), city: expect.any(String), country: expect.any(String) },
    });
  });

  it('reject and cancel write return.rejected and return.canceled; refusing a second reject writes nothing', async () => {
    const ctx = await agentCtx();
    const rejected = await createRequestedReturn(db);
    await rejectReturn(ctx, { returnId: rejected.returnId, internalReason: 'Worn', customerMessage: 'The item shows signs of use.' });
    await rejectReturn(ctx, { returnId: rejected.returnId, internalReason: 'Worn', customerMessage: 'Again' }).catch(() => undefined);
    // The factory's return.requested is the order's first event (as submitReturn writes it); one rejection follows.
    expect(typesOf(await eventsOf(db, { orderId: rejected.orderId }))).toEqual(['return.requested', 'return.rejected']);
    expect((await eventsOf(db, { orderId: rejected.orderId, types: ['return.rejected'] }))[0]!.data).toMatchObject({ returnId: rejected.returnId, customerMessage: 'The item shows signs of use.' });

    const canceled = await createRequestedReturn(db);
    await cancelReturn({ db, actor: { type: 'customer', orderId: canceled.orderId } }, { returnId: canceled.returnId, orderId: canceled.orderId });
    expect(typesOf(await eventsOf(db, { orderId: canceled.orderId }))).toEqual(['return.requested', 'return.canceled']);
  });
});
