import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, orderLines, outbox, refunds, returnItems, returns, variants } from '@/db/schema';
import { reasonOf } from '@/lib/compensations/money-errors';
import { testDb } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { ensureReturnPolicy } from '@/test/return-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { deskSettlement } from '../settlement';
import { receivingStepFor } from '../state';
import { approveReturn } from './approve-return';
import { confirmReceiving } from './confirm-receiving';
import { getStaffReturn } from './queries';
import { receiveReturn } from './receive-return';

const db = testDb();
async function agentCtx() {
  const agent = await createStaff(db);
  return { db, actor: { type: 'staff' as const, staffId: agent.id, role: 'agent' as const } };
}
const stockOf = async (sku: string) => (await db.select({ stock: variants.stock }).from(variants).where(eq(variants.sku, sku)))[0]!.stock;
const lineOf = async (id: string) => (await db.select().from(orderLines).where(eq(orderLines.id, id)))[0]!;
const statusOf = async (id: string) => (await db.select({ status: returns.status }).from(returns).where(eq(returns.id, id)))[0]!.status;
const auditTypes = async (caseId: string) => (await db.select({ type: caseEvents.type }).from(caseEvents).where(eq(caseEvents.caseId, caseId))).map((e) => e.type);
const refundRows = (returnId: string) => db.select().from(refunds).where(eq(refunds.returnId, returnId));

/** A return whose label is issued: the parcel the desk scans. */
async function scannedReturn(items: NonNullable<Parameters<typeof createRequestedReturn>[1]>['items']) {
  const ctx = await agentCtx();
  const r = await createRequestedReturn(db, { items });
  await approveReturn(ctx, { returnId: r.returnId });
  return { ctx, r };
}

