import { desc, eq } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, orderLines, outbox, photos, returnItems, returnPolicies, returns, shipments, variants } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import en from '@/messages/en.json';
import fi from '@/messages/fi.json';
import sv from '@/messages/sv.json';
import { testDb } from '@/test/db';
import { eventsOf, typesOf } from '@/test/events';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';
import { inRollback } from '@/test/rollback';
import { runSubscriberFor } from '@/test/subscribers';
import { createStaff } from '@/test/staff-factories';
import { getApiReturn } from './api-queries';
import { cancelReturn } from './cancel-return';
import { flagOverdueShipNow } from './flag-overdue-ship-now';
import { shipNowRefusal } from './policy';
import { toPolicyForm } from './policy-schemas';
import { getCustomerReturn, getReturnWizard, loadPolicy } from './queries';
import { getStaffReturn } from './staff/queries';
import { returnEmailsSubscriber } from './subscribers';
import { refusalMessage, type ReturnsTranslate } from './refusal-message';
import { saveReturnPolicy } from './save-return-policy';
import { completeReturn } from './staff/complete-return';
import { inspectReturn } from './staff/inspect-return';
import { receiveReturn } from './staff/receive-return';
import { rejectReturn } from './staff/reject-return';
import { type RefusalDetails, submitReturn } from './submit-return';

const TZ = 'Europe/Helsinki';
const db = testDb();
const ctxFor = (orderId: string): Ctx => ({ db, actor: { type: 'customer', orderId } });
const stockOf = async (id: string) => (await db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, id)))[0]!.stock;
const setPolicy = (values: Partial<typeof returnPolicies.$inferInsert>) => db.update(returnPolicies).set(values).where(eq(returnPolicies.isActive, true));

async function refusalsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return ((error as AppError).details as RefusalDetails).refusals.map((r) => r.refusal);
}

/** An order with one line and one other size in stock, and a ship-now exchange request for it. */
async function exchangeOrder(stock = 2) {
  const order = await createReturnableOrder(db, { siblingStock: [stock] });
  const target = order.siblings[0]!;
  const request = (shipNow: boolean, extra: Array<{ orderLineId: string }> = []) =>
    returnRequest(order, [{ orderLineId: order.lines[0]!.id, resolution: 'exchange_variant', exchangeVariantId: target.id }, ...extra], { shipNow });
  return { order, target, request };
}

beforeAll(() => ensureReturnPolicy(db));
afterAll(() => setPolicy({ shipExchangeNow: false, shipNowChargeAfterDays: 14, shipNowMaxOrderValue: null }));

