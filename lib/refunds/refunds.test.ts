import { and, asc, eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, domainEvents, orders, refundAttempts, refunds } from '@/db/schema';
import { getCaseDetail } from '@/lib/cases/case-detail';
import { listQueue } from '@/lib/cases/queue';
import { queueQuerySchema } from '@/lib/cases/schemas';
import { grantGoodwill } from '@/lib/compensations/grant-goodwill';
import { AppError } from '@/lib/core/errors';
import { uniqueId } from '@/test/factories';
import { testDb } from '@/test/db';
import { runRefundExecutor } from '@/test/refunds';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase, createRequestedReturn } from '@/test/staff2-factories';
import { ensureReturnPolicy } from '@/test/return-factories';
import { approveReturn } from '@/lib/returns/staff/approve-return';
import { completeReturn } from '@/lib/returns/staff/complete-return';
import { inspectReturn } from '@/lib/returns/staff/inspect-return';
import { receiveReturn } from '@/lib/returns/staff/receive-return';
import { getCustomerReturn } from '@/lib/returns/queries';
import { startLocalStripe, type LocalStripe } from '@/test/stripe-server';
import { demoRail } from './rails/demo';
import { createStripeRail } from './rails/stripe';
import { canMoveRefund } from './refund-state';
import { retryRefund } from './retry-refund';
import { reconcileRefunds } from './reconcile-refunds';
import { receiveStripeWebhook } from './stripe-webhook';

const db = testDb();
const asStaff = (s: { id: string; role: 'agent' | 'admin' }) => ({ db, actor: { type: 'staff' as const, staffId: s.id, role: s.role } });
const later = (seconds: number) => () => new Date(Date.now() + seconds * 1000);

/** A case whose order was paid through Stripe (PaymentIntent `pi_…`), and a goodwill refund of `amount` cents requested on it. */
async function stripeRefundRequested(stripe: LocalStripe, amount: number, captured = 20_000) {
  const admin = await createStaff(db, { role: 'admin' });
  const { caseId, orderId } = await createDeliveryCase(db, { captured });
  const paymentIntent = `pi_${uniqueId('x').replace(/[^A-Za-z0-9]/g, '')}`;
  await db.update(orders).set({ paymentMethod: `stripe:${paymentIntent}` }).where(eq(orders.id, orderId));
  stripe.charge(paymentIntent, captured);
  await grantGoodwill(asStaff(admin), { caseId, kind: 'partial_refund', amount: String(amount / 100), reason: 'Parcel lost' });
  const [refund] = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
  return { admin, caseId, orderId, paymentIntent, refund: refund! };
}

const refundRow = async (id: string) => (await db.select().from(refunds).where(eq(refunds.id, id)))[0]!;
const attemptsOf = async (id: string) => db.select().from(refundAttempts).where(eq(refundAttempts.refundId, id)).orderBy(asc(refundAttempts.attemptNo));
const refundEvents = async (orderId: string) =>
  (await db.select({ type: domainEvents.type, data: domainEvents.data }).from(domainEvents).where(and(eq(domainEvents.orderId, orderId), eq(domainEvents.audience, 'public'), sql`${domainEvents.type} like 'refund.%'`)).orderBy(asc(domainEvents.id))).map((e) => e);
const refunded = async (orderId: string) => (await db.select({ v: orders.refundedAmount }).from(orders).where(eq(orders.id, orderId)))[0]!.v;