describe('the receiving desk: receive → inspect → complete in one Confirm', () => {
  beforeAll(() => ensureReturnPolicy(db));

  it('refunds exactly the live proposal shown before confirming (policy deduction included), restocks and writes off per item, with every step audited', async () => {
    const { ctx, r } = await scannedReturn([{ quantity: 1, unitPrice: 8900, reasonCode: 'changed_mind' }, { quantity: 2, ordered: 2, unitPrice: 5000 }]);
    const [damaged, intact] = r.items as [(typeof r.items)[0], (typeof r.items)[0]];
    const view = (await getStaffReturn(db, r.returnId))!;
    expect(receivingStepFor(view.status)).toBe('receive');
    // What the agent enters: the damaged shirt (written off), one of two intact ones came back (to stock).
    const entered = [
      { returnItemId: damaged.id, quantity: 1, grade: 'damaged' as const, restock: false },
      { returnItemId: intact.id, quantity: 1, grade: 'as_new' as const, restock: true },
    ];
    const byId = new Map(entered.map((e) => [e.returnItemId, e]));
    // The desk shows the proposal from the view's items in the view's order.
    const proposal = deskSettlement(view.items, view.items.map((i) => byId.get(i.id)!), view.settlementOptions);
    // 89,00 − 30 % (the policy's "changed my mind" deduction for damaged items) + 50,00.
    expect(proposal).toMatchObject({ refund: 13900, proposedRefund: 11230 });
    const stockBefore = await stockOf(intact.sku);

    const done = await confirmReceiving(ctx, { returnId: r.returnId, step: 'receive', items: entered });
    expect(done).toMatchObject({ rma: r.rma, refund: proposal.proposedRefund, credit: 0 });

    const rows = await refundRows(r.returnId);
    expect(rows.map((x) => x.amount)).toEqual([proposal.proposedRefund]);
    expect(rows[0]!.reason).toContain('-30 %');
    expect(await statusOf(r.returnId)).toBe('completed');
    expect(await stockOf(intact.sku)).toBe(stockBefore + 1);
    expect(await lineOf(damaged.orderLineId)).toMatchObject({ writtenOffQuantity: 1, returnedQuantity: 1, returnRequestedQuantity: 0 });
    // The intact line: one unit back, the other requested unit released at completion.
    expect(await lineOf(intact.orderLineId)).toMatchObject({ writtenOffQuantity: 0, returnedQuantity: 1, returnRequestedQuantity: 0 });
    const graded = await db.select().from(returnItems).where(eq(returnItems.returnId, r.returnId));
    expect(graded.find((i) => i.id === damaged.id)).toMatchObject({ receivedQuantity: 1, inspectionGrade: 'damaged', restock: false });
    expect(graded.find((i) => i.id === intact.id)).toMatchObject({ receivedQuantity: 1, inspectionGrade: 'as_new', restock: true });
    // The audit rows each step writes on its own.
    expect(await auditTypes(r.caseId)).toEqual(expect.arrayContaining(['return.received', 'return.inspected', 'return.completed', 'case.resolved']));
    const [completed] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'return.completed')));
    expect(completed!.data).toMatchObject({ refund: 11230, refundDue: 11230, partial: false });
    // One email for one Confirm: the completion's, not "received" and "inspected" a second before it.
    const mails = await db.select({ kind: outbox.kind }).from(outbox).where(and(eq(outbox.orderId, r.orderId), inArray(outbox.kind, ['email.return_received', 'email.return_inspected', 'email.return_completed'])));
    expect(mails.map((m) => m.kind)).toEqual(['email.return_completed']);
  });

  it('is all or nothing: when the refund step fails, nothing is received, graded, restocked or emailed', async () => {
    const { ctx, r } = await scannedReturn([{ quantity: 1, unitPrice: 8900 }]);
    const item = r.items[0]!;
    // Goodwill already refunded most of the order: the completion's refund would exceed the captured amount.
    await db.insert(refunds).values({ orderId: r.orderId, amount: r.captured - 1000, currency: 'EUR' });
    const stockBefore = await stockOf(item.sku);
    const lineBefore = await lineOf(item.orderLineId);

    const err = await confirmReceiving(ctx, { returnId: r.returnId, step: 'receive', items: [{ returnItemId: item.id, quantity: 1, grade: 'as_new', restock: true }] }).catch((e) => e);
    expect(reasonOf(err)).toBe('refund_exceeds_captured');

    expect(await statusOf(r.returnId)).toBe('label_issued');
    expect(await stockOf(item.sku)).toBe(stockBefore);
    expect(await lineOf(item.orderLineId)).toMatchObject({ returnedQuantity: lineBefore.returnedQuantity, returnRequestedQuantity: lineBefore.returnRequestedQuantity, writtenOffQuantity: 0 });
    expect((await db.select().from(returnItems).where(eq(returnItems.id, item.id)))[0]).toMatchObject({ receivedQuantity: 0, inspectionGrade: null });
    expect(await refundRows(r.returnId)).toHaveLength(0);
    expect(await auditTypes(r.caseId)).not.toEqual(expect.arrayContaining(['return.received']));
    expect(await auditTypes(r.caseId)).not.toEqual(expect.arrayContaining(['return.inspected']));
    const mails = await db.select().from(outbox).where(and(eq(outbox.orderId, r.orderId), inArray(outbox.kind, ['email.return_received', 'email.return_inspected', 'email.return_completed'])));
    expect(mails).toHaveLength(0);
  });

  it('five Confirms at once refund once: the others wait for the first, then are refused as already completed', async () => {
    const { ctx, r } = await scannedReturn([{ quantity: 1, unitPrice: 4990 }]);
    const input = { returnId: r.returnId, step: 'receive' as const, items: [{ returnItemId: r.items[0]!.id, quantity: 1, grade: 'opened' as const, restock: true }] };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => confirmReceiving(ctx, input)));
    const ok = results.filter((x) => x.status === 'fulfilled');
    const refused = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(4);
    expect(refused.map((x) => reasonOf(x.reason))).toEqual(Array(4).fill('already_completed'));
    // And a third, later (the agent presses Confirm again after a slow answer): refused the same way.
    expect(reasonOf(await confirmReceiving(ctx, input).catch((e) => e))).toBe('already_completed');
    expect((await refundRows(r.returnId)).map((x) => x.amount)).toEqual([4990]);
    expect((await auditTypes(r.caseId)).filter((t) => t === 'return.completed')).toHaveLength(1);
  });

  it('a return already received opens at the inspect step and completes from there; a desk opened at an older step changes nothing', async () => {
    const { ctx, r } = await scannedReturn([{ quantity: 1, unitPrice: 4990 }]);
    const item = r.items[0]!;
    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: item.id, quantity: 1 }] });
    expect(receivingStepFor(await statusOf(r.returnId))).toBe('inspect');
    const items = [{ returnItemId: item.id, quantity: 1, grade: 'as_new' as const, restock: false }];
    // A desk page still showing the "receive" step (opened before a colleague received it) is refused.
    expect(reasonOf(await confirmReceiving(ctx, { returnId: r.returnId, step: 'receive', items }).catch((e) => e))).toBe('wrong_status');
    expect(await statusOf(r.returnId)).toBe('received');

    const done = await confirmReceiving(ctx, { returnId: r.returnId, step: 'inspect', items });
    expect(done.refund).toBe(4990);
    expect(await statusOf(r.returnId)).toBe('completed');
    // Chosen write-off of a sellable unit.
    expect(await lineOf(item.orderLineId)).toMatchObject({ writtenOffQuantity: 1 });
  });

  it('refuses contradictory grading with the inspection rules and changes nothing', async () => {
    const { ctx, r } = await scannedReturn([{ quantity: 1 }, { quantity: 1 }]);
    const [a, b] = r.items as [(typeof r.items)[0], (typeof r.items)[0]];
    const attempt = (items: Array<{ returnItemId: string; quantity: number; grade: 'as_new' | 'opened' | 'damaged' | 'missing'; restock: boolean }>) =>
      confirmReceiving(ctx, { returnId: r.returnId, step: 'receive', items }).catch((e) => e);
    expect(reasonOf(await attempt([{ returnItemId: a.id, quantity: 1, grade: 'damaged', restock: true }, { returnItemId: b.id, quantity: 1, grade: 'as_new', restock: true }]))).toBe('damaged_not_restocked');
    expect(reasonOf(await attempt([{ returnItemId: a.id, quantity: 1, grade: 'missing', restock: false }, { returnItemId: b.id, quantity: 1, grade: 'as_new', restock: true }]))).toBe(
      'missing_means_nothing_received',
    );
    expect(reasonOf(await attempt([{ returnItemId: a.id, quantity: 2, grade: 'as_new', restock: true }, { returnItemId: b.id, quantity: 1, grade: 'as_new', restock: true }]))).toBe('quantity_above_requested');
    // Nothing of the refund items arrived: no refund without the agent's reason for the customer.
    const none = await attempt([
      { returnItemId: a.id, quantity: 0, grade: 'missing', restock: false },
      { returnItemId: b.id, quantity: 0, grade: 'missing', restock: false },
    ]);
    expect(reasonOf(none)).toBe('nothing_received');
    expect(await statusOf(r.returnId)).toBe('label_issued');
    expect(await auditTypes(r.caseId)).not.toEqual(expect.arrayContaining(['return.received']));
  });
  it('nothing due (the return fee is above the value): refused without the reason the customer sees, completed at 0 with it', async () => {
    const ctx = await agentCtx();
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 500 }], fee: 595 });
    await approveReturn(ctx, { returnId: r.returnId });
    const view = (await getStaffReturn(db, r.returnId))!;
    const items = [{ returnItemId: r.items[0]!.id, quantity: 1, grade: 'opened' as const, restock: true }];
    expect(deskSettlement(view.items, items, view.settlementOptions).proposedRefund).toBe(0);
    expect(reasonOf(await confirmReceiving(ctx, { returnId: r.returnId, step: 'receive', items }).catch((e) => e))).toBe('short_refund_needs_reason');
    expect(await statusOf(r.returnId)).toBe('label_issued');
    const done = await confirmReceiving(ctx, { returnId: r.returnId, step: 'receive', items, note: 'The return fee is more than the item' });
    expect(done.refund).toBe(0);
    expect(await refundRows(r.returnId)).toHaveLength(0);
    expect(await statusOf(r.returnId)).toBe('completed');
  });
});