describe('ship the exchange now', () => {
  it('the admin turns it on in the policy (days, value cap): audited before → after; bad days refused, nothing saved', async () => {
    const admin = { type: 'staff', staffId: '00000000-0000-4000-8000-00000000ad02', role: 'admin' } as const;
    await setPolicy({ shipExchangeNow: false, shipNowChargeAfterDays: 14, shipNowMaxOrderValue: null });
    const form = toPolicyForm('Instant exchange', await loadPolicy(db));
    expect(form).toMatchObject({ shipExchangeNow: false, shipNowChargeAfterDays: 14, shipNowMaxOrderValue: null });
    const bad = (await saveReturnPolicy({ db, actor: admin }, { ...form, shipExchangeNow: true, shipNowChargeAfterDays: 0 }).catch((e: unknown) => e)) as { issues: Array<{ path: unknown[]; message: string }> };
    expect(bad.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['shipNowChargeAfterDays', 'range']]);
    expect((await loadPolicy(db)).shipExchangeNow).toBe(false);
    await inRollback(db, async (tx) => {
      await saveReturnPolicy({ db: tx, actor: admin }, { ...form, shipExchangeNow: true, shipNowChargeAfterDays: 21, shipNowMaxOrderValue: 250 });
      expect(await loadPolicy(tx)).toMatchObject({ shipExchangeNow: true, shipNowChargeAfterDays: 21, shipNowMaxOrderValue: 25000 });
      const [event] = await tx.select().from(caseEvents).where(eq(caseEvents.type, 'settings.changed')).orderBy(desc(caseEvents.id)).limit(1);
      expect(event!.data).toMatchObject({ key: 'returnPolicy', before: { shipExchangeNow: false, shipNowChargeAfterDays: 14 }, after: { shipExchangeNow: true, shipNowChargeAfterDays: 21, shipNowMaxOrderValue: 25000 } });
    });
  });

  it('the wizard is told the offer only when the policy allows it for the order', async () => {
    const { order } = await exchangeOrder();
    const access = { orderId: order.id, level: 'verified' as const };
    await setPolicy({ shipExchangeNow: false });
    expect((await getReturnWizard(db, access, 'en', TZ))!.shipNow).toBeNull();
    await setPolicy({ shipExchangeNow: true, shipNowChargeAfterDays: 7, shipNowMaxOrderValue: null });
    expect((await getReturnWizard(db, access, 'en', TZ))!.shipNow).toEqual({ chargeAfterDays: 7, orderValue: 8900, maxOrderValue: null });
    await setPolicy({ shipNowMaxOrderValue: 8899 });
    expect((await getReturnWizard(db, access, 'en', TZ))!.shipNow).toBeNull();
    await setPolicy({ shipNowMaxOrderValue: null });
  });

  it('policy off: "send my new item now" is refused with a localized message and nothing changes', async () => {
    await setPolicy({ shipExchangeNow: false });
    const { order, target, request } = await exchangeOrder();
    const refusals = await refusalsOf(submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: request(true) }));
    expect(refusals.map((r) => r.code)).toEqual(['ship_now_not_offered']);
    const tFi = createTranslator({ locale: 'fi', messages: fi, namespace: 'returns' }) as unknown as ReturnsTranslate;
    const tSv = createTranslator({ locale: 'sv', messages: sv, namespace: 'returns' }) as unknown as ReturnsTranslate;
    expect(refusalMessage(tFi, refusals[0]!, { locale: 'fi' })).toBe('Uuden tuotteen lähettämistä ennen palautuksen saapumista ei tarjota tälle tilaukselle.');
    expect(refusalMessage(tSv, refusals[0]!, { locale: 'sv' })).toContain('erbjuds inte');
    // Nothing changed: no return, no case, no event, the stock and the line's counters as they were.
    expect(await db.select().from(returns).where(eq(returns.orderId, order.id))).toEqual([]);
    expect(await db.select().from(cases).where(eq(cases.orderId, order.id))).toEqual([]);
    expect(await eventsOf(db, { orderId: order.id })).toEqual([]);
    expect(await stockOf(target.id)).toBe(2);
    expect((await db.select().from(orderLines).where(eq(orderLines.id, order.lines[0]!.id)))[0]!.returnRequestedQuantity).toBe(0);
  });

  it('policy on: the exchange ships at submit — exchange.created with shipNow in the same transaction, the deadline stored, stock held', async () => {
    await setPolicy({ shipExchangeNow: true, shipNowChargeAfterDays: 10, shipNowMaxOrderValue: null });
    const { order, target, request } = await exchangeOrder();
    const now = new Date('2026-12-06T10:00:00Z');
    const result = await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, now, request: request(true) });

    // "Too small" auto-approves: only such a return ships ahead.
    expect(result.status).not.toBe('requested');
    const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    expect(row).toMatchObject({ shipNow: true, shipNowDeadline: new Date('2026-12-16T10:00:00Z') });
    expect(row!.exchangeShipmentId).not.toBeNull();
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, row!.exchangeShipmentId!));
    expect(parcel).toMatchObject({ direction: 'outbound', service: 'exchange', orderId: order.id });
    expect(await stockOf(target.id)).toBe(1);

    const events = await eventsOf(db, { orderId: order.id, types: ['return.requested', 'exchange.created'] });
    expect(typesOf(events)).toEqual(['return.requested', 'exchange.created']);
    expect(events[1]!.data).toMatchObject({
      returnId: result.returnId,
      shipmentId: row!.exchangeShipmentId,
      shipNow: true,
      shipNowDeadline: '2026-12-16T10:00:00.000Z',
      items: [{ variantId: target.id, quantity: 1 }],
      shipTo: { line1: expect.any(String) },
    });
    expect(events[0]!.txId).toBe(events[1]!.txId);
    const [kase] = await db.select().from(cases).where(eq(cases.returnId, result.returnId));
    expect(kase!.tags).toEqual(expect.arrayContaining(['exchange', 'ship_now']));

    // The API (and the webhook body of exchange.created, which is the return's resource) says so too.
    expect(await getApiReturn(db, result.rma)).toMatchObject({ shipNow: true, shipNowDeadline: '2026-12-16T10:00:00.000Z' });

    // The customer cannot cancel: the new item is on its way.
    await expect(cancelReturn(ctxFor(order.id), { returnId: result.returnId, orderId: order.id })).rejects.toMatchObject({ code: 'invalid_state' });

    // Completing the return later sends nothing twice: no second parcel, no second exchange.created, stock stays out.
    const agent = await createStaff(db);
    const staff: Ctx = { db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } };
    const [item] = await db.select().from(returnItems).where(eq(returnItems.returnId, result.returnId));
    await receiveReturn(staff, { returnId: result.returnId, items: [{ returnItemId: item!.id, quantity: 1 }] });
    await inspectReturn(staff, { returnId: result.returnId, items: [{ returnItemId: item!.id, grade: 'opened', restock: true }] });
    const done = await completeReturn(staff, { returnId: result.returnId, refundAmount: '' });
    expect(done.exchangeShipmentId).toBe(row!.exchangeShipmentId);
    expect(typesOf(await eventsOf(db, { orderId: order.id, types: ['exchange.created'] }))).toEqual(['exchange.created']);
    expect(await db.select().from(shipments).where(eq(shipments.id, row!.exchangeShipmentId!))).toHaveLength(1);
    expect((await db.select().from(shipments).where(eq(shipments.orderId, order.id))).filter((s) => s.service === 'exchange')).toHaveLength(1);
    expect(await stockOf(target.id)).toBe(1);
  });

  it('the customer (return page, email) and the agent (case panel) are told the new item goes first, with the deadline', async () => {
    await setPolicy({ shipExchangeNow: true, shipNowChargeAfterDays: 10, shipNowMaxOrderValue: null });
    const order = await createReturnableOrder(db, { siblingStock: [2], locale: 'fi' });
    const now = new Date('2026-12-06T10:00:00Z');
    const request = returnRequest(order, [{ orderLineId: order.lines[0]!.id, resolution: 'exchange_variant', exchangeVariantId: order.siblings[0]!.id }], { shipNow: true });
    const result = await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, now, request });

    const page = (await getCustomerReturn(db, result.returnId, 'fi'))!;
    expect(page.shipNow).toEqual({ deadline: '2026-12-16T10:00:00.000Z' });
    expect(page.canCancel).toBe(false);
    const panel = (await getStaffReturn(db, result.returnId))!;
    expect(panel.shipNow).toMatchObject({ deadline: '2026-12-16T10:00:00.000Z', overdue: false });
    // The new item's parcel awaits the shop's tracking number: no number is shown until it is sent.
    expect(panel.exchangeParcel).toMatchObject({ awaitingShop: true, trackingNumber: null });

    // The confirmation email (here the label email: "too small" auto-approves) says so, in the customer's language.
    await runSubscriberFor(db, returnEmailsSubscriber, order.id);
    const mails = await db.select().from(outbox).where(eq(outbox.orderId, order.id));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload.text).toContain('Uusi tuotteesi on matkalla jo ennen kuin palautuksesi saapuu. Lähetä vanha tuote niin, että se on perillä viimeistään 16. joulukuuta 2026');
  });

  it('staff rejecting a ship-now return do not put the shipped exchange item back in stock', async () => {
    await setPolicy({ shipExchangeNow: true });
    const { order, target, request } = await exchangeOrder();
    const result = await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: request(true) });
    expect(await stockOf(target.id)).toBe(1);
    const agent = await createStaff(db);
    const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    // Stands for a request that waits for review (the demo's review reasons need photos): staff reject it.
    await db.update(returns).set({ status: 'requested' }).where(eq(returns.id, row!.id));
    await rejectReturn({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { returnId: result.returnId, internalReason: 'Worn', customerMessage: 'The item shows signs of use.' });
    expect(await stockOf(target.id)).toBe(1);
    expect((await db.select().from(orderLines).where(eq(orderLines.id, order.lines[0]!.id)))[0]!.returnRequestedQuantity).toBe(0);
  });

  it('without ship-now the exchange still waits for the return (no parcel, no exchange.created at submit)', async () => {
    await setPolicy({ shipExchangeNow: true });
    const { order, request } = await exchangeOrder();
    const result = await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: request(false) });
    const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    expect(row).toMatchObject({ shipNow: false, shipNowDeadline: null, exchangeShipmentId: null });
    expect(await eventsOf(db, { orderId: order.id, types: ['exchange.created'] })).toEqual([]);
  });

  it('out of stock, a refund item in the return, or an order above the cap: not offered, refused, nothing changes', async () => {
    await setPolicy({ shipExchangeNow: true, shipNowMaxOrderValue: null });
    const soldOut = await exchangeOrder(0);
    const codes = (await refusalsOf(submitReturn(ctxFor(soldOut.order.id), { orderId: soldOut.order.id, timeZone: TZ, request: soldOut.request(true) }))).map((r) => r.code);
    expect(codes).toEqual(['exchange_out_of_stock']);

    const mixed = await createReturnableOrder(db, { lines: [{ quantity: 1 }, { quantity: 1 }], siblingStock: [3] });
    const mixedRequest = returnRequest(
      mixed,
      [
        { orderLineId: mixed.lines[0]!.id, resolution: 'exchange_variant', exchangeVariantId: mixed.siblings[0]!.id },
        { orderLineId: mixed.lines[1]!.id, resolution: 'refund' },
      ],
      { shipNow: true },
    );
    expect((await refusalsOf(submitReturn(ctxFor(mixed.id), { orderId: mixed.id, timeZone: TZ, request: mixedRequest }))).map((r) => r.code)).toEqual(['ship_now_exchange_only']);
    expect(await db.select().from(returns).where(eq(returns.orderId, mixed.id))).toEqual([]);
    expect(await stockOf(mixed.siblings[0]!.id)).toBe(3);

    await setPolicy({ shipNowMaxOrderValue: 5000 });
    const big = await exchangeOrder();
    const [capped] = await refusalsOf(submitReturn(ctxFor(big.order.id), { orderId: big.order.id, timeZone: TZ, request: big.request(true) }));
    expect(capped).toEqual({ code: 'ship_now_order_value', values: { amount: 5000 } });
    const tEn = createTranslator({ locale: 'en', messages: en, namespace: 'returns' }) as unknown as ReturnsTranslate;
    expect(refusalMessage(tEn, capped!, { locale: 'en', currency: 'EUR' })).toBe('Sending the new item first is offered for orders of up to €50.00.');
    expect(await stockOf(big.target.id)).toBe(2);
  });

  it('a reason staff must review first ("damaged"): "send now" refused with a localized message, nothing written; the same exchange without it goes to review', async () => {
    await setPolicy({ shipExchangeNow: true, shipNowMaxOrderValue: null });
    const { order, target } = await exchangeOrder();
    const [photo] = await db
      .insert(photos)
      .values({ orderId: order.id, contentType: 'image/jpeg', width: 1, height: 1, sizeBytes: 5, data: Buffer.from('crack') })
      .returning({ id: photos.id });
    const damaged = (shipNow: boolean) =>
      returnRequest(order, [{ orderLineId: order.lines[0]!.id, reasonCode: 'damaged', photoIds: [photo!.id], resolution: 'exchange_variant', exchangeVariantId: target.id }], { shipNow });

    const refusals = await refusalsOf(submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: damaged(true) }));
    expect(refusals).toEqual([{ code: 'ship_now_needs_review' }]);
    const tEn = createTranslator({ locale: 'en', messages: en, namespace: 'returns' }) as unknown as ReturnsTranslate;
    const tFi = createTranslator({ locale: 'fi', messages: fi, namespace: 'returns' }) as unknown as ReturnsTranslate;
    expect(refusalMessage(tEn, refusals[0]!, { locale: 'en' })).toBe(
      'The new item can be sent first only when the return is approved at once. This return is checked by our staff first, so the new item is sent once your return has arrived.',
    );
    expect(refusalMessage(tFi, refusals[0]!, { locale: 'fi' })).toMatch(/^Uuden tuotteen voi saada etukäteen vain, kun palautus hyväksytään heti\./);
    // Nothing written: no return, no case, no event, no parcel; the stock, the line's counter and the photo as they were.
    expect(await db.select().from(returns).where(eq(returns.orderId, order.id))).toEqual([]);
    expect(await db.select().from(cases).where(eq(cases.orderId, order.id))).toEqual([]);
    expect(await eventsOf(db, { orderId: order.id })).toEqual([]);
    expect((await db.select().from(shipments).where(eq(shipments.orderId, order.id))).filter((s) => s.service === 'exchange')).toEqual([]);
    expect(await stockOf(target.id)).toBe(2);
    expect((await db.select().from(orderLines).where(eq(orderLines.id, order.lines[0]!.id)))[0]!.returnRequestedQuantity).toBe(0);
    expect((await db.select().from(photos).where(eq(photos.id, photo!.id)))[0]!.returnItemId).toBeNull();

    // Without "send now" the same exchange is accepted and waits for staff: requested, no parcel yet.
    const result = await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: damaged(false) });
    expect(result.status).toBe('requested');
    const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    expect(row).toMatchObject({ shipNow: false, exchangeShipmentId: null });
    expect(await eventsOf(db, { orderId: order.id, types: ['exchange.created'] })).toEqual([]);
  });

  it('the rule the wizard and the server share', () => {
    const on = { shipExchangeNow: true, shipNowMaxOrderValue: null };
    const exchange = (stock: number, quantity = 1) => ({ resolution: 'exchange' as const, quantity, exchange: { variantId: 'v', productKey: 'p', price: 1, currency: 'EUR', stock } });
    expect(shipNowRefusal(on, 10_000, [exchange(1)], true)).toBeNull();
    expect(shipNowRefusal(on, 10_000, [exchange(1, 2)], true)).toEqual({ code: 'exchange_out_of_stock', values: { available: 1 } });
    expect(shipNowRefusal({ ...on, shipExchangeNow: false }, 10_000, [exchange(5)], true)).toEqual({ code: 'ship_now_not_offered' });
    expect(shipNowRefusal({ ...on, shipNowMaxOrderValue: 10_000 }, 10_000, [exchange(5)], true)).toBeNull();
    expect(shipNowRefusal({ ...on, shipNowMaxOrderValue: 9_999 }, 10_000, [exchange(5)], true)?.code).toBe('ship_now_order_value');
    expect(shipNowRefusal(on, 10_000, [], true)?.code).toBe('ship_now_exchange_only');
    // A return that waits for review is never sent ahead, however much stock there is.
    expect(shipNowRefusal(on, 10_000, [exchange(5)], false)).toEqual({ code: 'ship_now_needs_review' });
  });
});

