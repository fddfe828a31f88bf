import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoMacros } from '@/db/seed-macros';
import { cases, orders, shipments } from '@/db/schema';
import { testDb } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { getCaseDetail } from './case-detail';
import { expandMacro } from './macro-parcel';

const db = testDb();
const INTENTS = ['tracking', 'delay', 'return-label', 'refund-status', 'exchange', 'damaged', 'wrong-item', 'pickup-expiring', 'customs', 'address-change', 'cancellation', 'withdrawal'];

describe('macros that know the case', () => {
  it('ships the 12 top intents in fi, sv and en, each using only variables the case page fills', () => {
    for (const locale of ['fi', 'sv', 'en'] as const) {
      const keys = demoMacros.filter((m) => m.locale === locale).map((m) => m.key);
      expect(keys, locale).toEqual(expect.arrayContaining(INTENTS));
    }
    const known = new Set(['firstName', 'orderNumber', 'rma', 'trackingLink', 'trackingNumber', 'carrier', 'caseNumber', 'shop', 'labelLink', 'refundAmount', 'deliveryEstimate']);
    for (const m of demoMacros) for (const [, name] of m.body.matchAll(/\{(\w+)\}/g)) expect(known, `${m.locale}:${m.key} {${name}}`).toContain(name);
  });

  it('fills the parcel and its tracking link, the RMA and label link, the refund and the new delivery estimate', async () => {
    const staff = await createStaff(db);
    const r = await createRequestedReturn(db, { locale: 'fi' });
    const [parcel] = await db
      .insert(shipments)
      .values({ orderId: r.orderId, carrier: 'posti', trackingNumber: `JJFIMAC${Date.now()}`, status: 'in_transit', carrierEta: '2026-12-24' })
      .returning();
    await db.update(cases).set({ shipmentId: parcel!.id }).where(eq(cases.id, r.caseId));
    await db.update(orders).set({ refundedAmount: 1250 }).where(eq(orders.id, r.orderId));
    const detail = await getCaseDetail({ db, actor: { type: 'staff', staffId: staff.id, role: 'agent' } }, r.caseId);
    const v = detail.macroVariables;
    expect(v.firstName).toBe('Riikka');
    expect(v.rma).toBe(r.rma);
    expect(v.labelLink).toMatch(new RegExp(`/fi/returns/${r.rma}$`));
    expect(v.refundAmount).toBe('12,50\u00a0€');
    expect(v.deliveryEstimate).toBe('24. joulukuuta 2026');
    for (const key of ['delay', 'withdrawal', 'return-label']) {
      const body = demoMacros.find((m) => m.key === key && m.locale === 'fi')!.body;
      const out = expandMacro(body, v, detail.macroParcel);
      expect(out.kind).toBe('text');
      const text = out.kind === 'text' ? out.text : '';
      expect(text, key).not.toMatch(/\{\w+\}/);
    }
    const delay = expandMacro(demoMacros.find((m) => m.key === 'delay' && m.locale === 'fi')!.body, v, detail.macroParcel);
    expect(delay.kind === 'text' && delay.text).toContain(parcel!.trackingNumber);
    expect(delay.kind === 'text' && delay.text).toContain('24. joulukuuta 2026');
  });

  it('a question without an order opens with no order and the order variables empty', async () => {
    const staff = await createStaff(db);
    const question = await createCase(db, { customerName: 'Sanna Virtanen' });
    const detail = await getCaseDetail({ db, actor: { type: 'staff', staffId: staff.id, role: 'agent' } }, question.id);
    expect(detail.case.number).toBe(question.number);
    expect(detail.order).toBeNull();
    expect(detail.macroVariables).toMatchObject({ firstName: 'Sanna', orderNumber: '', rma: '', trackingLink: '', refundAmount: '' });
  });
});
