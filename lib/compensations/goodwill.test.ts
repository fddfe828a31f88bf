import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, compensations, orders, outbox, settings, shipments, staffUsers } from '@/db/schema';
import { testDb } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase } from '@/test/staff2-factories';
import { approveCompensation, rejectCompensation } from './approve-compensation';
import { grantGoodwill } from './grant-goodwill';
import { agentLimit, compensationSettingsSchema } from './limits';

const db = testDb();
const asStaff = (s: { id: string; role: 'agent' | 'admin' }) => ({ db, actor: { type: 'staff' as const, staffId: s.id, role: s.role } });
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: string }) => e.code);

describe('agent limit', () => {
  const defaults = compensationSettingsSchema.parse({});
  it.each([
    [10_000, null, 3_000], // 30 % of 100 € is lower than 50 €
    [20_000, null, 5_000], // 50 € is lower than 30 % of 200 €
    [16_667, null, 5_000],
    [20_000, 2_000, 2_000], // the agent's own override
    [0, null, 0],
  ])('order %i, override %s → %i', (captured, override, expected) => {
    expect(agentLimit({ settings: defaults, override, orderCaptured: captured })).toBe(expected);
  });
  it('the shop can configure both parts', () => {
    expect(agentLimit({ settings: { agentLimitAmount: 10_000, agentLimitPercent: 50 }, override: null, orderCaptured: 30_000 })).toBe(10_000);
  });
});

