import { and, eq, inArray, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, orderLines, outbox, photos, returnItems, returns, shipments, variants } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { AppError } from '@/lib/errors';
import { storeOrderPhoto } from '@/lib/photos/store-photo';
import { testDb } from '@/test/db';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';
import sharp from 'sharp';
import { runSubscriberFor } from '@/test/subscribers';
import { cancelReturn } from './cancel-return';
import { listOpenReturns } from './open-returns';
import { getCustomerReturn, listOrderReturns } from './queries';
import { returnEmailsSubscriber } from './subscribers';
import { submitReturn, type RefusalDetails } from './submit-return';

const TZ = 'Europe/Helsinki';
const db = testDb();
const ctxFor = (orderId: string): Ctx => ({ db, actor: { type: 'customer', orderId } });

async function refusalCodes(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return ((error as AppError).details as RefusalDetails).refusals.map((r) => r.refusal.code);
}

const lineCounters = async (id: string) => (await db.select().from(orderLines).where(eq(orderLines.id, id)))[0]!;
const stockOf = async (id: string) => (await db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, id)))[0]!.stock;

beforeAll(async () => {
  await ensureReturnPolicy(db);
});

describe('submitReturn', () => {
  it('auto-approves a "too small" refund: RMA, counters, case, label and email in one go', async () => {
    const order = await createReturnableOrder(db, { lines: [{ quantity: 2 }] });
    const result = await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: returnRequest(order, [{ orderLineId: order.lines[0]!.id, quantity: 2 }]) });

    expect(result.rma).toMatch(/^R-\d{5,}$/);
    expect(result.status).toBe('label_issued');
    const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    expect(row).toMatchObject({ orderId: order.id, status: 'label_issued', method: 'drop_off', carrier: 'posti', fee: 0, estimatedRefund: 17800, estimatedCredit: 0 });
    expect(row!.approvedAt).not.toBeNull();
    expect((await lineCounters(order.lines[0]!.id)).returnRequestedQuantity).toBe(2);
    const [kase] = await db.select().from(cases).where(eq(cases.returnId, result.returnId));
    expect(kase).toMatchObject({ type: 'return', orderId: order.id, customerEmail: order.email });
    const events = await db.select({ type: caseEvents.type }).from(caseEvents).where(eq(caseEvents.orderId, order.id));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['case.opened', 'return.requested', 'return.approved', 'return.label_issued']));
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, row!.returnShipmentId!));
    expect(parcel).toMatchObject({ direction: 'return', carrier: 'posti' });
    // Auto-approved with its label: the subscriber adds neither a "requested" nor an "approved" email.
    await runSubscriberFor(db, returnEmailsSubscriber, order.id);
    const mails = await db.select().from(outbox).where(eq(outbox.orderId, order.id));
    expect(mails.map((m) => m.kind)).toEqual(['email.return_label_issued']);
    expect(mails[0]!.subject).toContain(result.rma);
    expect(mails[0]!.payload.text).toContain(`/en/returns/${result.rma}`);
  });

  it('waits for staff when a reason needs review, and attaches the photos', async () => {
    const order = await createReturnableOrder(db, { market: 'SE', locale: 'sv' });
    const jpeg = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#a33' } }).jpeg().toBuffer();
    const photo = await storeOrderPhoto(ctxFor(order.id), { orderId: order.id, bytes: jpeg });
    expect(photo.ok).toBe(true);
    if (!photo.ok) return;

    const result = await submitReturn(ctxFor(order.id), {
      orderId: order.id,
      timeZone: TZ,
      request: returnRequest(order, [{ orderLineId: order.lines[0]!.id, reasonCode: 'not_as_described', photoIds: [photo.id], comment: 'Colour is off' }], { carrier: 'postnord' }),
    });
    expect(result.status).toBe('requested');
    const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    expect(row).toMatchObject({ fee: 495, estimatedRefund: 8900 - 495 });
    const [item] = await db.select().from(returnItems).where(eq(returnItems.returnId, result.returnId));
    expect(item).toMatchObject({ reasonCode: 'not_as_described', comment: 'Colour is off' });
    const [stored] = await db.select({ returnItemId: photos.returnItemId }).from(photos).where(eq(photos.id, photo.id));
    expect(stored!.returnItemId).toBe(item!.id);
    // The "requested" email follows from return.requested in the worker: none in the request's transaction.
    expect(await db.select().from(outbox).where(eq(outbox.orderId, order.id))).toEqual([]);
    await runSubscriberFor(db, returnEmailsSubscriber, order.id);
    await runSubscriberFor(db, returnEmailsSubscriber, order.id);
    const mails = await db.select().from(outbox).where(eq(outbox.orderId, order.id));
    expect(mails.map((m) => [m.kind, m.locale])).toEqual([['email.return_requested', 'sv']]);
    expect(mails[0]!.subject).toContain('returbegäran');
  });

  it("the return's status page shows each item's photos in the order they were sent and the reason in the page's language", async () => {
    const order = await createReturnableOrder(db, { market: 'SE', locale: 'sv', lines: [{}, {}] });
    const jpeg = (background: string) => sharp({ create: { width: 120, height: 80, channels: 3, background } }).jpeg().toBuffer();
    const sent = [];
    for (const colour of ['#a33', '#3a3', '#33a']) {
      const photo = await storeOrderPhoto(ctxFor(order.id), { orderId: order.id, bytes: await jpeg(colour) });
      if (!photo.ok) throw new Error('photo refused');
      sent.push(photo.id);
    }
    const result = await submitReturn(ctxFor(order.id), {
      orderId: order.id,
      timeZone: TZ,
      request: returnRequest(
        order,
        [
          { orderLineId: order.lines[0]!.id, reasonCode: 'not_as_described', photoIds: [sent[0]!, sent[2]!] },
          { orderLineId: order.lines[1]!.id, reasonCode: 'not_as_described', photoIds: [sent[1]!] },
        ],
        { carrier: 'postnord' },
      ),
    });

    const page = (await getCustomerReturn(db, result.returnId, 'sv'))!;
    expect(page).toMatchObject({ rma: result.rma, orderNumber: order.orderNumber, status: 'requested', inTransitAt: null, exchangeParcel: null, settled: null, refunds: [] });
    expect(page.items.map((i) => [i.reason, i.photoIds])).toEqual([
      ['Motsvarade inte beskrivningen', [sent[0], sent[2]]],
      ['Motsvarade inte beskrivningen', [sent[1]]],
    ]);
    expect((await getCustomerReturn(db, result.returnId, 'en'))!.items[0]!.reason).toBe('Not as described');
  });

  it('the order page names the open returns oldest first, an exchange as one, and lists every return newest first', async () => {
    const order = await createReturnableOrder(db, { lines: [{}, {}, {}], siblingStock: [2] });
    const submit = (items: Parameters<typeof returnRequest>[1]) => submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: returnRequest(order, items) });
    const canceled = await submit([{ orderLineId: order.lines[0]!.id }]);
    await cancelReturn(ctxFor(order.id), { returnId: canceled.returnId, orderId: order.id });
    const exchange = await submit([{ orderLineId: order.lines[1]!.id, resolution: 'exchange_variant', exchangeVariantId: order.siblings[0]!.id }]);
    const refund = await submit([{ orderLineId: order.lines[2]!.id }]);

    expect(await listOpenReturns(db, order.id)).toEqual([
      { rma: exchange.rma, kind: 'exchange', status: exchange.status },
      { rma: refund.rma, kind: 'return', status: refund.status },
    ]);
    expect((await listOrderReturns(db, order.id)).map((r) => [r.rma, r.status, r.itemCount])).toEqual([
      [refund.rma, refund.status, 1],
      [exchange.rma, exchange.status, 1],
      [canceled.rma, 'canceled', 1],
    ]);
  });

  it('refuses a photo-required reason without a photo and changes nothing', async () => {
    const order = await createReturnableOrder(db);
    const codes = await refusalCodes(
      submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: returnRequest(order, [{ orderLineId: order.lines[0]!.id, reasonCode: 'damaged' }]) }),
    );
    expect(codes).toEqual(['photos_required']);
    expect(await db.select().from(returns).where(eq(returns.orderId, order.id))).toEqual([]);
    expect((await lineCounters(order.lines[0]!.id)).returnRequestedQuantity).toBe(0);
  });

  it('refuses final sale and a closed window with the reason', async () => {
    const finalSale = await createReturnableOrder(db, { lines: [{ finalSale: true }] });
    expect(await refusalCodes(submitReturn(ctxFor(finalSale.id), { orderId: finalSale.id, timeZone: TZ, request: returnRequest(finalSale, [{ orderLineId: finalSale.lines[0]!.id }]) }))).toEqual(['final_sale']);
    const old = await createReturnableOrder(db, { deliveredDaysAgo: 45 });
    expect(await refusalCodes(submitReturn(ctxFor(old.id), { orderId: old.id, timeZone: TZ, request: returnRequest(old, [{ orderLineId: old.lines[0]!.id }]) }))).toEqual(['window_closed']);
  });

  it('a double submit with one key creates one return', async () => {
    const order = await createReturnableOrder(db, { lines: [{ quantity: 3 }] });
    const request = returnRequest(order, [{ orderLineId: order.lines[0]!.id }]);
    const [a, b] = await Promise.all([
      submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request }),
      submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request }),
    ]);
    expect(a.rma).toBe(b.rma);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    const again = await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request });
    expect(again).toMatchObject({ rma: a.rma, duplicate: true });
    expect(await db.select().from(returns).where(eq(returns.orderId, order.id))).toHaveLength(1);
    expect((await lineCounters(order.lines[0]!.id)).returnRequestedQuantity).toBe(1);
  });

  it('caps open returns per order', async () => {
    const order = await createReturnableOrder(db, { lines: [{ quantity: 5 }] });
    for (let i = 0; i < 3; i++) await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: returnRequest(order, [{ orderLineId: order.lines[0]!.id }]) });
    expect(await refusalCodes(submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: returnRequest(order, [{ orderLineId: order.lines[0]!.id }]) }))).toEqual(['open_returns_limit']);
  });

  it('an exchange reserves the stock; cancel gives stock and units back, once', async () => {
    const order = await createReturnableOrder(db, { siblingStock: [2] });
    const target = order.siblings[0]!;
    const result = await submitReturn(ctxFor(order.id), {
      orderId: order.id,
      timeZone: TZ,
      request: returnRequest(order, [{ orderLineId: order.lines[0]!.id, resolution: 'exchange_variant', exchangeVariantId: target.id }], { method: 'printerless', carrier: 'matkahuolto' }),
    });
    expect(await stockOf(target.id)).toBe(1);
    const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    expect(row!.printerlessCode).toBeNull(); // no carrier credentials: a SPECIMEN, no invented label-free code
    expect((await db.select().from(cases).where(eq(cases.returnId, result.returnId)))[0]!.type).toBe('exchange');

    const first = await cancelReturn(ctxFor(order.id), { returnId: result.returnId, orderId: order.id });
    const second = await cancelReturn(ctxFor(order.id), { returnId: result.returnId, orderId: order.id });
    expect([first.alreadyCanceled, second.alreadyCanceled]).toEqual([false, true]);
    expect(await stockOf(target.id)).toBe(2);
    expect((await lineCounters(order.lines[0]!.id)).returnRequestedQuantity).toBe(0);
    const [after] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    expect(after!.status).toBe('canceled');
    expect((await db.select().from(shipments).where(eq(shipments.id, after!.returnShipmentId!)))[0]!.status).toBe('canceled');
    const kinds = (await db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.orderId, order.id))).map((m) => m.kind);
    expect(kinds).toContain('email.return_canceled');
    expect((await db.select().from(cases).where(eq(cases.returnId, result.returnId)))[0]!.status).toBe('resolved');
  });

  it('cannot cancel once the carrier has the parcel', async () => {
    const order = await createReturnableOrder(db);
    const result = await submitReturn(ctxFor(order.id), { orderId: order.id, timeZone: TZ, request: returnRequest(order, [{ orderLineId: order.lines[0]!.id }]) });
    const [row] = await db.select().from(returns).where(eq(returns.id, result.returnId));
    await db.update(shipments).set({ status: 'in_transit' }).where(eq(shipments.id, row!.returnShipmentId!));
    await expect(cancelReturn(ctxFor(order.id), { returnId: result.returnId, orderId: order.id })).rejects.toMatchObject({ code: 'invalid_state' });
    expect((await lineCounters(order.lines[0]!.id)).returnRequestedQuantity).toBe(1);
  });

  it("refuses another order's photo", async () => {
    const mine = await createReturnableOrder(db);
    const theirs = await createReturnableOrder(db);
    const jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#333' } }).jpeg().toBuffer();
    const photo = await storeOrderPhoto(ctxFor(theirs.id), { orderId: theirs.id, bytes: jpeg });
    if (!photo.ok) throw new Error('upload failed');
    await expect(
      submitReturn(ctxFor(mine.id), { orderId: mine.id, timeZone: TZ, request: returnRequest(mine, [{ orderLineId: mine.lines[0]!.id, reasonCode: 'damaged', photoIds: [photo.id] }]) }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await db.select().from(returns).where(eq(returns.orderId, mine.id))).toEqual([]);
  });
});

