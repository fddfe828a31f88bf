import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, caseMessages, cases, compensations, delayIncidents, notices, orders, shipments } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { testDb, uniqueId } from '@/test/db';
import { createNoticedOrder } from '@/test/delay-factories';
import { issueApprovedCompensation } from '@/lib/compensations/issue-approved-compensation';
import { staffUsers } from '@/db/schema';
import { createCase, createStaff } from '@/test/staff-factories';
import { chooseRemedy, REMEDY_CHOICE_LIMIT } from './choose-remedy';

const ctx = () => ({ db: testDb(), clientKey: uniqueId('ip') });

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

async function snapshot(orderId: string, noticeId: string) {
  const db = testDb();
  const [notice] = await db.select({ chosen: notices.remedyChosen, at: notices.remedyChosenAt }).from(notices).where(eq(notices.id, noticeId));
  const [counts] = await db.execute<{ comps: number; cases: number; events: number; refunded: number }>(sql`
    select (select count(*) from compensations where order_id = ${orderId})::int as comps,
           (select count(*) from cases where order_id = ${orderId})::int as cases,
           (select count(*) from case_events where order_id = ${orderId})::int as events,
           (select refunded_amount from orders where id = ${orderId}) as refunded`);
  return { notice, counts };
}

describe('chooseRemedy', () => {
  it('cancel and refund: records the choice, a refund of the undelivered lines waits for an admin (above the agent limit), a delivery_issue case with a note', async () => {
    const db = testDb();
    const { order, noticeId, incidentId, token } = await createNoticedOrder(db);
    const result = await chooseRemedy(ctx(), { token, remedy: 'cancel_refund' });

    const [notice] = await db.select().from(notices).where(eq(notices.id, noticeId));
    expect(notice!.remedyChosen).toBe('cancel_refund');
    expect(notice!.remedyChosenAt).not.toBeNull();
    // The socks (2 × 14,90 €) never arrived; the delivered sweater is not refunded.
    const [comp] = await db.select().from(compensations).where(eq(compensations.id, result.compensationId!));
    expect(comp).toMatchObject({ kind: 'partial_refund', amount: 2980, currency: 'EUR', status: 'pending_approval', orderId: order.id });
    // Agent limit for this order: min(50,00 €, 30 % of 95,60 €) = 28,68 € < 29,80 €. Nothing is paid out yet.
    const [o] = await db.select({ refunded: orders.refundedAmount }).from(orders).where(eq(orders.id, order.id));
    expect(o!.refunded).toBe(0);

    const [kase] = await db.select().from(cases).where(eq(cases.number, result.caseNumber));
    expect(kase).toMatchObject({ type: 'delivery_issue', orderId: order.id, status: 'open', priority: 'high' });
    expect(kase!.tags).toContain('delay_remedy');
    expect(kase!.resolutionDueAt).not.toBeNull();
    expect(comp!.caseId).toBe(kase!.id);
    const [incident] = await db.select({ caseId: delayIncidents.caseId }).from(delayIncidents).where(eq(delayIncidents.id, incidentId));
    expect(incident!.caseId).toBe(kase!.id);
    const notes = await db.select().from(caseMessages).where(and(eq(caseMessages.caseId, kase!.id), eq(caseMessages.kind, 'internal_note')));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain('Cancel and refund');
    expect(notes[0]!.body).toContain('waiting for an admin');
    const events = await db.select({ type: caseEvents.type, actorType: caseEvents.actorType }).from(caseEvents).where(eq(caseEvents.caseId, kase!.id));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['case.opened', 'compensation.requested', 'delay.remedy_chosen']));
    expect(events.find((e) => e.type === 'delay.remedy_chosen')!.actorType).toBe('customer');
  });

  it('is chosen once: a second choice is refused with the recorded one and changes nothing', async () => {
    const db = testDb();
    const { order, noticeId, token } = await createNoticedOrder(db);
    await chooseRemedy(ctx(), { token, remedy: 'keep_waiting' });
    const before = await snapshot(order.id, noticeId);
    const error = await errorOf(chooseRemedy(ctx(), { token, remedy: 'cancel_refund' }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect((error as AppError).details).toMatchObject({ reason: 'already_chosen', remedy: 'keep_waiting' });
    expect(await snapshot(order.id, noticeId)).toEqual(before);
  });

  it('two simultaneous choices: exactly one wins', async () => {
    const db = testDb();
    const { order, token } = await createNoticedOrder(db);
    const results = await Promise.allSettled([chooseRemedy(ctx(), { token, remedy: 'cancel_refund' }), chooseRemedy(ctx(), { token, remedy: 'keep_waiting_with_discount' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const comps = await db.select().from(compensations).where(eq(compensations.orderId, order.id));
    expect(comps).toHaveLength(1);
  });

  it('keep waiting with a discount: a code for the shop percentage of the order, issued at once within the limit', async () => {
    const db = testDb();
    const { order, token } = await createNoticedOrder(db);
    const { compensationId } = await chooseRemedy(ctx(), { token, remedy: 'keep_waiting_with_discount' });
    const [comp] = await db.select().from(compensations).where(eq(compensations.id, compensationId!));
    // 10 % (the default) of 95,60 €.
    expect(comp).toMatchObject({ kind: 'discount_code', amount: 956, status: 'issued' });
    expect(comp!.code).toMatch(/^DC-/);
    const mails = await db.execute<{ kind: string }>(sql`select kind from outbox where order_id = ${order.id} and kind <> 'email.delay_notice'`);
    expect(mails.length).toBeGreaterThanOrEqual(1);
  });

  it('a discount above the budget waits for an admin and no code goes out', async () => {
    const db = testDb();
    const { order, token } = await createNoticedOrder(db);
    // 10 % of 1 000 € is 100 € — above the agent's 50 € limit.
    await db.update(orders).set({ capturedAmount: 100_000 }).where(eq(orders.id, order.id));
    const { compensationId } = await chooseRemedy(ctx(), { token, remedy: 'keep_waiting_with_discount' });
    const [comp] = await db.select().from(compensations).where(eq(compensations.id, compensationId!));
    expect(comp).toMatchObject({ kind: 'discount_code', amount: 10_000, status: 'pending_approval', code: null });
  });

  it('replacement within the budget: a reship parcel for the undelivered units', async () => {
    const db = testDb();
    const { order, token } = await createNoticedOrder(db, { offered: ['keep_waiting', 'cancel_refund', 'replacement'] });
    await db.update(orders).set({ capturedAmount: 20_000 }).where(eq(orders.id, order.id));
    const { compensationId } = await chooseRemedy(ctx(), { token, remedy: 'replacement' });
    const [comp] = await db.select().from(compensations).where(eq(compensations.id, compensationId!));
    expect(comp).toMatchObject({ kind: 'reship', amount: 2980, status: 'issued' });
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, comp!.shipmentId!));
    expect(parcel).toMatchObject({ orderId: order.id, service: 'reship', status: 'info_received' });
  });

  it('keep waiting: no compensation, but staff see the choice on the case', async () => {
    const db = testDb();
    const { token } = await createNoticedOrder(db);
    const result = await chooseRemedy(ctx(), { token, remedy: 'keep_waiting' });
    expect(result.compensationId).toBeNull();
    const [kase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.number, result.caseNumber));
    const notes = await db.select({ body: caseMessages.body }).from(caseMessages).where(eq(caseMessages.caseId, kase!.id));
    expect(notes[0]!.body).toContain('Keep waiting');
  });

  it('updates the open delivery_issue case of the order instead of opening another', async () => {
    const db = testDb();
    const { order, token } = await createNoticedOrder(db);
    const existing = await createCase(db, { orderId: order.id, customerEmail: order.email });
    await db.update(cases).set({ type: 'delivery_issue' }).where(eq(cases.id, existing.id));
    const [before] = await db.select({ version: cases.version }).from(cases).where(eq(cases.id, existing.id));
    const result = await chooseRemedy(ctx(), { token, remedy: 'cancel_refund' });
    expect(result.caseNumber).toBe(existing.number);
    const all = await db.select({ id: cases.id }).from(cases).where(eq(cases.orderId, order.id));
    expect(all).toHaveLength(1);
    const [after] = await db.select({ version: cases.version, tags: cases.tags }).from(cases).where(eq(cases.id, existing.id));
    expect(after!.version).toBe(before!.version + 1);
    expect(after!.tags).toContain('delay_remedy');
  });

  it('bad input changes nothing: unknown or malformed token, a remedy not offered, a parcel that arrived', async () => {
    const db = testDb();
    const { order, noticeId, token, shipmentId } = await createNoticedOrder(db, { offered: ['keep_waiting', 'cancel_refund'] });
    const before = await snapshot(order.id, noticeId);
    expect(((await errorOf(chooseRemedy(ctx(), { token: 'A'.repeat(32), remedy: 'keep_waiting' }))) as AppError).code).toBe('not_found');
    expect((await errorOf(chooseRemedy(ctx(), { token: 'not a token!', remedy: 'keep_waiting' }))) as Error).toHaveProperty('name', 'ZodError');
    expect((await errorOf(chooseRemedy(ctx(), { token, remedy: 'free_money' as never }))) as Error).toHaveProperty('name', 'ZodError');
    expect(((await errorOf(chooseRemedy(ctx(), { token, remedy: 'replacement' }))) as AppError).code).toBe('invalid_input');
    await db.update(shipments).set({ status: 'delivered', deliveredAt: new Date() }).where(eq(shipments.id, shipmentId));
    expect(((await errorOf(chooseRemedy(ctx(), { token, remedy: 'cancel_refund' }))) as AppError).code).toBe('invalid_state');
    expect(await snapshot(order.id, noticeId)).toEqual(before);
  });

  it('an expired link is refused like an unknown one', async () => {
    const db = testDb();
    const { order, noticeId, token } = await createNoticedOrder(db);
    await db.update(notices).set({ createdAt: new Date(Date.now() - 31 * 86_400_000) }).where(eq(notices.id, noticeId));
    const before = await snapshot(order.id, noticeId);
    expect(((await errorOf(chooseRemedy(ctx(), { token, remedy: 'keep_waiting' }))) as AppError).code).toBe('not_found');
    expect(await snapshot(order.id, noticeId)).toEqual(before);
  });

  it('rate-limits guessing from one client', async () => {
    const c = ctx();
    for (let i = 0; i < REMEDY_CHOICE_LIMIT.max; i++) await errorOf(chooseRemedy(c, { token: `${'B'.repeat(30)}${i}x`, remedy: 'keep_waiting' }));
    const error = (await errorOf(chooseRemedy(c, { token: 'C'.repeat(32), remedy: 'keep_waiting' }))) as AppError;
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('cancel and refund within the budget waits for staff as approved; an agent within their limit issues it, once', async () => {
    const db = testDb();
    const { order, token } = await createNoticedOrder(db);
    // Agent limit min(50 €, 30 % of 200 €) = 50 € ≥ 29,80 €.
    await db.update(orders).set({ capturedAmount: 20_000 }).where(eq(orders.id, order.id));
    const { compensationId } = await chooseRemedy(ctx(), { token, remedy: 'cancel_refund' });
    const [waiting] = await db.select().from(compensations).where(eq(compensations.id, compensationId!));
    expect(waiting).toMatchObject({ kind: 'partial_refund', amount: 2980, status: 'approved' });
    expect((await db.select({ r: orders.refundedAmount }).from(orders).where(eq(orders.id, order.id)))[0]!.r).toBe(0);

    const stingy = await createStaff(db, { role: 'agent' });
    await db.update(staffUsers).set({ compensationLimit: 1000 }).where(eq(staffUsers.id, stingy.id));
    const refused = (await errorOf(issueApprovedCompensation({ db, actor: { type: 'staff', staffId: stingy.id, role: 'agent' } }, { compensationId: compensationId! }))) as AppError;
    expect(refused.code).toBe('forbidden');
    expect((await db.select({ r: orders.refundedAmount }).from(orders).where(eq(orders.id, order.id)))[0]!.r).toBe(0);

    const agent = await createStaff(db, { role: 'agent' });
    await issueApprovedCompensation({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { compensationId: compensationId! });
    const [issued] = await db.select().from(compensations).where(eq(compensations.id, compensationId!));
    expect(issued!.status).toBe('issued');
    expect((await db.select({ r: orders.refundedAmount }).from(orders).where(eq(orders.id, order.id)))[0]!.r).toBe(2980);
    const again = (await errorOf(issueApprovedCompensation({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { compensationId: compensationId! }))) as AppError;
    expect(again.code).toBe('conflict');
    expect((await db.select({ r: orders.refundedAmount }).from(orders).where(eq(orders.id, order.id)))[0]!.r).toBe(2980);
  });
});
