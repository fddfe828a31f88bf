import { describe, expect, it } from 'vitest';
import { testDb, uniqueId } from '@/test/db';
import { createOrder } from '@/test/factories';
import { identifyWithdrawal } from './identify-withdrawal';

const db = testDb();

describe('identifyWithdrawal (guest path)', () => {
  it('finds the order by number + the order’s email, however typed', async () => {
    const order = await createOrder(db, 'fi');
    const found = await identifyWithdrawal({ db, clientKey: uniqueId('ip') }, { name: 'Testi', orderNumber: ` #${order.orderNumber.toLowerCase()}`, email: order.email.toUpperCase() });
    expect(found).toMatchObject({ orderId: order.id, orderNumber: order.orderNumber, period: { kind: 'not_started' } });
    expect(found.lines.map((l) => l.title)).toEqual(['Merino Sweater', 'Wool Socks']);
  });

  it('answers a wrong email and an unknown order the same way, then rate-limits the client', async () => {
    const order = await createOrder(db, 'en');
    const clientKey = uniqueId('ip');
    const wrongEmail = identifyWithdrawal({ db, clientKey }, { name: 'X', orderNumber: order.orderNumber, email: 'other@example.com' });
    const unknown = identifyWithdrawal({ db, clientKey }, { name: 'X', orderNumber: uniqueId('NOPE'), email: order.email });
    const [a, b] = await Promise.allSettled([wrongEmail, unknown]);
    expect(a.status === 'rejected' && a.reason).toMatchObject({ code: 'not_found', message: 'No order matches these details.' });
    expect(b.status === 'rejected' && b.reason).toMatchObject({ code: 'not_found', message: 'No order matches these details.' });
    // The lookup's per-client limit (10 free failures, then growing delays) applies to the guest form too.
    for (let i = 0; i < 10; i++) await identifyWithdrawal({ db, clientKey }, { name: 'X', orderNumber: uniqueId('NOPE'), email: 'a@b.fi' }).catch(() => undefined);
    await expect(identifyWithdrawal({ db, clientKey }, { name: 'X', orderNumber: order.orderNumber, email: order.email })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('asks only for name, order and email; a missing name is a validation error', async () => {
    await expect(identifyWithdrawal({ db, clientKey: uniqueId('ip') }, { name: ' ', orderNumber: 'X-1', email: 'a@b.fi' })).rejects.toThrow(/nameRequired/);
    // NUL (PostgreSQL rejects it in text) is invalid input, never a server error.
    await expect(identifyWithdrawal({ db, clientKey: uniqueId('ip') }, { name: 'A\u0000B', orderNumber: 'X-1', email: 'a@b.fi' })).rejects.toThrow(/invalid/);
    await expect(identifyWithdrawal({ db, clientKey: uniqueId('ip') }, { name: 'A', orderNumber: 'X-1\u0000', email: 'a@b.fi' })).rejects.toThrow(/invalid/);
  });
});
