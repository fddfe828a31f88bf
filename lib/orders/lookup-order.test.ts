import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { rateLimits } from '@/db/schema';
import { createDb } from '@/db';
import { AppError, toActionResult } from '@/lib/errors';
import { createOrder } from '@/test/factories';
import { testDb, uniqueId } from '@/test/db';
import { lookupOrder } from './lookup-order';

const client = () => ({ db: testDb(), clientKey: uniqueId('ip') });
/** Many connections, so parallel attempts really run side by side in PostgreSQL. */
const wide = createDb(inject('databaseUrl'), { max: 20 });
afterAll(() => wide.$end());

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
  it('the email opens the whole order; the postal code only the redacted view, however they are typed', async () => {
    const order = await createOrder(testDb(), 'fi');
    const byEmail = await lookupOrder(client(), { orderNumber: `#${order.orderNumber.toLowerCase()}`, contact: ` ${order.email.toUpperCase()} ` });
    expect(byEmail).toEqual({ orderId: order.id, orderNumber: order.orderNumber, locale: 'fi', level: 'verified' });
    const byPostalCode = await lookupOrder(client(), { orderNumber: order.orderNumber, contact: '00 100' });
    expect(byPostalCode).toEqual({ orderId: order.id, orderNumber: order.orderNumber, locale: 'fi', level: 'redacted' });
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

describe('guessing postal codes', () => {
  it('3 wrong postal codes per order per hour, from any addresses; then even the right one waits, but the email still opens the order', async () => {
    const order = await createOrder(testDb());
    for (const guess of ['00200', '00300', '00400']) expect(await codeOf(lookupOrder(client(), { orderNumber: order.orderNumber, contact: guess }))).toBe('not_found');
    const refused = await lookupOrder(client(), { orderNumber: order.orderNumber, contact: '00100' }).catch((e: AppError) => e);
    expect((refused as AppError).code).toBe('rate_limited');
    expect((refused as AppError).retryAfterSeconds).toBeGreaterThan(59 * 60);
    // The owner is not locked out: the email (or a one-time link) always works.
    expect((await lookupOrder(client(), { orderNumber: order.orderNumber, contact: order.email })).level).toBe('verified');
    // An hour later the postal code works again.
    await testDb().execute(sql`update rate_limits set window_started_at = now() - interval '61 minutes' where bucket = 'lookup_postal' and key = ${order.orderNumber}`);
    expect((await lookupOrder(client(), { orderNumber: order.orderNumber, contact: '00100' })).level).toBe('redacted');
  });

  it('80 parallel postal-code guesses from 80 addresses: exactly 3 are compared, the rest are refused', async () => {
    const order = await createOrder(testDb());
    const guesses = Array.from({ length: 80 }, (_, i) => String(10_000 + i * 7));
    const outcomes = await Promise.all(
      guesses.map((contact, i) => codeOf(lookupOrder({ db: wide, clientKey: `198.51.100.${i}` }, { orderNumber: order.orderNumber, contact }))),
    );
    expect(outcomes.filter((o) => o === 'not_found')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'rate_limited')).toHaveLength(77);
    const [row] = await testDb().select().from(rateLimits).where(and(eq(rateLimits.bucket, 'lookup_postal'), eq(rateLimits.key, order.orderNumber)));
    expect(row?.count).toBe(3);
  });

  it('80 parallel postal-code attempts with the right code among them still let no more than 3 wrong ones through', async () => {
    const order = await createOrder(testDb());
    const outcomes = await Promise.all(
      Array.from({ length: 80 }, (_, i) => codeOf(lookupOrder({ db: wide, clientKey: `203.0.113.${i}` }, { orderNumber: order.orderNumber, contact: i === 40 ? '00100' : `2${String(i).padStart(4, '0')}` }))),
    );
    expect(outcomes.filter((o) => o === 'not_found').length).toBeLessThanOrEqual(3);
    expect(outcomes.filter((o) => o === 'ok').length).toBeLessThanOrEqual(1);
  });
});

describe('slow the attacker, not the owner', () => {
  it('someone failing from another address never slows the owner down', async () => {
    const order = await createOrder(testDb());
    const attacker = client();
    for (let i = 0; i < 5; i++) expect(await codeOf(lookupOrder(attacker, { orderNumber: order.orderNumber, contact: `x${i}@example.com` }))).toBe('not_found');
    expect(await codeOf(lookupOrder(attacker, { orderNumber: order.orderNumber, contact: order.email }))).toBe('rate_limited');
    const owner = await lookupOrder(client(), { orderNumber: order.orderNumber, contact: order.email });
    expect(owner.level).toBe('verified');
  });

  it('from one address: 5 free failures per order, then growing delays, not a lock; a success clears the count', async () => {
    const order = await createOrder(testDb());
    const me = client();
    const pair = `${order.orderNumber}|${me.clientKey}`;
    for (let i = 0; i < 5; i++) expect(await codeOf(lookupOrder(me, { orderNumber: order.orderNumber, contact: `y${i}@example.com` }))).toBe('not_found');
    const waiting = await lookupOrder(me, { orderNumber: order.orderNumber, contact: order.email }).catch((e: AppError) => e);
    expect((waiting as AppError).code).toBe('rate_limited');
    expect((waiting as AppError).retryAfterSeconds).toBeLessThanOrEqual(30);
    // The delay ends: the right email opens the order and the count is gone.
    await testDb().execute(sql`update rate_limits set blocked_until = now() - interval '1 second' where bucket = 'lookup_order_client' and key = ${pair}`);
    expect((await lookupOrder(me, { orderNumber: order.orderNumber, contact: order.email })).level).toBe('verified');
    expect(await testDb().select().from(rateLimits).where(and(eq(rateLimits.bucket, 'lookup_order_client'), eq(rateLimits.key, pair)))).toEqual([]);
  });

  it('80 parallel email guesses for one order from one address: no more than 5 are compared', async () => {
    const order = await createOrder(testDb());
    const clientKey = uniqueId('ip');
    const outcomes = await Promise.all(
      Array.from({ length: 80 }, (_, i) => codeOf(lookupOrder({ db: wide, clientKey }, { orderNumber: order.orderNumber, contact: `guess${i}@example.com` }))),
    );
    expect(outcomes.filter((o) => o === 'not_found')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'rate_limited')).toHaveLength(75);
  });

  it('one address sweeping order numbers is slowed after 10 failures, also when it sends 80 at once', async () => {
    const sweeper = client();
    for (let i = 0; i < 10; i++) expect(await codeOf(lookupOrder(sweeper, { orderNumber: uniqueId('SWEEP'), contact: 'x@example.com' }))).toBe('not_found');
    expect(await codeOf(lookupOrder(sweeper, { orderNumber: uniqueId('SWEEP'), contact: 'x@example.com' }))).toBe('rate_limited');

    const clientKey = uniqueId('ip');
    const outcomes = await Promise.all(Array.from({ length: 80 }, () => codeOf(lookupOrder({ db: wide, clientKey }, { orderNumber: uniqueId('SWEEP'), contact: 'x@example.com' }))));
    expect(outcomes.filter((o) => o === 'not_found')).toHaveLength(10);
  });
});