describe('refund ledger: state rules', () => {
  it('succeeded is final, failed only goes back to requested (pure rule and the database agree)', async () => {
    expect(canMoveRefund('requested', 'processing')).toBe(true);
    expect(canMoveRefund('processing', 'succeeded')).toBe(true);
    expect(canMoveRefund('succeeded', 'failed')).toBe(false);
    expect(canMoveRefund('succeeded', 'requested')).toBe(false);
    expect(canMoveRefund('failed', 'requested')).toBe(true);
    expect(canMoveRefund('failed', 'succeeded')).toBe(false);

    const { orderId } = await createDeliveryCase(db, { captured: 10_000 });
    const [row] = await db.insert(refunds).values({ orderId, amount: 1000, currency: 'EUR' }).returning();
    expect(row!.status).toBe('requested');
    expect(row!.idempotencyKey).toMatch(/^paluu-refund-[0-9a-f-]{36}$/);
    await expect(db.update(refunds).set({ status: 'succeeded' }).where(eq(refunds.id, row!.id))).rejects.toThrow();
    await db.update(refunds).set({ status: 'processing' }).where(eq(refunds.id, row!.id));
    await db.update(refunds).set({ status: 'succeeded' }).where(eq(refunds.id, row!.id));
    await expect(db.update(refunds).set({ status: 'failed' }).where(eq(refunds.id, row!.id))).rejects.toThrow();
    await expect(db.update(refunds).set({ status: 'requested' }).where(eq(refunds.id, row!.id))).rejects.toThrow();
  });

  it('every refund that is not failed reserves its amount; a failed one frees it; reserving again is refused when the money is gone', async () => {
    const { orderId } = await createDeliveryCase(db, { captured: 10_000 });
    const [a] = await db.insert(refunds).values({ orderId, amount: 7000, currency: 'EUR' }).returning();
    expect(await refunded(orderId)).toBe(7000);
    // 7000 reserved (not paid yet): 4000 more would exceed the captured 10 000.
    await expect(db.insert(refunds).values({ orderId, amount: 4000, currency: 'EUR' })).rejects.toThrow();
    await db.update(refunds).set({ status: 'failed' }).where(eq(refunds.id, a!.id));
    expect(await refunded(orderId)).toBe(0);
    await db.insert(refunds).values({ orderId, amount: 4000, currency: 'EUR' });
    expect(await refunded(orderId)).toBe(4000);
    // Back to requested would make 11 000: refused, the row stays failed.
    await expect(db.update(refunds).set({ status: 'requested' }).where(eq(refunds.id, a!.id))).rejects.toThrow();
    expect((await refundRow(a!.id)).status).toBe('failed');
  });
});

describe('refund execution on the demo rail', () => {
  it('a goodwill refund is only requested; the worker step carries it out on the demo rail once, with one attempt and refund.succeeded', async () => {
    const admin = await createStaff(db, { role: 'admin' });
    const { caseId, orderId } = await createDeliveryCase(db, { captured: 10_000, shippingAmount: 490 });
    await grantGoodwill(asStaff(admin), { caseId, kind: 'refund', reason: 'Shipping was late' });
    const [requested] = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(requested).toMatchObject({ status: 'requested', rail: null, caseId, amount: 490 });
    expect((await refundEvents(orderId)).map((e) => e.type)).toEqual(['refund.requested']);

    expect(await runRefundExecutor(db, orderId)).toEqual({ succeeded: 1, processing: 0, retrying: 0, failed: 0 });
    expect(await runRefundExecutor(db, orderId)).toEqual({ succeeded: 0, processing: 0, retrying: 0, failed: 0 });
    const done = await refundRow(requested!.id);
    expect(done).toMatchObject({ status: 'succeeded', rail: 'demo', providerReference: `demo_${requested!.id}`, attempts: 1 });
    expect(done.settledAt).toBeInstanceOf(Date);
    expect((await attemptsOf(done.id)).map((a) => [a.attemptNo, a.rail, a.outcome])).toEqual([[1, 'demo', 'succeeded']]);
    expect((await refundEvents(orderId)).map((e) => e.type)).toEqual(['refund.requested', 'refund.succeeded']);

    // The desk says which rail carried it.
    const detail = await getCaseDetail(asStaff(admin), caseId);
    expect(detail.refunds).toMatchObject([{ id: done.id, status: 'succeeded', rail: 'demo' }]);
  });
});