describe('ship-now overdue sweep', () => {
  it('flags the case once when the deadline passes without the return; a received return is left alone', async () => {
    await setPolicy({ shipExchangeNow: true, shipNowChargeAfterDays: 5, shipNowMaxOrderValue: null });
    const requestedAt = new Date('2026-11-01T09:00:00Z');
    const late = await exchangeOrder();
    const lateResult = await submitReturn(ctxFor(late.order.id), { orderId: late.order.id, timeZone: TZ, now: requestedAt, request: late.request(true) });
    const onTime = await exchangeOrder();
    const onTimeResult = await submitReturn(ctxFor(onTime.order.id), { orderId: onTime.order.id, timeZone: TZ, now: requestedAt, request: onTime.request(true) });
    await db.update(returns).set({ receivedAt: new Date('2026-11-04T09:00:00Z'), status: 'received' }).where(eq(returns.id, onTimeResult.returnId));
    await db.update(cases).set({ status: 'waiting_customer' }).where(eq(cases.returnId, lateResult.returnId));

    // Before the deadline: nothing.
    expect((await flagOverdueShipNow(db, { now: new Date('2026-11-06T08:59:00Z') })).flagged).toBe(0);
    const after = new Date('2026-11-06T09:01:00Z');
    await flagOverdueShipNow(db, { now: after });
    await flagOverdueShipNow(db, { now: new Date('2026-11-07T09:00:00Z') });

    const [lateRow] = await db.select().from(returns).where(eq(returns.id, lateResult.returnId));
    expect(lateRow!.shipNowOverdueAt).toEqual(after);
    const [kase] = await db.select().from(cases).where(eq(cases.returnId, lateResult.returnId));
    expect(kase).toMatchObject({ status: 'open', priority: 'high' });
    expect(kase!.tags.filter((t) => t === 'ship_now_overdue')).toHaveLength(1);
    const flags = await db.select().from(caseEvents).where(eq(caseEvents.caseId, kase!.id));
    expect(flags.filter((e) => e.type === 'return.ship_now_overdue')).toHaveLength(1);
    expect(flags.find((e) => e.type === 'return.ship_now_overdue')!.data).toMatchObject({ returnId: lateResult.returnId, rma: lateResult.rma, deadline: '2026-11-06T09:00:00.000Z' });

    const [onTimeRow] = await db.select().from(returns).where(eq(returns.id, onTimeResult.returnId));
    expect(onTimeRow!.shipNowOverdueAt).toBeNull();
    const [onTimeCase] = await db.select().from(cases).where(eq(cases.returnId, onTimeResult.returnId));
    expect(onTimeCase!.tags).not.toContain('ship_now_overdue');
  });
});
