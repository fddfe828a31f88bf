import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderLines, withdrawals } from '@/db/schema';
import { testDb, uniqueId } from '@/test/db';
import { eventsOf, typesOf } from '@/test/events';
import { createOrder } from '@/test/factories';
import { submitWithdrawal } from './submit-withdrawal';

const db = testDb();
const linesOf = (orderId: string) => db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.position);

describe('withdrawal domain events', () => {
  it('submitWithdrawal writes withdrawal.received with the amounts and the refund deadline; a foreign line is refused and writes nothing', async () => {
    const order = await createOrder(db, 'fi');
    const other = await createOrder(db, 'fi');
    const [sweater] = await linesOf(order.id);
    const [foreign] = await linesOf(other.id);
    const ctx = { db, actor: { type: 'customer' as const, orderId: order.id } };
    const input = { orderId: order.id, orderNumber: order.orderNumber, name: 'Testi Asiakas', email: order.email, locale: 'fi' as const };
    await expect(submitWithdrawal(ctx, { ...input, lines: [{ orderLineId: foreign!.id, quantity: 1 }], idempotencyKey: uniqueId('idem') })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await eventsOf(db, { orderId: order.id })).toEqual([]);

    await submitWithdrawal(ctx, { ...input, lines: [{ orderLineId: sweater!.id, quantity: 1 }], idempotencyKey: uniqueId('idem') });
    const [row] = await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id));
    const events = await eventsOf(db, { orderId: order.id, types: ['case.opened', 'withdrawal.received'] });
    expect(typesOf(events)).toEqual(['case.opened', 'withdrawal.received']);
    expect(events[1]!.data).toMatchObject({ withdrawalId: row!.id, orderId: order.id, itemsAmount: 5990, deliveryRefundAmount: 394 });
    expect(new Date(events[1]!.data.refundDueBy as string).getTime() - row!.submittedAt.getTime()).toBe(14 * 86_400_000);
  });
});
