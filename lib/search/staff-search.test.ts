import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, cases, orders, returns, shipments } from '@/db/schema';
import { listQueue } from '@/lib/cases/queue';
import { replyToCase } from '@/lib/cases/reply-to-case';
import { queueQuerySchema } from '@/lib/cases/schemas';
import { findReturnForReceiving } from '@/lib/returns/staff/queries';
import { createOrder } from '@/test/factories';
import { testDb } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { staffSearch } from './staff-search';

const db = testDb();
const agent = async () => {
  const s = await createStaff(db);
  return { db, actor: { type: 'staff' as const, staffId: s.id, role: 'agent' as const } };
};

/** An order numbered like the shop's (`KK-204137`), with a case for it. */
async function kkCase(customerName = 'Testi Asiakas') {
  const order = await createOrder(db, 'fi');
  const digits = String(randomInt(100_000_000, 999_999_999));
  const orderNumber = `KQ-${digits}`;
  await db.update(orders).set({ orderNumber, customerName }).where(eq(orders.id, order.id));
  const c = await createCase(db, { orderId: order.id, customerEmail: order.email, customerName });
  return { order: { ...order, orderNumber }, digits, case: c };
}

const caseIds = (r: Awaited<ReturnType<typeof staffSearch>>) => r.cases.map((h) => h.id);
const queueIds = async (ctx: Awaited<ReturnType<typeof agent>>, q: string) => (await listQueue(ctx, queueQuerySchema.parse({ view: 'open', q }))).rows.map((r) => r.id);

describe('forgiving staff search (pg_trgm)', () => {
  it('finds the case by its order number typed any way: KQ-…, kq…, and a part of the digits', async () => {
    const ctx = await agent();
    const { order, digits, case: c } = await kkCase();
    for (const typed of [order.orderNumber, `kq${digits}`, ` KQ ${digits} `, digits.slice(2)]) {
      const found = await staffSearch(ctx, typed);
      expect(caseIds(found), typed).toContain(c.id);
      expect(found.orders.map((o) => o.id), typed).toContain(order.id);
      expect(await queueIds(ctx, typed), typed).toContain(c.id);
    }
  });

  it('finds a return case by its RMA as r10005, R-10005 or the digits, and lists the return with its case', async () => {
    const ctx = await agent();
    const r = await createRequestedReturn(db);
    const digits = r.rma.replace(/\D/g, '');
    for (const typed of [`r${digits}`, r.rma, `R ${digits}`]) {
      const found = await staffSearch(ctx, typed);
      expect(caseIds(found), typed).toContain(r.caseId);
      const hit = found.returns.find((h) => h.id === r.returnId);
      expect(hit, typed).toMatchObject({ label: r.rma, caseId: r.caseId });
      expect(await queueIds(ctx, typed), typed).toContain(r.caseId);
    }
  });

  it('finds the case by a tracking number with spaces or in lower case, and lists the parcel', async () => {
    const ctx = await agent();
    const { order, case: c } = await kkCase();
    const [parcel] = await db.select().from(shipments).where(eq(shipments.orderId, order.id)).limit(1);
    const spaced = parcel!.trackingNumber.toLowerCase().replace(/(.{4})/g, '$1 ');
    const found = await staffSearch(ctx, spaced);
    expect(caseIds(found)).toContain(c.id);
    expect(found.parcels.find((p) => p.id === parcel!.id)).toMatchObject({ label: parcel!.trackingNumber, caseId: c.id });
  });

  it('finds the case by a part of the email and by the name with a typo', async () => {
    const ctx = await agent();
    const surname = `Kuusikoskinen${String.fromCharCode(97 + randomInt(26))}${String.fromCharCode(97 + randomInt(26))}`;
    const { order, case: c } = await kkCase(`Hilkka ${surname}`);
    const local = order.email.split('@')[0]!.slice(3);
    expect(caseIds(await staffSearch(ctx, local))).toContain(c.id);
    // One letter doubled and one dropped: "Kuusikoskinen" → "Kuusikkoskine…"
    const typo = surname.replace('koskinen', 'kkoskine');
    expect(caseIds(await staffSearch(ctx, typo))).toContain(c.id);
    expect(caseIds(await staffSearch(ctx, `hilka ${typo.toLowerCase()}`))).toContain(c.id);
    expect(await queueIds(ctx, typo)).toContain(c.id);
    // A name nothing like it finds nothing of ours.
    expect(caseIds(await staffSearch(ctx, 'Zyxwvut Qqqqq'))).not.toContain(c.id);
  });

  it('finds a case by its number (#1042 or 1042); empty, NUL and wildcard input never fail or match everything', async () => {
    const ctx = await agent();
    const { case: c } = await kkCase();
    expect(caseIds(await staffSearch(ctx, `#${c.number}`))).toContain(c.id);
    expect(caseIds(await staffSearch(ctx, String(c.number)))).toContain(c.id);
    expect(await staffSearch(ctx, '   ')).toMatchObject({ cases: [], orders: [], returns: [], parcels: [] });
    expect((await staffSearch(ctx, '%%%')).cases).toEqual([]);
    expect((await staffSearch(ctx, '__@__')).cases).toEqual([]);
    expect((await staffSearch(ctx, 'a\u0000b')).cases).toEqual([]);
  });

  it('only staff may search: a customer actor is refused before any query runs', async () => {
    const { order } = await kkCase();
    await expect(staffSearch({ db, actor: { type: 'customer', orderId: order.id } }, order.orderNumber)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('the receiving desk accepts the same forms of RMA and tracking number', async () => {
    const r = await createRequestedReturn(db);
    const digits = r.rma.replace(/\D/g, '');
    for (const typed of [`r${digits}`, `R-${digits}`, digits, ` r - ${digits} `]) {
      expect((await findReturnForReceiving(db, typed))?.id, typed).toBe(r.returnId);
    }
    const [parcel] = await db.insert(shipments).values({ orderId: r.orderId, direction: 'return', carrier: 'posti', trackingNumber: `JJFIR${digits}X` }).returning();
    await db.update(returns).set({ returnShipmentId: parcel!.id }).where(eq(returns.id, r.returnId));
    expect((await findReturnForReceiving(db, `jjfi-r ${digits}x`))?.id).toBe(r.returnId);
  });
});

describe('Send and resolve', () => {
  it('sends the reply and resolves the case in one go, with both audit events', async () => {
    const ctx = await agent();
    const c = await createCase(db);
    await replyToCase(ctx, { caseId: c.id, body: 'Refund is on its way.', resolve: true });
    const [row] = await db.select().from(cases).where(eq(cases.id, c.id));
    expect(row).toMatchObject({ status: 'resolved' });
    expect(row!.resolvedAt).not.toBeNull();
    const types = (await db.select({ type: caseEvents.type }).from(caseEvents).where(eq(caseEvents.caseId, c.id))).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['case.replied', 'case.updated']));
  });
});
