import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rateLimits } from '@/db/schema';
import { createDb } from '@/db';
import { AppError, toActionResult } from '@/lib/errors';
import { createOrder } from '@/test/factories';
import { testDb, uniqueId } from '@/test/db';
import { lookupOrder } from './lookup-order';

const client = () => ({ db: testDb(), clientKey: uniqueId('ip') });

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

describe('order lookup', () => {
  it('finds the order by number plus email or postal code, however they are typed', async () => {
    const order = await createOrder(testDb(), 'fi');
    const byEmail = await lookupOrder(client(), { orderNumber: `#${order.orderNumber.toLowerCase()}`, contact: ` ${order.email.toUpperCase()} ` });
    expect(byEmail).toEqual({ orderId: order.id, orderNumber: order.orderNumber, locale: 'fi' });
    const byPostalCode = await lookupOrder(client(), { orderNumber: order.orderNumber, contact: '00 100' });
    expect(byPostalCode.orderId).toBe(order.id);
  });

  it('answers every kind of mismatch with the same not_found', async () => {
    const order = await createOrder(testDb());
    const other = await createOrder(testDb());
    const cases = [
      { orderNumber: 'NO-SUCH-ORDER', contact: order.email },
      { orderNumber: order.orderNumber, contact: 'someone@example.com' },
      { orderNumber: order.orderNumber, contact: '99999' },
      { orderNumber: order.orderNumber, contact: other.email.replace('@', '%@') },
      // SQL wildcards and quotes are plain characters here.
      { orderNumber: 'E2E-%', contact: '%' },
      { orderNumber: "' OR 1=1 --", contact: "' OR '1'='1" },
    ];
    for (const input of cases) expect(await codeOf(lookupOrder(client(), input))).toBe('not_found');
  });

  it('rejects hostile shapes as invalid input without touching the data', async () => {
    for (const input of [{ orderNumber: '', contact: '' }, { orderNumber: 'x'.repeat(10_000), contact: 'a@b.c' }, { orderNumber: ['a'], contact: {} }]) {
      expect(await codeOf(lookupOrder(client(), input as never))).toBe('invalid_input');
    }
  });

  it('after 10 failures the order waits 15 minutes, even with the right details and from a new address', async () => {
    const order = await createOrder(testDb());
    for (let i = 0; i < 10; i++) expect(await codeOf(lookupOrder(client(), { orderNumber: order.orderNumber, contact: `1000${i}` }))).toBe('not_found');
    const locked = await lookupOrder(client(), { orderNumber: order.orderNumber, contact: order.email }).catch((e: AppError) => e);
    expect(locked).toBeInstanceOf(AppError);
    expect((locked as AppError).code).toBe('rate_limited');
    expect((locked as AppError).retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect((locked as AppError).retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it('a success clears the order count; the window running out clears a lock', async () => {
    const order = await createOrder(testDb());
    for (let i = 0; i < 9; i++) await codeOf(lookupOrder(client(), { orderNumber: order.orderNumber, contact: `2000${i}` }));
    await lookupOrder(client(), { orderNumber: order.orderNumber, contact: order.email });
    const left = await testDb().select().from(rateLimits).where(eq(rateLimits.key, order.orderNumber));
    expect(left).toEqual([]);

    for (let i = 0; i < 10; i++) await codeOf(lookupOrder(client(), { orderNumber: order.orderNumber, contact: `3000${i}` }));
    expect(await codeOf(lookupOrder(client(), { orderNumber: order.orderNumber, contact: order.email }))).toBe('rate_limited');
    await testDb().execute(sql`update rate_limits set window_started_at = now() - interval '15 minutes 1 second' where key = ${order.orderNumber}`);
    expect(await codeOf(lookupOrder(client(), { orderNumber: order.orderNumber, contact: order.email }))).toBe('ok');
  });

  it('one client sweeping order numbers is stopped after 10 failures', async () => {
    const sweeper = client();
    for (let i = 0; i < 10; i++) expect(await codeOf(lookupOrder(sweeper, { orderNumber: uniqueId('SWEEP'), contact: 'x@example.com' }))).toBe('not_found');
    expect(await codeOf(lookupOrder(sweeper, { orderNumber: uniqueId('SWEEP'), contact: 'x@example.com' }))).toBe('rate_limited');
  });

  it('with the database unreachable the customer is told to try again shortly', async () => {
    const down = createDb('postgres://paluu:x@127.0.0.1:9/paluu', { max: 1 });
    const original = console.error;
    console.error = () => {};
    try {
      const error = await lookupOrder({ db: down, clientKey: 'ip' }, { orderNumber: 'KK-1', contact: 'a@b.fi' }).catch((e: unknown) => e);
      expect(toActionResult(error)).toEqual({ ok: false, code: 'unavailable' });
    } finally {
      console.error = original;
      await down.$end();
    }
  });
});
