import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, caseMessages, compensations, csatResponses, orderLines, orders, outbox, refunds, returnItems, returns, shipments, variants } from '@/db/schema';
import { reasonOf } from '@/lib/compensations/money-errors';
import { testDb } from '@/test/db';
import { runRefundExecutor } from '@/test/refunds';
import { runSubscriberFor } from '@/test/subscribers';
import { refundIssuedEmailSubscriber } from '../subscribers';
import { createStaff } from '@/test/staff-factories';
import { ensureReturnPolicy } from '@/test/return-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { approveReturn } from './approve-return';
import { completeReturn, settleReturn } from './complete-return';
import { inspectReturn } from './inspect-return';
import { findReturnForReceiving, getStaffReturn } from './queries';
import { receiveReturn } from './receive-return';
import { rejectReturn } from './reject-return';
import { retryReturnLabel } from './retry-return-label';

const db = testDb();
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: string }) => e.code);
async function agentCtx() {
  const agent = await createStaff(db);
  return { db, actor: { type: 'staff' as const, staffId: agent.id, role: 'agent' as const } };
}
const line = async (id: string) => (await db.select().from(orderLines).where(eq(orderLines.id, id)))[0]!;
const stockOf = async (sku: string) => (await db.select({ stock: variants.stock }).from(variants).where(eq(variants.sku, sku)))[0]!.stock;
const emailSteps = async (orderId: string) =>
  (await db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.orderId, orderId)).orderBy(outbox.createdAt)).map((r) => r.kind);