describe('goodwill', () => {
  it('below the limit: issued at once, with a unique code and the customer email', async () => {
    const agent = await createStaff(db);
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 20_000 });
    const result = await grantGoodwill(asStaff(agent), { caseId, kind: 'discount_code', amount: '10', reason: 'Parcel two days late' });
    expect(result.status).toBe('issued');
    const [comp] = await db.select().from(compensations).where(eq(compensations.id, result.compensationId));
    expect(comp).toMatchObject({ status: 'issued', amount: 1000, kind: 'discount_code', requestedByStaffId: agent.id });
    expect(comp!.code).toMatch(/^DC-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const mails = await db.select().from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, 'email.compensation_issued')));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload.text).toContain(comp!.code!);
    expect(mails[0]!.locale).toBe('fi');
    const events = await db.select({ type: caseEvents.type }).from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['compensation.granted', 'compensation.issued']));
  });

  it('above the limit: pending_approval, nothing issued; the agent cannot approve; an admin approves → issued', async () => {
    const agent = await createStaff(db);
    const admin = await createStaff(db, { role: 'admin' });
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000 }); // limit 30 €
    const result = await grantGoodwill(asStaff(agent), { caseId, kind: 'partial_refund', amount: '30,01', reason: 'Lost parcel' });
    expect(result.status).toBe('pending_approval');
    let [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(order!.refundedAmount).toBe(0);
    expect(await db.select().from(outbox).where(eq(outbox.orderId, orderId))).toHaveLength(0);

    expect(await codeOf(approveCompensation(asStaff(agent), { compensationId: result.compensationId }))).toBe('forbidden');
    expect(await codeOf(rejectCompensation(asStaff(agent), { compensationId: result.compensationId, reason: 'no way' }))).toBe('forbidden');
    await approveCompensation(asStaff(admin), { compensationId: result.compensationId });
    const [comp] = await db.select().from(compensations).where(eq(compensations.id, result.compensationId));
    expect(comp).toMatchObject({ status: 'issued', approvedByStaffId: admin.id });
    [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(order!.refundedAmount).toBe(3001);
    // Deciding twice is a conflict, not a second refund.
    expect(await codeOf(approveCompensation(asStaff(admin), { compensationId: result.compensationId }))).toBe('conflict');
    const events = await db.select({ type: caseEvents.type, actorId: caseEvents.actorId }).from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events).toEqual(expect.arrayContaining([{ type: 'compensation.requested', actorId: agent.id }, { type: 'compensation.approved', actorId: admin.id }]));
  });

  it('exactly at the limit is within it; the per-agent override applies', async () => {
    const agent = await createStaff(db);
    const { caseId } = await createDeliveryCase(db, { captured: 10_000 });
    expect((await grantGoodwill(asStaff(agent), { caseId, kind: 'store_credit', amount: '30', reason: 'Late' })).status).toBe('issued');
    await db.update(staffUsers).set({ compensationLimit: 1000 }).where(eq(staffUsers.id, agent.id));
    expect((await grantGoodwill(asStaff(agent), { caseId, kind: 'store_credit', amount: '10,01', reason: 'Late' })).status).toBe('pending_approval');
  });

  it('an admin rejects with a reason: the compensation is never issued', async () => {
    const agent = await createStaff(db);
    const admin = await createStaff(db, { role: 'admin' });
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000 });
    const { compensationId } = await grantGoodwill(asStaff(agent), { caseId, kind: 'reship', reason: 'Lost in transit' });
    await rejectCompensation(asStaff(admin), { compensationId, reason: 'Carrier found the parcel' });
    const [comp] = await db.select().from(compensations).where(eq(compensations.id, compensationId));
    expect(comp).toMatchObject({ status: 'rejected', rejectionReason: 'Carrier found the parcel', code: null, shipmentId: null });
    expect(await db.select().from(shipments).where(and(eq(shipments.orderId, orderId), eq(shipments.service, 'reship')))).toHaveLength(0);
  });

  it('free shipping, shipping refund and reship take their value from the order; reship creates a parcel', async () => {
    const admin = await createStaff(db, { role: 'admin' });
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000, shippingAmount: 490 });
    const refund = await grantGoodwill(asStaff(admin), { caseId, kind: 'refund', reason: 'Shipping was late' });
    const free = await grantGoodwill(asStaff(admin), { caseId, kind: 'free_shipping', reason: 'Sorry' });
    const reship = await grantGoodwill(asStaff(admin), { caseId, kind: 'reship', reason: 'Lost' });
    const rows = await db.select().from(compensations).where(eq(compensations.orderId, orderId));
    expect(rows.find((r) => r.id === refund.compensationId)!.amount).toBe(490);
    expect(rows.find((r) => r.id === free.compensationId)!.code).toMatch(/^FS-/);
    const parcel = rows.find((r) => r.id === reship.compensationId)!;
    expect(parcel.amount).toBe(10_000 - 490);
    const [s] = await db.select().from(shipments).where(eq(shipments.id, parcel.shipmentId!));
    expect(s).toMatchObject({ direction: 'outbound', service: 'reship', status: 'info_received', carrier: 'matkahuolto' });
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(order!.refundedAmount).toBe(490);
  });

  it('the shop setting changes the default limit', async () => {
    const agent = await createStaff(db);
    // A shop-wide setting: set it for this test's own order size only by choosing amounts above both values.
    const { caseId } = await createDeliveryCase(db, { captured: 100_000 });
    const [current] = await db.select().from(settings).where(eq(settings.key, 'compensation'));
    expect(current).toBeUndefined(); // default: 50 € or 30 %
    expect((await grantGoodwill(asStaff(agent), { caseId, kind: 'store_credit', amount: '50,01', reason: 'Late' })).status).toBe('pending_approval');
  });

  it('a double submit (same request key, concurrently) grants once and emails once', async () => {
    const agent = await createStaff(db);
    const { caseId, orderId } = await createDeliveryCase(db);
    const requestKey = crypto.randomUUID();
    const grants = await Promise.all([1, 2, 3].map(() => grantGoodwill(asStaff(agent), { caseId, requestKey, kind: 'discount_code', amount: '5', reason: 'Late parcel' })));
    expect(new Set(grants.map((g) => g.compensationId)).size).toBe(1);
    expect(await db.select().from(compensations).where(eq(compensations.orderId, orderId))).toHaveLength(1);
    expect(await db.select().from(outbox).where(eq(outbox.orderId, orderId))).toHaveLength(1);
  });

  it('refuses bad input with field errors and changes nothing', async () => {
    const agent = await createStaff(db);
    const { caseId, orderId } = await createDeliveryCase(db);
    await expect(grantGoodwill(asStaff(agent), { caseId, kind: 'discount_code', amount: 'abc', reason: 'Late' })).rejects.toThrow();
    await expect(grantGoodwill(asStaff(agent), { caseId, kind: 'discount_code', amount: '5', reason: '' })).rejects.toThrow();
    expect(await db.select().from(compensations).where(eq(compensations.orderId, orderId))).toHaveLength(0);
  });
});
