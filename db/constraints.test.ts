import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, domainEvents, orderLines, orders, refunds, variants } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import { createOrder } from '@/test/factories';
import { testDb, uniqueId } from '@/test/db';

/** The database itself keeps the invariants, whatever the code above it does. */
describe('database invariants', () => {
  it('return counters can never exceed what was fulfilled', async () => {
    const order = await createOrder(testDb());
    const [line] = await testDb().select().from(orderLines).where(eq(orderLines.orderId, order.id)).limit(1);
    await expect(
      testDb().update(orderLines).set({ returnRequestedQuantity: line!.fulfilledQuantity + 1 }).where(eq(orderLines.id, line!.id)),
    ).rejects.toMatchObject({ cause: { constraint_name: 'order_lines_returns_within_fulfilled' } });
  });

  it('stock never goes below zero', async () => {
    const [variant] = await testDb()
      .insert(variants)
      .values({ sku: uniqueId('SKU'), productKey: 'p', title: 'Last one', price: 1000, stock: 1 })
      .returning();
    await testDb().update(variants).set({ stock: sql`${variants.stock} - 1` }).where(eq(variants.id, variant!.id));
    await expect(testDb().update(variants).set({ stock: sql`${variants.stock} - 1` }).where(eq(variants.id, variant!.id))).rejects.toMatchObject({
      cause: { constraint_name: 'variants_stock_non_negative' },
    });
  });

  it('20 concurrent refunds that together exceed the captured amount: the excess is refused, the total exact', async () => {
    const order = await createOrder(testDb());
    const [{ capturedAmount } = { capturedAmount: 0 }] = await testDb().select({ capturedAmount: orders.capturedAmount }).from(orders).where(eq(orders.id, order.id));
    const each = Math.ceil(capturedAmount / 7); // only 6 fit
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => testDb().insert(refunds).values({ orderId: order.id, amount: each, currency: 'EUR', reason: 'test' })),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled').length;
    expect(accepted).toBe(Math.floor(capturedAmount / each));
    const [row] = await testDb().select({ refunded: orders.refundedAmount }).from(orders).where(eq(orders.id, order.id));
    const [sum] = await testDb().select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` }).from(refunds).where(eq(refunds.orderId, order.id));
    expect(row?.refunded).toBe(accepted * each);
    expect(sum?.total).toBe(accepted * each);
    expect(row!.refunded).toBeLessThanOrEqual(capturedAmount);
  });

  it('the audit trail is append-only', async () => {
    // Audit rows are domain_events with audience 'audit' (case_events is a view of them), written by recordEvent.
    const order = await createOrder(testDb());
    await recordEvent(testDb(), { actor: { type: 'system' }, type: 'order.access_link_used', orderId: order.id, data: { linkId: 'link-1' } });
    const [event] = await testDb().select().from(caseEvents).where(eq(caseEvents.orderId, order.id));
    await expect(testDb().update(caseEvents).set({ type: 'test.rewritten' }).where(eq(caseEvents.id, event!.id))).rejects.toMatchObject({
      cause: { message: 'case_events is append-only' },
    });
    await expect(testDb().update(domainEvents).set({ data: {} }).where(eq(domainEvents.id, event!.id))).rejects.toMatchObject({
      cause: { message: 'case_events is append-only' },
    });
    expect((await testDb().select().from(caseEvents).where(eq(caseEvents.id, event!.id)))[0]).toMatchObject({ type: 'order.access_link_used', data: { linkId: 'link-1' } });
  });
});