describe('exchange race', () => {
  it('20 concurrent exchange requests for the last unit: exactly one wins, stock never below zero', async () => {
    const { createDb } = await import('@/db');
    const { inject } = await import('vitest');
    const productKey = `race-${Date.now()}`;
    const first = await createReturnableOrder(db, { productKey, siblingStock: [1] });
    const lastUnit = first.siblings[0]!;
    const others = await Promise.all(Array.from({ length: 19 }, () => createReturnableOrder(db, { productKey, siblingStock: [] })));
    const all = [first, ...others];
    // Separate connections, so the requests really run at the same time in PostgreSQL.
    const connections = all.map(() => createDb(inject('databaseUrl'), { max: 1 }));
    try {
      const results = await Promise.allSettled(
        all.map((order, i) =>
          submitReturn(
            { db: connections[i]!, actor: { type: 'customer', orderId: order.id } },
            { orderId: order.id, timeZone: TZ, request: returnRequest(order, [{ orderLineId: order.lines[0]!.id, resolution: 'exchange_variant', exchangeVariantId: lastUnit.id }]) },
          ),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const loss of lost) {
        expect(loss.reason).toBeInstanceOf(AppError);
        expect(((loss.reason as AppError).details as RefusalDetails).refusals[0]!.refusal.code).toBe('exchange_out_of_stock');
      }
      expect(await stockOf(lastUnit.id)).toBe(0);
      const created = await db.select().from(returns).where(inArray(returns.orderId, all.map((o) => o.id)));
      expect(created).toHaveLength(1);
      // The losers left no trace: no requested units, no cases.
      const counters = await db.select({ n: orderLines.returnRequestedQuantity }).from(orderLines).where(inArray(orderLines.orderId, all.map((o) => o.id)));
      expect(counters.map((c) => c.n).sort()).toEqual([...Array(19).fill(0), 1]);
      expect(await db.select().from(cases).where(and(inArray(cases.orderId, all.map((o) => o.id)), like(cases.subject, 'Exchange%')))).toHaveLength(1);
    } finally {
      await Promise.all(connections.map((c) => c.$end()));
    }
  });
});
