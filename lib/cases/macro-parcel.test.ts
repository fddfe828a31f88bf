import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoMacros } from '@/db/seed-macros';
import { cases, shipments } from '@/db/schema';
import { createOrder } from '@/test/factories';
import { testDb } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';
import { getCaseDetail } from './case-detail';
import { expandMacro } from './macro-parcel';

const db = testDb();
const trackingMacro = demoMacros.find((m) => m.key === 'tracking' && m.locale === 'fi')!.body;

async function twoParcelOrder() {
  const order = await createOrder(db, 'fi');
  const parcels = await db.select().from(shipments).where(eq(shipments.orderId, order.id));
  const delivered = parcels.find((p) => p.carrier === 'posti')!;
  const stalled = parcels.find((p) => p.carrier === 'matkahuolto')!;
  // Parcel B has not moved for days.
  await db.update(shipments).set({ status: 'in_transit', lastEventAt: new Date(Date.now() - 6 * 86_400_000) }).where(eq(shipments.id, stalled.id));
  return { order, delivered, stalled };
}
async function detailOf(caseId: string) {
  const agent = await createStaff(db);
  return getCaseDetail({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, caseId);
}

describe('the "where is my parcel" macro', () => {
  it('on a case about the stalled Matkahuolto parcel, inserts that parcel’s link — not the delivered Posti one', async () => {
    const { order, delivered, stalled } = await twoParcelOrder();
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email, type: 'question', locale: 'fi' });
    await db.update(cases).set({ type: 'delivery_issue', shipmentId: stalled.id }).where(and(eq(cases.id, c.id)));
    const detail = await detailOf(c.id);
    const expanded = expandMacro(trackingMacro, detail.macroVariables, detail.macroParcel);
    expect(expanded.kind).toBe('text');
    const text = expanded.kind === 'text' ? expanded.text : '';
    expect(text).toContain(`Matkahuolto-pakettia ${stalled.trackingNumber}`);
    expect(text).toContain('https://www.matkahuolto.fi/seuranta');
    expect(text).not.toContain(delivered.trackingNumber);
    expect(text).not.toContain('posti.fi');
    expect(text).not.toMatch(/\{\w+\}/);
    expect(text).toContain(order.orderNumber);
  });

  it('on a case without a parcel on a two-parcel order, asks which parcel; the chosen one is inserted', async () => {
    const { order, delivered, stalled } = await twoParcelOrder();
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email, locale: 'fi' });
    const detail = await detailOf(c.id);
    expect(detail.macroVariables.trackingLink).toBe('');
    expect(detail.macroVariables.trackingNumber).toBe('');
    const asked = expandMacro(trackingMacro, detail.macroVariables, detail.macroParcel);
    expect(asked.kind).toBe('choose_parcel');
    expect(asked.kind === 'choose_parcel' ? asked.parcels.map((p) => p.trackingNumber).sort() : []).toEqual([delivered.trackingNumber, stalled.trackingNumber].sort());
    const chosen = expandMacro(trackingMacro, detail.macroVariables, detail.macroParcel, stalled.id);
    expect(chosen.kind === 'text' && chosen.text).toContain(stalled.trackingNumber);
    // A macro without a tracking link needs no choice.
    const other = demoMacros.find((m) => m.key === 'more-info' && m.locale === 'fi')!.body;
    expect(expandMacro(other, detail.macroVariables, detail.macroParcel).kind).toBe('text');
  });

  it('an order with one parcel needs no choice', async () => {
    const { order, delivered, stalled } = await twoParcelOrder();
    await db.delete(shipments).where(eq(shipments.id, stalled.id));
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email, locale: 'fi' });
    const detail = await detailOf(c.id);
    const expanded = expandMacro(trackingMacro, detail.macroVariables, detail.macroParcel);
    expect(expanded.kind === 'text' && expanded.text).toContain(`https://www.posti.fi/seuranta/${delivered.trackingNumber}`);
  });
});