describe('several workers at once', () => {
  it('four executors draining the same 12 refunds in parallel execute each refund exactly once', async () => {
    const { orderId, caseId } = await createDeliveryCase(db, { captured: 100_000 });
    await db.insert(refunds).values(Array.from({ length: 12 }, () => ({ orderId, caseId, amount: 1000, currency: 'EUR' })));
    const calls = new Map<string, number>();
    const slowDemo = {
      ...demoRail,
      async execute(d: Parameters<typeof demoRail.execute>[0], request: Parameters<typeof demoRail.execute>[1], signal: AbortSignal) {
        calls.set(request.refundId, (calls.get(request.refundId) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return demoRail.execute(d, request, signal);
      },
    };
    const results = await Promise.all(Array.from({ length: 4 }, () => runRefundExecutor(db, orderId, { rails: [slowDemo] })));
    expect(results.reduce((sum, r) => sum + r.succeeded, 0)).toBe(12);
    expect(calls.size).toBe(12);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    const rows = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(rows.every((r) => r.status === 'succeeded' && r.attempts === 1)).toBe(true);
    expect(await refunded(orderId)).toBe(12_000);
  });
});

describe('what the customer sees of a return refund', () => {
  beforeAll(() => ensureReturnPolicy(db));

  it('"being processed" while requested; "issued on {date} to your card" only once it succeeded on its rail', async () => {
    const agent = await createStaff(db);
    const ctx = asStaff(agent);
    const r = await createRequestedReturn(db, { items: [{ quantity: 1, unitPrice: 5900 }], locale: 'en' });
    await approveReturn(ctx, { returnId: r.returnId });
    await receiveReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, quantity: 1 }] });
    await inspectReturn(ctx, { returnId: r.returnId, items: [{ returnItemId: r.items[0]!.id, grade: 'as_new', restock: true }] });
    await completeReturn(ctx, { returnId: r.returnId, refundAmount: '' });

    expect((await getCustomerReturn(db, r.returnId, 'en'))!.refunds).toEqual([{ amount: 5900, currency: 'EUR', state: 'processing', settledAt: null, destination: null }]);
    await runRefundExecutor(db, r.orderId);
    const [row] = await db.select().from(refunds).where(eq(refunds.returnId, r.returnId));
    expect((await getCustomerReturn(db, r.returnId, 'en'))!.refunds).toEqual([{ amount: 5900, currency: 'EUR', state: 'issued', settledAt: row!.settledAt!.toISOString(), destination: 'card' }]);
    // The return's lines went to the rail with the restock flag (graded as new).
    expect((await attemptsOf(row!.id))[0]).toMatchObject({ rail: 'demo', outcome: 'succeeded' });
  });
});

