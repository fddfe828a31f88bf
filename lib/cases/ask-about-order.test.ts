import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, caseMessages, cases } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { createOrder } from '@/test/factories';
import { testDb } from '@/test/db';
import { askAboutOrder } from './ask-about-order';

const db = testDb();

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    if (error instanceof Error && error.name === 'ZodError') return 'invalid_input';
    throw error;
  }
}

describe('"Ask about this order"', () => {
  it('opens a question case with the order attached, the customer\u2019s words as its first message, audited as the customer', async () => {
    const order = await createOrder(db, 'sv');
    const { caseNumber } = await askAboutOrder({ db }, { orderId: order.id, message: '  Can I still change the size of the sweater?  ' });
    const [row] = await db.select().from(cases).where(eq(cases.number, caseNumber));
    expect(row).toMatchObject({ type: 'question', orderId: order.id, customerEmail: order.email, locale: 'sv', status: 'open', tags: ['ask-about-order'] });
    const messages = await db.select().from(caseMessages).where(eq(caseMessages.caseId, row!.id));
    expect(messages.map((m) => [m.kind, m.body])).toEqual([['customer_message', 'Can I still change the size of the sweater?']]);
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
    expect(events.map((e) => [e.type, e.actorType])).toEqual(expect.arrayContaining([['case.opened', 'customer'], ['case.customer_asked', 'customer']]));
  });

  it('an empty, too short or NUL-laden question is refused and opens nothing', async () => {
    const order = await createOrder(db);
    for (const message of ['', '   ', 'hi', 'x\u0000'.repeat(10), 'y'.repeat(5_001)]) expect(await codeOf(askAboutOrder({ db }, { orderId: order.id, message }))).toBe('invalid_input');
    expect(await db.select().from(cases).where(eq(cases.orderId, order.id))).toHaveLength(0);
  });

  it('five questions an hour per order, then a wait; nothing more is opened', async () => {
    const order = await createOrder(db);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => codeOf(askAboutOrder({ db }, { orderId: order.id, message: `Question number ${i} about my order` }))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(5);
    expect(results.filter((r) => r === 'rate_limited')).toHaveLength(3);
    expect(await db.select().from(cases).where(eq(cases.orderId, order.id))).toHaveLength(5);
  });
});
