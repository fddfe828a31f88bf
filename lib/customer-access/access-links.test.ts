import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '@/db';
import { caseEvents, orderAccessLinks, outbox } from '@/db/schema';
import { lookupOrder } from '@/lib/orders/lookup-order';
import { createOrder } from '@/test/factories';
import { testDb, uniqueId } from '@/test/db';
import { findLiveAccessLink } from './queries';
import { redeemAccessLink } from './redeem-access-link';
import { requestAccessLink } from './request-access-link';

const wide = createDb(inject('databaseUrl'), { max: 20 });
afterAll(() => wide.$end());

const client = () => ({ db: testDb(), clientKey: uniqueId('ip') });

async function mailsFor(orderId: string) {
  return testDb().select().from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, 'customer_access_link')));
}

/** The token from the link in the captured email, as the customer would click it. */
function tokenOf(text: string): string {
  const match = /\/access\/([A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error('no link in the email');
  return match[1]!;
}

describe('"Email me a link"', () => {
  it('queues an email to the address on the order, in its language, naming the order; only the hash of the token is stored', async () => {
    const order = await createOrder(testDb(), 'sv');
    expect(await requestAccessLink(client(), { orderNumber: ` #${order.orderNumber.toLowerCase()} ` })).toEqual({ sent: true });
    const [mail] = await mailsFor(order.id);
    expect(mail!.recipient).toBe(order.email);
    expect(mail!.locale).toBe('sv');
    expect(mail!.subject).toContain(order.orderNumber);
    expect(mail!.subject).toContain('länk');
    expect(mail!.payload.text).toContain(`/sv/access/`);
    const token = tokenOf(mail!.payload.text);
    expect(mail!.payload.html).toContain(token);
    const [row] = await testDb().select().from(orderAccessLinks).where(eq(orderAccessLinks.orderId, order.id));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    const lifetime = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 60_000;
    expect(lifetime).toBeGreaterThan(29.9);
    expect(lifetime).toBeLessThanOrEqual(30.01);
    const events = await testDb().select().from(caseEvents).where(and(eq(caseEvents.orderId, order.id), eq(caseEvents.type, 'order.access_link_sent')));
    expect(events).toHaveLength(1);
  });

  it('for a missing order sends nothing (the page answers the same either way)', async () => {
    expect(await requestAccessLink(client(), { orderNumber: uniqueId('NO-SUCH') })).toEqual({ sent: false });
  });

  it('at most 3 links per order per hour, whoever asks, even 80 at once', async () => {
    const order = await createOrder(testDb());
    const results = await Promise.all(Array.from({ length: 80 }, (_, i) => requestAccessLink({ db: wide, clientKey: `192.0.2.${i}` }, { orderNumber: order.orderNumber })));
    expect(results.filter((r) => r.sent)).toHaveLength(3);
    expect(await mailsFor(order.id)).toHaveLength(3);
  });

  it('one address cannot make the shop mail many customers: 10 requests an hour', async () => {
    const me = client();
    const orders = await Promise.all(Array.from({ length: 11 }, () => createOrder(testDb())));
    const results = [];
    for (const order of orders) results.push(await requestAccessLink(me, { orderNumber: order.orderNumber }));
    expect(results.map((r) => r.sent)).toEqual([...Array(10).fill(true), false]);
  });

  it('is never blocked by the lookup counters: while someone guesses, the owner still gets in', async () => {
    const order = await createOrder(testDb());
    const attacker = client();
    for (const guess of ['00200', '00300', '00400']) await lookupOrder(attacker, { orderNumber: order.orderNumber, contact: guess }).catch(() => null);
    for (let i = 0; i < 6; i++) await lookupOrder(attacker, { orderNumber: order.orderNumber, contact: `z${i}@example.com` }).catch(() => null);
    expect((await requestAccessLink(attacker, { orderNumber: order.orderNumber })).sent).toBe(true);
    const [mail] = await mailsFor(order.id);
    expect((await redeemAccessLink(testDb(), tokenOf(mail!.payload.text)))?.orderId).toBe(order.id);
  });
});

describe('redeeming a one-time link', () => {
  async function linkFor(locale: 'fi' | 'en' = 'fi') {
    const order = await createOrder(testDb(), locale);
    await requestAccessLink(client(), { orderNumber: order.orderNumber });
    const [mail] = await mailsFor(order.id);
    return { order, token: tokenOf(mail!.payload.text) };
  }

  it('opening the link (GET) changes nothing, however often a mail scanner opens it; the POST then works once', async () => {
    const { order, token } = await linkFor();
    for (let i = 0; i < 3; i++) expect(await findLiveAccessLink(testDb(), token)).toEqual({ orderNumber: order.orderNumber });
    const [row] = await testDb().select().from(orderAccessLinks).where(eq(orderAccessLinks.orderId, order.id));
    expect(row!.usedAt).toBeNull();

    expect(await redeemAccessLink(testDb(), token)).toEqual({ orderId: order.id, orderNumber: order.orderNumber, locale: 'fi' });
    expect(await redeemAccessLink(testDb(), token)).toBeNull();
    expect(await findLiveAccessLink(testDb(), token)).toBeNull();
    const events = await testDb().select().from(caseEvents).where(and(eq(caseEvents.orderId, order.id), eq(caseEvents.type, 'order.access_link_used')));
    expect(events).toHaveLength(1);
  });

  it('of 80 parallel redemptions exactly one wins', async () => {
    const { order, token } = await linkFor();
    const results = await Promise.all(Array.from({ length: 80 }, () => redeemAccessLink(wide, token)));
    expect(results.filter((r) => r?.orderId === order.id)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(79);
  });

  it('an expired link opens nothing, not even once', async () => {
    const { order, token } = await linkFor();
    await testDb().execute(sql`update order_access_links set expires_at = now() - interval '1 second' where order_id = ${order.id}`);
    expect(await findLiveAccessLink(testDb(), token)).toBeNull();
    expect(await redeemAccessLink(testDb(), token)).toBeNull();
  });

  it('unknown and malformed tokens open nothing and never throw', async () => {
    for (const token of ['', 'x', 'A'.repeat(43), "'; drop table orders; --", 'a'.repeat(5000), '\u0000'.repeat(43)]) {
      expect(await findLiveAccessLink(testDb(), token)).toBeNull();
      expect(await redeemAccessLink(testDb(), token)).toBeNull();
    }
  });
});