describe('Stripe rail against a local Stripe API', () => {
  let stripe: LocalStripe;
  const env = { ...process.env };
  beforeAll(async () => {
    stripe = await startLocalStripe({ lateMs: 1500 });
    process.env.STRIPE_SECRET_KEY = stripe.secretKey;
    process.env.STRIPE_API_BASE = stripe.url;
  });
  afterAll(async () => {
    process.env.STRIPE_SECRET_KEY = env.STRIPE_SECRET_KEY;
    process.env.STRIPE_API_BASE = env.STRIPE_API_BASE;
    if (env.STRIPE_SECRET_KEY === undefined) delete process.env.STRIPE_SECRET_KEY;
    if (env.STRIPE_API_BASE === undefined) delete process.env.STRIPE_API_BASE;
    await stripe.close();
  });
  const rails = () => [createStripeRail({ timeoutMs: 500 }), demoRail];

  it('a timeout is retried after the backoff with the SAME Idempotency-Key, and Stripe pays once', async () => {
    const { orderId, paymentIntent, refund } = await stripeRefundRequested(stripe, 2500);
    stripe.fail('timeout');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ retrying: 1 });
    const waiting = await refundRow(refund.id);
    expect(waiting).toMatchObject({ status: 'processing', rail: 'stripe', attempts: 1 });
    expect(waiting.failureMessage).toMatch(/timeout/i);
    // Not due yet: the backoff holds it.
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ retrying: 0, succeeded: 0 });

    expect(await runRefundExecutor(db, orderId, { rails: rails(), now: later(60) })).toMatchObject({ succeeded: 1 });
    const mine = stripe.requests.filter((r) => r.idempotencyKey === refund.idempotencyKey);
    expect(mine).toHaveLength(2);
    expect(mine[1]!.replayed).toBe(true);
    const paid = stripe.created.filter((c) => c.paymentIntent === paymentIntent);
    expect(paid).toHaveLength(1);
    expect(paid[0]!.amount).toBe(2500);
    const done = await refundRow(refund.id);
    expect(done).toMatchObject({ status: 'succeeded', rail: 'stripe', providerReference: paid[0]!.id, attempts: 2 });
    expect((await attemptsOf(refund.id)).map((a) => [a.outcome, a.providerMessage])).toEqual([['timeout', expect.anything()], ['succeeded', null]]);
  });

  it('a refusal fails the refund with the provider message; the desk shows "action needed" (case and queue); staff retry and it pays', async () => {
    const { admin, caseId, orderId, refund } = await stripeRefundRequested(stripe, 1200);
    const tag = uniqueId('rf').toLowerCase().replace(/[^a-z0-9-]/g, '');
    await db.update(cases).set({ tags: [tag] }).where(eq(cases.id, caseId));
    stripe.fail('refuse');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ failed: 1 });
    const failed = await refundRow(refund.id);
    expect(failed.status).toBe('failed');
    expect(failed.failureMessage).toContain('card was canceled');
    expect(failed.failureCode).toBe('expired_or_canceled_card');
    expect(await refunded(orderId)).toBe(0);
    const events = await refundEvents(orderId);
    expect(events.map((e) => e.type)).toEqual(['refund.requested', 'refund.failed']);
    expect(events[1]!.data).toMatchObject({ refundId: refund.id, amount: 1200, message: expect.stringContaining('card was canceled') });

    const detail = await getCaseDetail(asStaff(admin), caseId);
    expect(detail.refunds).toMatchObject([{ id: refund.id, status: 'failed', rail: 'stripe', failureMessage: expect.stringContaining('card was canceled') }]);
    const queue = await listQueue(asStaff(admin), queueQuerySchema.parse({ view: 'open', tag }));
    expect(queue.rows.map((r) => [r.id, r.refundFailed])).toEqual([[caseId, true]]);

    // Only staff may retry, and only a failed refund.
    await expect(retryRefund({ db, actor: { type: 'customer', orderId } }, { refundId: refund.id })).rejects.toMatchObject({ code: 'forbidden' });
    await retryRefund(asStaff(admin), { refundId: refund.id });
    await expect(retryRefund(asStaff(admin), { refundId: refund.id })).rejects.toBeInstanceOf(AppError);
    expect(await refunded(orderId)).toBe(1200);
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ succeeded: 1 });
    const done = await refundRow(refund.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, failureMessage: null });
    // The same key both times (the refusal was not stored by Stripe, so the retry creates the refund).
    expect(new Set(stripe.requests.filter((r) => r.idempotencyKey === refund.idempotencyKey).map((r) => r.idempotencyKey)).size).toBe(1);
    expect((await listQueue(asStaff(admin), queueQuerySchema.parse({ view: 'open', tag }))).rows[0]?.refundFailed ?? false).toBe(false);
  });

  it('the nightly reconciliation settles a processing refund Stripe has settled, and shows staff a refund Stripe failed after the ledger called it succeeded', async () => {
    const { admin, caseId, orderId, refund } = await stripeRefundRequested(stripe, 900);
    await runRefundExecutor(db, orderId, { rails: rails() });
    const paid = await refundRow(refund.id);
    expect(paid.status).toBe('succeeded');
    // A second refund whose webhook never came: still processing in the ledger, succeeded at Stripe.
    const [other] = await db.insert(refunds).values({ orderId, caseId, amount: 100, currency: 'EUR' }).returning();
    await db.update(refunds).set({ providerReference: null }).where(eq(refunds.id, paid.id));
    await db.update(refunds).set({ status: 'processing', rail: 'stripe', providerReference: paid.providerReference, nextAttemptAt: null }).where(eq(refunds.id, other!.id));
    let result = await reconcileRefunds(db, { orderId });
    expect(result).toMatchObject({ checked: 1, settled: 1, differences: [] });
    expect((await refundRow(other!.id)).status).toBe('succeeded');

    // Stripe now reports the first one failed (card refunds can fail after succeeding): a difference for staff, once.
    await db.update(refunds).set({ providerReference: `${paid.providerReference}x` }).where(eq(refunds.id, other!.id));
    await db.update(refunds).set({ providerReference: paid.providerReference }).where(eq(refunds.id, paid.id));
    stripe.setStatus(paid.providerReference!, 'failed');
    result = await reconcileRefunds(db, { orderId });
    expect(result.differences).toEqual(expect.arrayContaining([expect.objectContaining({ refundId: paid.id, ledger: 'succeeded', provider: 'failed' })]));
    expect((await reconcileRefunds(db, { orderId })).differences).toEqual([]);
    const detail = await getCaseDetail(asStaff(admin), caseId);
    expect(detail.refunds.find((r) => r.id === paid.id)).toMatchObject({ status: 'succeeded', providerMismatch: 'failed' });
  });

  it('after the last retry a refund that never got an answer is failed, and its amount is free again', async () => {
    const { orderId, refund } = await stripeRefundRequested(stripe, 800);
    stripe.fail('server_error', 3);
    const options = { rails: rails(), retryDelaysSeconds: [1, 1] };
    // MAX_ATTEMPTS counts the default schedule; a short schedule runs out sooner.
    await runRefundExecutor(db, orderId, options);
    await runRefundExecutor(db, orderId, { ...options, now: later(5) });
    await runRefundExecutor(db, orderId, { ...options, now: later(10) });
    const row = await refundRow(refund.id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(3);
    expect((await attemptsOf(refund.id)).map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(await refunded(orderId)).toBe(0);
  });
});