describe('processing a return', () => {
  // The shop's return policy decides the store-credit bonus; the demo one is active in every test database.
  beforeAll(() => ensureReturnPolicy(db));

  it('request → approve (label) → receive → inspect → refund, one email per step, case resolved with a CSAT survey', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 8900 }] });
    const approved = await approveReturn(ctx, { returnId: r.returnId });
    expect(approved.status).toBe('label_issued');
    const [afterApprove] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(afterApprove!.status).toBe('label_issued');
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, afterApprove!.returnShipmentId!));
    expect(parcel).toMatchObject({ direction: 'return', carrier: 'posti', trackingNumber: approved.trackingNumber });

    // The receiving desk finds it by the return tracking number as well as by the RMA.
    expect((await findReturnForReceiving(db, parcel!.trackingNumber.toLowerCase()))?.id).toBe(r.returnId);
    expect((await findReturnForReceiving(db, r.rma))?.id).toBe(r.returnId);

    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] });
    expect(await line(r.items[0]!.orderLineId)).toMatchObject({ returnRequestedQuantity: 0, returnedQuantity: 1 });
    const stockBefore = await stockOf(r.items[0]!.sku);
    await inspectReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, grade: 'as_new', restock: true }] });
    expect(await stockOf(r.items[0]!.sku)).toBe(stockBefore + 1);

    const done = await completeReturn(ctx, { returnId: r.returnId, refundAmount: '' });
    expect(done).toMatchObject({ refund: 8900, partial: false });
    const [order] = await db.select().from(orders).where(eq(orders.id, r.orderId));
    expect(order!.refundedAmount).toBe(8900);
    const [refund] = await db.select().from(refunds).where(eq(refunds.returnId, r.returnId));
    expect(refund).toMatchObject({ amount: 8900, createdByStaffId: ctx.actor.staffId });
    const [kase] = await db.select().from(cases).where(eq(cases.id, r.caseId));
    expect(kase!.status).toBe('resolved');
    const steps = await emailSteps(r.orderId);
    expect(steps.slice(0, 3)).toEqual(['email.return_label_issued', 'email.return_received', 'email.return_inspected']);
    // The resolved case and its emails commit together; the refund is only requested (nothing paid yet).
    expect(steps.slice(3).sort()).toEqual(['email.csat_survey', 'email.return_completed']);
    expect(refund).toMatchObject({ status: 'requested' });
    // The worker pays it on the demo rail; "refund issued" follows from refund.succeeded.
    await runRefundExecutor(db, r.orderId);
    await runSubscriberFor(db, refundIssuedEmailSubscriber, r.orderId);
    expect((await emailSteps(r.orderId)).slice(5)).toEqual(['email.refund_issued']);
    expect(await db.select().from(csatResponses).where(eq(csatResponses.caseId, r.caseId))).toHaveLength(1);
    const types = (await db.select({ type: caseEvents.type }).from(caseEvents).where(eq(caseEvents.caseId, r.caseId))).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['return.approved', 'return.received', 'return.inspected', 'return.completed', 'case.resolved', 'csat.sent']));
  });

  it('rejects with an internal reason and a customer message, releasing requested units and exchange stock', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 2, ordered: 2, resolution: 'exchange' }] });
    const variantId = r.items[0]!.exchangeVariantId!;
    const [held] = await db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId));
    expect(held!.stock).toBe(2);
    await rejectReturn(ctx, { returnId: r.returnId, internalReason: 'Worn, tags removed', customerMessage: 'The items show signs of use.' });
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(row).toMatchObject({ status: 'rejected', rejectionReason: 'The items show signs of use.' });
    expect(await line(r.items[0]!.orderLineId)).toMatchObject({ returnRequestedQuantity: 0, returnedQuantity: 0 });
    expect((await db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId)))[0]!.stock).toBe(4);
    const notes = await db.select().from(caseMessages).where(eq(caseMessages.caseId, r.caseId));
    expect(notes).toMatchObject([{ kind: 'internal_note', body: 'Worn, tags removed' }]);
    expect(await emailSteps(r.orderId)).toEqual(['email.return_rejected']);
    // A rejected return cannot be approved afterwards.
    expect(await codeOf(approveReturn(ctx, { returnId: r.returnId }))).toBe('invalid_state');
  });

  it('receives at most what was requested and refuses to receive twice', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 2, ordered: 3 }] });
    await approveReturn(ctx, { returnId: r.returnId });
    const err = await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 3 }] }).catch((e) => e);
    expect(reasonOf(err)).toBe('quantity_above_requested');
    expect(await line(r.items[0]!.orderLineId)).toMatchObject({ returnRequestedQuantity: 2, returnedQuantity: 0 });
    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] });
    expect(await codeOf(receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] }))).toBe('invalid_state');
    expect(await line(r.items[0]!.orderLineId)).toMatchObject({ returnRequestedQuantity: 1, returnedQuantity: 1 });
  });

  it('inspection: restock adds stock, a chosen write-off and damaged units add to written_off; damaged cannot be restocked', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 2, ordered: 2 }, { quantity: 1 }, { quantity: 1 }, { quantity: 1 }] });
    await approveReturn(ctx, { returnId: r.returnId });
    const [a, b, c, d] = r.items as [typeof r.items[0], typeof r.items[0], typeof r.items[0], typeof r.items[0]];
    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: a.id, quantity: 2 }, { returnItemId: b.id, quantity: 1 }, { returnItemId: c.id, quantity: 1 }, { returnItemId: d.id, quantity: 0 }] });
    const before = { a: await stockOf(a.sku), b: await stockOf(b.sku), c: await stockOf(c.sku) };
    const damagedRestock = await inspectReturn(ctx, {
      returnId: r.returnId,
      items: [
        { returnItemId: a.id, grade: 'as_new', restock: true },
        { returnItemId: b.id, grade: 'damaged', restock: true },
        { returnItemId: c.id, grade: 'opened', restock: false },
        { returnItemId: d.id, grade: 'missing', restock: false },
      ],
    }).catch((e) => e);
    expect(reasonOf(damagedRestock)).toBe('damaged_not_restocked');
    expect(await stockOf(a.sku)).toBe(before.a); // nothing of the refused inspection stuck

    await inspectReturn(ctx, {
      returnId: r.returnId,
      items: [
        { returnItemId: a.id, grade: 'as_new', restock: true },
        { returnItemId: b.id, grade: 'damaged', restock: false },
        { returnItemId: c.id, grade: 'opened', restock: false },
        { returnItemId: d.id, grade: 'missing', restock: false },
      ],
    });
    expect(await stockOf(a.sku)).toBe(before.a + 2);
    expect(await stockOf(b.sku)).toBe(before.b);
    expect(await stockOf(c.sku)).toBe(before.c);
    expect(await line(a.orderLineId)).toMatchObject({ returnedQuantity: 2, writtenOffQuantity: 0 });
    expect(await line(b.orderLineId)).toMatchObject({ returnedQuantity: 1, writtenOffQuantity: 1 });
    expect(await line(c.orderLineId)).toMatchObject({ returnedQuantity: 1, writtenOffQuantity: 1 });
    expect(await line(d.orderLineId)).toMatchObject({ returnRequestedQuantity: 1, returnedQuantity: 0, writtenOffQuantity: 0 });
    const grades = await db.select({ id: returnItems.id, grade: returnItems.inspectionGrade, restock: returnItems.restock }).from(returnItems).where(eq(returnItems.returnId, r.returnId));
    expect(grades.find((g) => g.id === b.id)).toMatchObject({ grade: 'damaged', restock: false });

    // Completion releases the missing unit's request and refunds only what came back (2×89 + 89 + 89).
    const done = await completeReturn(ctx, { returnId: r.returnId, refundAmount: '' });
    expect(done.refund).toBe(4 * 8900);
    expect(await line(d.orderLineId)).toMatchObject({ returnRequestedQuantity: 0 });
  });

  it('partial refund, store credit code and exchange parcel', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { fee: 500, items: [{ quantity: 1, unitPrice: 5000 }, { quantity: 1, unitPrice: 4000, resolution: 'store_credit' }, { quantity: 1, resolution: 'exchange' }] });
    await approveReturn(ctx, { returnId: r.returnId });
    await receiveReturn(ctx, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, quantity: 1 })) });
    await inspectReturn(ctx, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, grade: 'opened' as const, restock: true })) });
    const tooMuch = await completeReturn(ctx, { returnId: r.returnId, refundAmount: '45,01' }).catch((e) => e);
    expect(reasonOf(tooMuch)).toBe('amount_above_entitlement');
    const done = await completeReturn(ctx, { returnId: r.returnId, refundAmount: '30', note: 'Scratched sole, 15 € off' });
    expect(done).toMatchObject({ refund: 3000, partial: true });
    const [credit] = await db.select().from(compensations).where(and(eq(compensations.returnId, r.returnId), eq(compensations.kind, 'store_credit')));
    // Store credit carries the active policy's bonus (the demo policy: +10 %).
    expect(credit).toMatchObject({ status: 'issued', amount: 4400 });
    expect(credit!.code).toMatch(/^SC-/);
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(row!.status).toBe('completed');
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, row!.exchangeShipmentId!));
    expect(parcel).toMatchObject({ direction: 'outbound', service: 'exchange' });
    // The exchange stock held at request time is consumed, not released.
    expect((await db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, r.items[2]!.exchangeVariantId!)))[0]!.stock).toBe(3);
  });

  it('a zero or partial refund without a reason is refused: the return stays inspected, the case open, no survey', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 8900 }] });
    await approveReturn(ctx, { returnId: r.returnId });
    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] });
    await inspectReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, grade: 'damaged', restock: false }] });
    for (const refundAmount of ['0', '0,00', '44,50']) {
      const err = await completeReturn(ctx, { returnId: r.returnId, refundAmount }).catch((e) => e);
      expect(reasonOf(err)).toBe('short_refund_needs_reason');
      const blank = await completeReturn(ctx, { returnId: r.returnId, refundAmount, note: '   ' }).catch((e) => e);
      expect(reasonOf(blank)).toBe('short_refund_needs_reason');
    }
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(row!.status).toBe('inspected');
    const [kase] = await db.select().from(cases).where(eq(cases.id, r.caseId));
    expect(kase!.status).not.toBe('resolved');
    expect(await db.select().from(refunds).where(eq(refunds.returnId, r.returnId))).toHaveLength(0);
    expect(await emailSteps(r.orderId)).not.toContain('email.csat_survey');

    // With the reason it goes through, and the reason is what the refund and the case event carry.
    const done = await completeReturn(ctx, { returnId: r.returnId, refundAmount: '0', note: 'Returned broken by the customer' });
    expect(done).toMatchObject({ refund: 0, partial: true });
    const [event] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'return.completed')));
    expect(event!.data).toMatchObject({ refund: 0, partial: true, note: 'Returned broken by the customer' });
  });

  it('a damaged item returned as "changed my mind" is proposed at the policy\'s 30 % less; taking the proposal needs no reason and the audit records the deduction', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 8900, reasonCode: 'changed_mind' }, { quantity: 1, unitPrice: 5000 }] });
    const [damaged, intact] = r.items as [(typeof r.items)[0], (typeof r.items)[0]];
    await approveReturn(ctx, { returnId: r.returnId });
    await receiveReturn(ctx, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, quantity: 1 })) });
    await inspectReturn(ctx, {
      returnId: r.returnId,
      items: [
        { returnItemId: damaged.id, grade: 'damaged', restock: false },
        { returnItemId: intact.id, grade: 'opened', restock: true },
      ],
    });
    // What the panel pre-fills: 89,00 − 30 % + 50,00, and why.
    const view = await getStaffReturn(db, r.returnId);
    expect(view!.settlement).toMatchObject({ refund: 13900, proposedRefund: 11230 });
    expect(view!.deductions).toEqual([expect.objectContaining({ percent: 30, amount: 2670, reasonCode: 'changed_mind' })]);
    // Less than the proposal still needs the agent's reason; more than the full value is refused.
    expect(reasonOf(await completeReturn(ctx, { returnId: r.returnId, refundAmount: '112,29' }).catch((e) => e))).toBe('short_refund_needs_reason');
    expect(reasonOf(await completeReturn(ctx, { returnId: r.returnId, refundAmount: '139,01' }).catch((e) => e))).toBe('amount_above_entitlement');

    const done = await completeReturn(ctx, { returnId: r.returnId, refundAmount: '112,30' });
    expect(done).toMatchObject({ refund: 11230, proposedRefund: 11230, partial: false });
    const [refund] = await db.select().from(refunds).where(eq(refunds.returnId, r.returnId));
    expect(refund!.amount).toBe(11230);
    expect(refund!.reason).toContain('-30 %');
    const [event] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'return.completed')));
    expect(event!.data).toMatchObject({ refund: 11230, refundDue: 11230, refundFullValue: 13900, partial: false, deductions: [{ returnItemId: damaged.id, reasonCode: 'changed_mind', percent: 30, amount: 2670 }] });
  });

  it('the agent may waive the deduction and refund the full value of a damaged "changed my mind" item', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 8900, reasonCode: 'changed_mind' }] });
    await approveReturn(ctx, { returnId: r.returnId });
    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] });
    await inspectReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, grade: 'damaged', restock: false }] });
    expect(await completeReturn(ctx, { returnId: r.returnId, refundAmount: '89' })).toMatchObject({ refund: 8900, partial: false });
  });

  it('maps a refund above the captured amount to a clear refusal and leaves the return inspected', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 8900 }] });
    await approveReturn(ctx, { returnId: r.returnId });
    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] });
    await inspectReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, grade: 'as_new', restock: true }] });
    // Goodwill already refunded most of the order.
    await db.insert(refunds).values({ orderId: r.orderId, amount: r.captured - 1000, currency: 'EUR' });
    const err = await completeReturn(ctx, { returnId: r.returnId, refundAmount: '' }).catch((e) => e);
    expect(reasonOf(err)).toBe('refund_exceeds_captured');
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(row!.status).toBe('inspected');
    expect(await db.select().from(outbox).where(and(eq(outbox.orderId, r.orderId), inArray(outbox.kind, ['email.return_completed'])))).toHaveLength(0);
  });

  it('retries the label of an approved return (label failed at approval); not twice', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db);
    await db.update(returns).set({ status: 'approved', approvedAt: new Date() }).where(eq(returns.id, r.returnId));
    const { trackingNumber } = await retryReturnLabel(ctx, { returnId: r.returnId });
    const [row] = await db.select().from(returns).where(eq(returns.id, r.returnId));
    expect(row!.status).toBe('label_issued');
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, row!.returnShipmentId!));
    expect(parcel!.trackingNumber).toBe(trackingNumber);
    expect(await codeOf(retryReturnLabel(ctx, { returnId: r.returnId }))).toBe('invalid_state');
    expect(await codeOf(retryReturnLabel({ db, actor: { type: 'customer', orderId: r.orderId } }, { returnId: r.returnId }))).toBe('forbidden'); // a customer holds no staff permission (one authorize(), issue #13)
  });

  it('settles pure: fee deducted, bonus on credit, missing worth nothing', () => {
    expect(
      settleReturn(
        [
          { resolution: 'refund', receivedQuantity: 2, unitPrice: 1000, inspectionGrade: 'as_new' },
          { resolution: 'refund', receivedQuantity: 0, unitPrice: 9999, inspectionGrade: 'missing' },
          { resolution: 'store_credit', receivedQuantity: 1, unitPrice: 1000, inspectionGrade: 'opened' },
          { resolution: 'exchange', receivedQuantity: 1, unitPrice: 1000, inspectionGrade: 'opened' },
        ],
        { fee: 495, bonusPercent: 10 },
      ),
    ).toEqual({ refund: 1505, proposedRefund: 1505, deductions: [], credit: 1100, exchangeUnits: 1 });
  });
});
