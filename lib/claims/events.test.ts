import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderLines } from '@/db/schema';
import { testDb, uniqueId } from '@/test/db';
import { eventsOf, typesOf } from '@/test/events';
import { createOrder } from '@/test/factories';
import { submitClaim } from './submit-claim';

const db = testDb();

describe('claim domain events', () => {
  it('submitClaim writes case.opened and claim.created; a refused claim (no remedy) writes nothing', async () => {
    const order = await createOrder(db, 'en');
    const [sweater] = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.position);
    const ctx = { db, actor: { type: 'customer' as const, orderId: order.id } };
    const base = { orderId: order.id, locale: 'en' as const, type: 'damaged' as const, description: 'Seams open', lines: [{ orderLineId: sweater!.id, quantity: 1 }] };
    await expect(submitClaim(ctx, { ...base, remedy: null, idempotencyKey: uniqueId('i') })).rejects.toThrow();
    expect(await eventsOf(db, { orderId: order.id })).toEqual([]);

    const { claimId } = await submitClaim(ctx, { ...base, remedy: 'replacement', idempotencyKey: uniqueId('i') });
    const events = await eventsOf(db, { orderId: order.id, types: ['case.opened', 'claim.created'] });
    expect(typesOf(events)).toEqual(['case.opened', 'claim.created']);
    expect(events[1]).toMatchObject({ actorType: 'customer', caseId: events[0]!.caseId, data: { claimId, orderId: order.id, type: 'damaged', remedy: 'replacement' } });
  });
});