describe('order numbers typed any common way', () => {
  /** A fresh order renamed to `number` (digits random per run, so runs never collide). */
  async function orderNumbered(number: string) {
    const order = await createOrder(testDb());
    await testDb().execute(sql`update orders set order_number = ${number} where id = ${order.id}`);
    return { ...order, orderNumber: number };
  }
  const digits = () => String(100_000_000 + Math.floor(Math.random() * 899_999_999));

  it('`KK 204131`, `KK204131`, `kk-204131`, ` 204131 ` and `#KK-204131` all open KK-204131', async () => {
    const n = digits();
    const order = await orderNumbered(`KK-${n}`);
    for (const typed of [`KK ${n}`, `KK${n}`, `kk-${n}`, ` ${n} `, `#KK-${n}`, ` kk ${n.slice(0, 3)} ${n.slice(3)} `, `KK–${n}`]) {
      const found = await lookupOrder(client(), { orderNumber: typed, contact: order.email });
      expect({ typed, found: found.orderNumber }).toEqual({ typed, found: `KK-${n}` });
    }
  });

  it('`#1001` opens the order numbered 1001', async () => {
    const n = digits();
    const order = await orderNumbered(n);
    expect((await lookupOrder(client(), { orderNumber: `#${n}`, contact: order.email })).orderNumber).toBe(n);
    expect((await lookupOrder(client(), { orderNumber: ` # ${n} `, contact: order.email })).orderNumber).toBe(n);
  });

  it('the digits alone find nothing when two orders share them, and an exact number always wins', async () => {
    const n = digits();
    const kk = await orderNumbered(`KK-${n}`);
    const xy = await orderNumbered(`XY-${n}`);
    expect(await codeOf(lookupOrder(client(), { orderNumber: n, contact: kk.email }))).toBe('not_found');
    expect(await codeOf(lookupOrder(client(), { orderNumber: n, contact: xy.email }))).toBe('not_found');
    expect((await lookupOrder(client(), { orderNumber: `xy ${n}`, contact: xy.email })).orderNumber).toBe(`XY-${n}`);
    // An order literally numbered with those digits is the exact match.
    const plain = await orderNumbered(n);
    expect((await lookupOrder(client(), { orderNumber: n, contact: plain.email })).orderNumber).toBe(n);
  });

  it('two spellings of one order share one postal-code limit (no extra guesses by changing the spelling)', async () => {
    const n = digits();
    await orderNumbered(`KK-${n}`);
    const guesses = [`KK ${n}`, `kk${n}`, n];
    for (const [i, typed] of guesses.entries()) expect(await codeOf(lookupOrder(client(), { orderNumber: typed, contact: `9999${i}` }))).toBe('not_found');
    expect(await codeOf(lookupOrder(client(), { orderNumber: `KK-${n}`, contact: '00100' }))).toBe('rate_limited');
  });

  it('a wrong contact is still the same not_found whatever the spelling', async () => {
    const n = digits();
    await orderNumbered(`KK-${n}`);
    for (const typed of [`KK ${n}`, n, `KK-${n}X`, `${n}1`]) expect(await codeOf(lookupOrder(client(), { orderNumber: typed, contact: 'someone@example.com' }))).toBe('not_found');
  });
});
