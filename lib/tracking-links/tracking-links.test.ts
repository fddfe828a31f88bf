import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, trackingLinks } from '@/db/schema';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { mintTrackingLink } from './mint-tracking-link';
import { getCustomerOrder } from '@/lib/orders/queries';
import { findRedeemableLink } from './queries';
import { revokeCaseTrackingLinks, revokeTrackingLinks } from './revoke-tracking-links';
import { createCase } from '@/test/staff-factories';

/** Whether the order page opens for a browser holding this link grant (the page's own access check). */
async function opensWith(db: ReturnType<typeof testDb>, linkId: string, orderId: string): Promise<boolean> {
  return (await getCustomerOrder(db, { orderId, level: 'link', linkId }, 'Europe/Helsinki')) !== null;
}

describe('tracking links', () => {
  it('mints an opaque 256-bit token, stores only its SHA-256, and expires after 180 days by default', async () => {
    const db = testDb();
    const order = await createOrder(db);
    const before = Date.now();
    const link = await mintTrackingLink(db, { orderId: order.id });

    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(link.token, 'base64url')).toHaveLength(32);
    expect(link.url).toBe(`${(process.env.APP_URL ?? 'http://localhost:3000').replace(/\/+$/, '')}/t/${link.token}`);
    const days = (link.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(179.99);
    expect(days).toBeLessThan(180.01);

    const rows = await db.select().from(trackingLinks).where(eq(trackingLinks.orderId, order.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(createHash('sha256').update(link.token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(link.token);
  });

  it('two links for one order are different tokens', async () => {
    const db = testDb();
    const order = await createOrder(db);
    const [a, b] = await Promise.all([mintTrackingLink(db, { orderId: order.id }), mintTrackingLink(db, { orderId: order.id })]);
    expect(a.token).not.toBe(b.token);
  });

  it('a live token finds its order; a tampered, truncated, padded or foreign-looking one finds nothing', async () => {
    const db = testDb();
    const order = await createOrder(db, 'sv');
    const link = await mintTrackingLink(db, { orderId: order.id });
    const found = await findRedeemableLink(db, link.token);
    expect(found).toMatchObject({ orderId: order.id, orderNumber: order.orderNumber, locale: 'sv' });

    const flipped = link.token.slice(0, -1) + (link.token.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, link.token.slice(0, 42), `${link.token}A`, '', 'x'.repeat(10_000), `${link.token.slice(0, 42)}%`, '../../etc/passwd']) {
      expect(await findRedeemableLink(db, bad)).toBeNull();
    }
  });

  it('an expired link finds nothing', async () => {
    const db = testDb();
    const order = await createOrder(db);
    const link = await mintTrackingLink(db, { orderId: order.id, ttlDays: 1 });
    expect(await findRedeemableLink(db, link.token)).not.toBeNull();
    expect(await findRedeemableLink(db, link.token, new Date(Date.now() + 2 * 86_400_000))).toBeNull();
  });

  it('revoking the links of an order stops every one of them (and only theirs) and leaves an audit row', async () => {
    const db = testDb();
    const order = await createOrder(db);
    const other = await createOrder(db);
    const first = await mintTrackingLink(db, { orderId: order.id });
    const second = await mintTrackingLink(db, { orderId: order.id });
    const theirs = await mintTrackingLink(db, { orderId: other.id });
    const found = await findRedeemableLink(db, first.token);
    expect(await opensWith(db, found!.linkId, order.id)).toBe(true);

    const result = await revokeTrackingLinks({ db, actor: { type: 'staff', staffId: 'staff-1', role: 'agent' } }, { orderId: order.id });
    expect(result).toEqual({ revoked: 2 });
    expect(await findRedeemableLink(db, first.token)).toBeNull();
    expect(await findRedeemableLink(db, second.token)).toBeNull();
    // A grant already swapped into a cookie is re-checked against the row, so it dies too.
    expect(await opensWith(db, found!.linkId, order.id)).toBe(false);
    expect(await findRedeemableLink(db, theirs.token)).not.toBeNull();

    const audit = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.orderId, order.id), eq(caseEvents.type, 'tracking_links.revoked')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'staff', actorId: 'staff-1', data: { count: 2 } });
  });

  it('staff revoke from a case: every link of the case order ends, the count is returned, the case timeline has the event', async () => {
    const db = testDb();
    const order = await createOrder(db);
    const kase = await createCase(db, { orderId: order.id });
    const links = await Promise.all([mintTrackingLink(db, { orderId: order.id }), mintTrackingLink(db, { orderId: order.id }), mintTrackingLink(db, { orderId: order.id })]);
    const agent = { type: 'staff', staffId: '00000000-0000-4000-8000-0000000000aa', role: 'agent' } as const;

    expect(await revokeCaseTrackingLinks({ db, actor: agent }, { caseId: kase.id })).toEqual({ revoked: 3 });
    for (const link of links) expect(await findRedeemableLink(db, link.token)).toBeNull();
    const timeline = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.type, 'tracking_links.revoked')));
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ actorType: 'staff', actorId: agent.staffId, orderId: order.id, data: { count: 3 } });
    // Nothing left: 0, and still audited.
    expect(await revokeCaseTrackingLinks({ db, actor: agent }, { caseId: kase.id })).toEqual({ revoked: 0 });

    // Not staff, a case without an order, a malformed id: refused, nothing changes.
    const fresh = await mintTrackingLink(db, { orderId: order.id });
    await expect(revokeCaseTrackingLinks({ db, actor: { type: 'customer', orderId: order.id } }, { caseId: kase.id })).rejects.toMatchObject({ code: 'forbidden' }); // no staff permission (issue #13)
    const orphan = await createCase(db);
    await expect(revokeCaseTrackingLinks({ db, actor: agent }, { caseId: orphan.id })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(revokeCaseTrackingLinks({ db, actor: agent }, { caseId: 'not-a-uuid' })).rejects.toThrow();
    expect(await findRedeemableLink(db, fresh.token)).not.toBeNull();
  });

  it('a link id is only live for its own order', async () => {
    const db = testDb();
    const order = await createOrder(db);
    const other = await createOrder(db);
    const link = await mintTrackingLink(db, { orderId: order.id });
    const found = await findRedeemableLink(db, link.token);
    expect(await opensWith(db, found!.linkId, other.id)).toBe(false);
  });
});