describe('Stripe webhooks', () => {
  const secret = 'whsec_test_paluu_refunds';
  const env = process.env.STRIPE_WEBHOOK_SECRET;
  beforeAll(() => void (process.env.STRIPE_WEBHOOK_SECRET = secret));
  afterAll(() => {
    if (env === undefined) delete process.env.STRIPE_WEBHOOK_SECRET;
    else process.env.STRIPE_WEBHOOK_SECRET = env;
  });

  function post(body: string, signature: string | null) {
    return new Request('http://localhost/api/integrations/stripe/webhooks', { method: 'POST', body, headers: signature ? { 'stripe-signature': signature } : {} });
  }

  async function processingStripeRefund() {
    const { orderId, caseId } = await createDeliveryCase(db, { captured: 10_000 });
    const [row] = await db.insert(refunds).values({ orderId, caseId, amount: 3000, currency: 'EUR' }).returning();
    await db.update(refunds).set({ status: 'processing', rail: 'stripe', providerReference: `re_${uniqueId('w').replace(/[^A-Za-z0-9]/g, '')}`, attempts: 1, nextAttemptAt: null }).where(eq(refunds.id, row!.id));
    return { orderId, refund: await refundRow(row!.id) };
  }

  it('a refund.updated signed with the secret (checked by the SDK) settles a processing refund once; a duplicate event changes nothing', async () => {
    const { orderId, refund } = await processingStripeRefund();
    const event = JSON.stringify({ id: `evt_${uniqueId('e').replace(/[^A-Za-z0-9]/g, '')}`, object: 'event', type: 'refund.updated', data: { object: { id: refund.providerReference, object: 'refund', status: 'succeeded', amount: 3000, metadata: {} } } });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload: event, secret });
    expect(await receiveStripeWebhook(db, post(event, signature))).toEqual({ status: 200, body: { received: true } });
    expect((await refundRow(refund.id)).status).toBe('succeeded');
    expect(await receiveStripeWebhook(db, post(event, signature))).toEqual({ status: 200, body: { received: true } });
    expect((await refundEvents(orderId)).filter((e) => e.type === 'refund.succeeded')).toHaveLength(1);
  });

  it('charge.refunded with a failed refund in its list fails the processing refund (matched by our id in the metadata)', async () => {
    const { refund } = await processingStripeRefund();
    await db.update(refunds).set({ providerReference: null }).where(eq(refunds.id, refund.id));
    const event = JSON.stringify({
      id: `evt_${uniqueId('c').replace(/[^A-Za-z0-9]/g, '')}`,
      object: 'event',
      type: 'charge.refunded',
      data: { object: { id: 'ch_1', object: 'charge', refunds: { object: 'list', data: [{ id: 're_lost1', object: 'refund', status: 'failed', failure_reason: 'lost_or_stolen_card', metadata: { paluu_refund_id: refund.id } }] } } },
    });
    const response = await receiveStripeWebhook(db, post(event, Stripe.webhooks.generateTestHeaderString({ payload: event, secret })));
    expect(response.status).toBe(200);
    const row = await refundRow(refund.id);
    expect(row).toMatchObject({ status: 'failed', providerReference: 're_lost1', failureCode: 'lost_or_stolen_card' });
  });

  it('a wrong or missing signature is 400 with the error shape and changes nothing', async () => {
    const { refund } = await processingStripeRefund();
    const event = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'refund.updated', data: { object: { id: refund.providerReference, object: 'refund', status: 'succeeded' } } });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload: event, secret: 'whsec_someone_else' });
    const bad = await receiveStripeWebhook(db, post(event, forged));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_signature', message: expect.any(String) } });
    expect((await receiveStripeWebhook(db, post(event, null))).status).toBe(400);
    expect((await receiveStripeWebhook(db, post(event, 'garbage'))).status).toBe(400);
    // A body changed after signing.
    const signed = Stripe.webhooks.generateTestHeaderString({ payload: event, secret });
    expect((await receiveStripeWebhook(db, post(event.replace('succeeded', 'failed'), signed))).status).toBe(400);
    expect((await refundRow(refund.id)).status).toBe('processing');
  });
});
