import { describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { eventsOf, typesOf } from '@/test/events';
import { runRefundExecutor } from '@/test/refunds';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase } from '@/test/staff2-factories';
import { approveCompensation } from './approve-compensation';
import { grantGoodwill } from './grant-goodwill';

const db = testDb();
const asStaff = (s: { id: string; role: 'agent' | 'admin' }) => ({ db, actor: { type: 'staff' as const, staffId: s.id, role: s.role } });

describe('compensation domain events', () => {
  it('store credit within the limit writes compensation.issued and store_credit.issued with amount, currency and code', async () => {
    const agent = await createStaff(db);
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 20_000 });
    const { compensationId } = await grantGoodwill(asStaff(agent), { caseId, kind: 'store_credit', amount: '30', reason: 'Late' });
    const events = await eventsOf(db, { orderId });
    expect(typesOf(events)).toEqual(['compensation.issued', 'store_credit.issued']);
    expect(events[1]).toMatchObject({ caseId, actorType: 'staff', actorId: agent.id, data: { compensationId, orderId, amount: 3000, currency: 'EUR', code: expect.stringMatching(/^SC-/) } });
  });

  it('a refund writes refund.requested; refund.succeeded follows once the worker carried it out on its rail', async () => {
    const admin = await createStaff(db, { role: 'admin' });
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000, shippingAmount: 490 });
    await grantGoodwill(asStaff(admin), { caseId, kind: 'refund', reason: 'Shipping was late' });
    expect(typesOf(await eventsOf(db, { orderId }))).toEqual(['compensation.issued', 'refund.requested']);
    await runRefundExecutor(db, orderId);
    const events = await eventsOf(db, { orderId });
    expect(typesOf(events)).toEqual(['compensation.issued', 'refund.requested', 'refund.succeeded']);
    expect(events[2]!.data).toMatchObject({ orderId, amount: 490, currency: 'EUR', refundId: expect.any(String) });
  });

  it('above the limit nothing is issued until an admin approves; a refused refund writes no event', async () => {
    const agent = await createStaff(db);
    const admin = await createStaff(db, { role: 'admin' });
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000 });
    const pending = await grantGoodwill(asStaff(agent), { caseId, kind: 'partial_refund', amount: '80', reason: 'Lost parcel' });
    expect(pending.status).toBe('pending_approval');
    expect(await eventsOf(db, { orderId })).toEqual([]);
    await approveCompensation(asStaff(admin), { compensationId: pending.compensationId });
    await runRefundExecutor(db, orderId);
    expect(typesOf(await eventsOf(db, { orderId }))).toEqual(['compensation.issued', 'refund.requested', 'refund.succeeded']);

    // More than what is left of the captured amount: refused by the database, nothing written.
    const refused = await grantGoodwill(asStaff(admin), { caseId, kind: 'partial_refund', amount: '50', reason: 'Again' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(await eventsOf(db, { orderId })).toHaveLength(3);
  });
});
