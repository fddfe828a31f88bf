import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '@/db';
import { compensations, orders, staffUsers } from '@/db/schema';
import { testDb } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase } from '@/test/staff2-factories';
import { approveCompensation } from './approve-compensation';
import { grantGoodwill } from './grant-goodwill';
import { grantedByAgents } from './limits';
import { limitForOrder } from './queries';

const db = testDb();
// Each attempt gets its own connection from this pool: real concurrent transactions.
const wide = createDb(inject('databaseUrl'), { max: 20 });
afterAll(() => wide.$end());
const asStaff = (s: { id: string; role: 'agent' | 'admin' }, on = db) => ({ db: on, actor: { type: 'staff' as const, staffId: s.id, role: s.role } });

// 1 000 € captured: the agent limit is the shop's fixed 50 € (30 % would be 300 €).
const CAPTURED = 100_000;

describe('the agent limit covers the total agents granted on an order', () => {
  it('7 × 49.99 € on one order: the first is issued, the other six wait for an admin', async () => {
    const agent = await createStaff(db);
    const { caseId, orderId } = await createDeliveryCase(db, { captured: CAPTURED });
    const statuses: string[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await grantGoodwill(asStaff(agent), { caseId, kind: 'partial_refund', amount: '49,99', reason: `Split ${i}` })).status);
    }
    expect(statuses).toEqual(['issued', ...Array(6).fill('pending_approval')]);
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(order!.refundedAmount).toBe(4_999);
    expect(await grantedByAgents(db, orderId)).toBe(4_999);
    // The goodwill panel shows the agent what is left.
    expect(await limitForOrder(db, { staffId: agent.id, role: 'agent' }, orderId)).toMatchObject({ limit: 5_000, granted: 4_999, left: 1 });
  });

  it('kinds add up: a 30 € code and then a 30 € store credit by another agent → the credit waits', async () => {
    const first = await createStaff(db);
    const second = await createStaff(db);
    const { caseId } = await createDeliveryCase(db, { captured: CAPTURED });
    expect((await grantGoodwill(asStaff(first), { caseId, kind: 'discount_code', amount: '30', reason: 'Late parcel' })).status).toBe('issued');
    expect((await grantGoodwill(asStaff(second), { caseId, kind: 'store_credit', amount: '30', reason: 'Late parcel again' })).status).toBe('pending_approval');
    expect((await grantGoodwill(asStaff(second), { caseId, kind: 'store_credit', amount: '20', reason: 'What is left' })).status).toBe('issued');
  });

  it('what an admin approved or granted does not use up the agents’ limit', async () => {
    const agent = await createStaff(db);
    const admin = await createStaff(db, { role: 'admin' });
    const { caseId, orderId } = await createDeliveryCase(db, { captured: CAPTURED });
    const big = await grantGoodwill(asStaff(agent), { caseId, kind: 'partial_refund', amount: '80', reason: 'Lost parcel' });
    expect(big.status).toBe('pending_approval');
    await approveCompensation(asStaff(admin), { compensationId: big.compensationId });
    expect((await grantGoodwill(asStaff(admin), { caseId, kind: 'discount_code', amount: '100', reason: 'Sorry' })).status).toBe('issued');
    expect(await grantedByAgents(db, orderId)).toBe(0);
    expect((await grantGoodwill(asStaff(agent), { caseId, kind: 'discount_code', amount: '50', reason: 'Within the limit' })).status).toBe('issued');
  });

  it('two agents at once, 20 attempts of 10 € each: at most 50 € goes out without an admin', async () => {
    const a = await createStaff(db);
    const b = await createStaff(db);
    const { caseId, orderId } = await createDeliveryCase(db, { captured: CAPTURED });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => grantGoodwill(asStaff(i % 2 ? a : b, wide), { caseId, kind: 'partial_refund', amount: '10', reason: `Parallel ${i}` })),
    );
    expect(results.filter((r) => r.status === 'issued')).toHaveLength(5);
    expect(results.filter((r) => r.status === 'pending_approval')).toHaveLength(15);
    const rows = await db.select().from(compensations).where(eq(compensations.orderId, orderId));
    const issued = rows.filter((r) => r.status === 'issued').reduce((sum, r) => sum + r.amount, 0);
    expect(issued).toBe(5_000);
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(order!.refundedAmount).toBe(5_000);
  });

  it('the goodwill panel reads the same limit the grant applies: the agent’s own override, the shop’s percentage, none for admins', async () => {
    const agent = await createStaff(db);
    const admin = await createStaff(db, { role: 'admin' });
    const { orderId } = await createDeliveryCase(db, { captured: CAPTURED });
    await db.update(staffUsers).set({ compensationLimit: 1_200 }).where(eq(staffUsers.id, agent.id));
    expect(await limitForOrder(db, { staffId: agent.id, role: 'agent' }, orderId)).toEqual({ limit: 1_200, granted: 0, left: 1_200, currency: 'EUR' });
    // A small order: 30 % of 20 € is below the agent's own 12 €.
    const small = await createDeliveryCase(db, { captured: 2_000 });
    expect(await limitForOrder(db, { staffId: agent.id, role: 'agent' }, small.orderId)).toMatchObject({ limit: 600, left: 600 });
    expect(await limitForOrder(db, { staffId: admin.id, role: 'admin' }, orderId)).toEqual({ limit: null, granted: 0, left: null, currency: 'EUR' });
    expect(await limitForOrder(db, { staffId: agent.id, role: 'agent' }, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
