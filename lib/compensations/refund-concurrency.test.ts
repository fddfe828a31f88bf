import { eq } from 'drizzle-orm';
import { inject, afterAll, describe, expect, it } from 'vitest';
import { createDb } from '@/db';
import { compensations, orders, refunds } from '@/db/schema';
import { testDb } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase } from '@/test/staff2-factories';
import { reasonOf } from './money-errors';
import { grantGoodwill } from './grant-goodwill';

const db = testDb();
// Each attempt gets its own connection from this pool: real concurrent transactions.
const wide = createDb(inject('databaseUrl'), { max: 20 });
afterAll(() => wide.$end());

describe('refunds never exceed the captured amount', () => {
  it('20 concurrent refunds of 15 € against 100 € captured: 6 succeed, 14 are refused, the total is exact', async () => {
    const admin = await createStaff(db, { role: 'admin' });
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000 });
    const ctx = { db: wide, actor: { type: 'staff' as const, staffId: admin.id, role: 'admin' as const } };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => grantGoodwill(ctx, { caseId, kind: 'partial_refund', amount: '15,00', reason: `Attempt ${i}` })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(6);
    expect(refused).toHaveLength(14);
    for (const r of refused) expect(reasonOf(r.reason)).toBe('refund_exceeds_captured');

    const rows = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(9_000);
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(order!.refundedAmount).toBe(9_000);
    // A refused attempt leaves nothing behind: no compensation row either.
    expect(await db.select().from(compensations).where(eq(compensations.orderId, orderId))).toHaveLength(6);
  });

  it('the database itself refuses a refund row above the captured amount', async () => {
    const { orderId } = await createDeliveryCase(db, { captured: 5_000 });
    await db.insert(refunds).values({ orderId, amount: 4_000, currency: 'EUR' });
    await expect(db.insert(refunds).values({ orderId, amount: 1_001, currency: 'EUR' })).rejects.toThrow();
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    expect(order!.refundedAmount).toBe(4_000);
  });
});
