import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Signature } from '@paytrail/paytrail-js-sdk/dist/utils/signature.util';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseEvents, cases, orders, refundAttempts, refunds } from '@/db/schema';
import { getCaseDetail } from '@/lib/cases/case-detail';
import { listQueue } from '@/lib/cases/queue';
import { queueQuerySchema } from '@/lib/cases/schemas';
import { grantGoodwill } from '@/lib/compensations/grant-goodwill';
import { REFUND_RAILS } from '@/lib/refund-rails';
import { uniqueId } from '@/test/factories';
import { testDb } from '@/test/db';
import { startLocalKlarna, type LocalKlarna } from '@/test/klarna-server';
import { startLocalPaytrail, type LocalPaytrail } from '@/test/paytrail-server';
import { call, newKey, newOrderNumber, orderBody } from '@/test/api-client';
import { runRefundExecutor } from '@/test/refunds';
import * as orderRoute from '@/app/api/v1/orders/[orderNumber]/route';
import * as paytrailCallbackRoute from '@/app/api/payments/paytrail/refund-callback/route';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase } from '@/test/staff2-factories';
import { receivePaytrailRefundCallback } from './paytrail-callback';
import { pickRail, PROVIDER_RAILS } from './rails';
import { demoRail } from './rails/demo';
import { createKlarnaRail, klarnaErrorMessage } from './rails/klarna';
import { createPaytrailRail, paytrailHmac, verifyPaytrailParams } from './rails/paytrail';
import { reconcileRefunds } from './reconcile-refunds';

const db = testDb();
const asStaff = (s: { id: string; role: 'agent' | 'admin' }) => ({ db, actor: { type: 'staff' as const, staffId: s.id, role: s.role } });
const later = (seconds: number) => () => new Date(Date.now() + seconds * 1000);
const rails = () => [createPaytrailRail({ timeoutMs: 500 }), createKlarnaRail({ timeoutMs: 500 }), demoRail];
const refundRow = async (id: string) => (await db.select().from(refunds).where(eq(refunds.id, id)))[0]!;
const attemptsOf = async (id: string) => db.select().from(refundAttempts).where(eq(refundAttempts.refundId, id)).orderBy(asc(refundAttempts.attemptNo));
const auditTypes = async (caseId: string) =>
  (await db.select({ type: caseEvents.type }).from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id))).map((e) => e.type).filter((t) => t.startsWith('refund.'));
const fixture = (name: string) => JSON.parse(readFileSync(path.join(process.cwd(), 'fixtures', name), 'utf8')) as Record<string, unknown>;

/** A case whose order was paid with `paymentMethod`, and a goodwill refund of `amount` cents requested on it. */
async function refundRequested(paymentMethod: string, amount: number, captured = 20_000) {
  const admin = await createStaff(db, { role: 'admin' });
  const { caseId, orderId } = await createDeliveryCase(db, { captured });
  await db.update(orders).set({ paymentMethod }).where(eq(orders.id, orderId));
  await grantGoodwill(asStaff(admin), { caseId, kind: 'partial_refund', amount: String(amount / 100), reason: 'Parcel lost' });
  const [refund] = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
  return { admin, caseId, orderId, refund: refund! };
}

describe('Paytrail signatures against the published examples', () => {
  it('every Paytrail and Klarna fixture is listed in fixtures/SOURCES.md', () => {
    const sources = readFileSync(path.join(process.cwd(), 'fixtures/SOURCES.md'), 'utf8');
    const files = ['paytrail', 'klarna'].flatMap((dir) => readdirSync(path.join(process.cwd(), 'fixtures', dir)).map((f) => `${dir}/${f}`));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) expect(sources, file).toContain(`\`${file}\``);
  });


  it('our HMAC of the documented request equals the value Paytrail publishes, and the official SDK computes the same', () => {
    const example = fixture('paytrail/hmac-example.json') as { secret: string; headers: Record<string, string>; body: Record<string, string | number | object>; expected: string };
    expect(paytrailHmac(example.secret, example.headers, JSON.stringify(example.body))).toBe(example.expected);
    expect(Signature.calculateHmac(example.secret, example.headers, example.body)).toBe(example.expected);
  });

  it("the documented callback URL verifies with the test account's secret; any changed parameter or another account does not", () => {
    const url = new URL(readFileSync(path.join(process.cwd(), 'fixtures/paytrail/callback-url.txt'), 'utf8').trim());
    const params = Object.fromEntries(url.searchParams);
    const config = { merchantId: '375917', secretKey: 'SAIPPUAKAUPPIAS', apiBase: 'http://unused' };
    expect(verifyPaytrailParams(config, params)).toBe(true);
    expect(verifyPaytrailParams(config, { ...params, 'checkout-status': 'fail' })).toBe(false);
    expect(verifyPaytrailParams(config, { ...params, 'checkout-amount': '1' })).toBe(false);
    expect(verifyPaytrailParams({ ...config, merchantId: '695861' }, params)).toBe(false);
    expect(verifyPaytrailParams({ ...config, secretKey: 'MONISAIPPUAKAUPPIAS' }, params)).toBe(false);
    expect(verifyPaytrailParams(config, { ...params, 'checkout-algorithm': 'md5' })).toBe(false);
  });
});

describe('the merchant API takes provider payments', () => {
  it('PUT /api/v1/orders accepts paytrail:<transaction id>, klarna:<order id> and stripe:pi_…; a malformed one is 422 and stores nothing', async () => {
    const { key } = await newKey();
    for (const paymentMethod of [`paytrail:${randomUUID()}`, `klarna:${randomUUID()}`, 'stripe:pi_3MtwBwLkdIwHu7ix28a3tqPa', `stripe:pi_${'a'.repeat(54)}`]) {
      const orderNumber = newOrderNumber();
      const res = await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody({ paymentMethod }), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
      expect(res.status, paymentMethod).toBe(201);
      expect(res.json.paymentMethod).toBe(paymentMethod);
    }
    for (const paymentMethod of ['paytrail:123', 'klarna:', 'paypal:abc', `paytrail:${randomUUID()} `, `stripe:pi_${'a'.repeat(55)}`]) {
      const orderNumber = newOrderNumber();
      const res = await call(orderRoute.PUT, { key, method: 'PUT', body: orderBody({ paymentMethod }), params: { orderNumber }, path: `/api/v1/orders/${orderNumber}` });
      expect(res.status, paymentMethod).toBe(422);
      expect(res.json.error.code).toBe('invalid_input');
      expect(await db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, orderNumber))).toEqual([]);
    }
  });
});

describe('Paytrail rail against a local Paytrail API', () => {
  let paytrail: LocalPaytrail;
  beforeAll(async () => {
    paytrail = await startLocalPaytrail({ lateMs: 1500 });
    vi.stubEnv('PAYTRAIL_MERCHANT_ID', paytrail.merchantId);
    vi.stubEnv('PAYTRAIL_SECRET_KEY', paytrail.secretKey);
    vi.stubEnv('PAYTRAIL_API_BASE', paytrail.url);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await paytrail.close();
  });

  async function paytrailRefundRequested(amount: number, captured = 20_000) {
    const transactionId = randomUUID();
    paytrail.pay(transactionId, captured);
    return { transactionId, ...(await refundRequested(`paytrail:${transactionId}`, amount, captured)) };
  }

  /** A Paytrail refund the executor sent and Paytrail answered `pending`, with the refund's own transaction id. */
  async function paytrailRefundPending(amount: number) {
    const requested = await paytrailRefundRequested(amount);
    paytrail.fail('pending');
    await runRefundExecutor(db, requested.orderId, { rails: rails() });
    return { ...requested, refundTx: paytrail.created.find((c) => c.refundStamp === requested.refund.idempotencyKey)!.refundTransactionId };
  }

  it('Paytrail and Klarna sit in PROVIDER_RAILS before the demo rail; a paytrail: order is claimed only while Paytrail is configured', async () => {
    expect(PROVIDER_RAILS.map((r) => r.id)).toEqual(['stripe', 'paytrail', 'klarna', 'demo']);
    const { orderId } = await createDeliveryCase(db);
    await db.update(orders).set({ paymentMethod: `paytrail:${randomUUID()}` }).where(eq(orders.id, orderId));
    expect((await pickRail(db, orderId, REFUND_RAILS)).id).toBe('paytrail');
    const secret = process.env.PAYTRAIL_SECRET_KEY;
    delete process.env.PAYTRAIL_SECRET_KEY;
    try {
      expect((await pickRail(db, orderId, REFUND_RAILS)).id).toBe('demo');
    } finally {
      process.env.PAYTRAIL_SECRET_KEY = secret;
    }
    await db.update(orders).set({ paymentMethod: 'paytrail:not-a-transaction' }).where(eq(orders.id, orderId));
    expect((await pickRail(db, orderId, REFUND_RAILS)).id).toBe('demo');
  });

  it('a refund is POSTed signed (checked by the SDK) with the documented body; status ok settles it with the refund transaction id', async () => {
    const { transactionId, caseId, orderId, refund } = await paytrailRefundRequested(1590);
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ succeeded: 1 });
    const mine = paytrail.created.filter((c) => c.transactionId === transactionId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ amount: 1590, refundStamp: refund.idempotencyKey, refundReference: refund.id });
    expect(paytrail.requests.filter((r) => r.refundStamp === refund.idempotencyKey).map((r) => r.status)).toEqual([201]);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'succeeded', rail: 'paytrail', providerReference: mine[0]!.refundTransactionId });
    expect(await auditTypes(caseId)).toEqual(expect.arrayContaining(['refund.processing', 'refund.succeeded']));
  });

  it('the body we send has exactly the keys of the documented refund request', async () => {
    const documented = Object.keys(fixture('paytrail/refund-request.json')).sort();
    let sent: Record<string, unknown> | null = null;
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).startsWith(paytrail.url) && init?.body) sent = JSON.parse(String(init.body)) as Record<string, unknown>;
      return original(input, init);
    }) as typeof fetch;
    try {
      const { orderId } = await paytrailRefundRequested(700);
      await runRefundExecutor(db, orderId, { rails: rails() });
    } finally {
      globalThis.fetch = original;
    }
    expect(Object.keys(sent ?? {}).sort()).toEqual(documented);
    expect((sent as unknown as { callbackUrls: { success: string; cancel: string } }).callbackUrls.success).toMatch(/\/api\/payments\/paytrail\/refund-callback$/);
  });

  it('a timeout is retried after the backoff with the SAME refundStamp, and Paytrail pays once', async () => {
    const { transactionId, orderId, refund } = await paytrailRefundRequested(2500);
    paytrail.fail('timeout');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ retrying: 1 });
    const waiting = await refundRow(refund.id);
    expect(waiting).toMatchObject({ status: 'processing', rail: 'paytrail', attempts: 1, failureCode: 'timeout' });
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ retrying: 0, succeeded: 0 });
    expect(await runRefundExecutor(db, orderId, { rails: rails(), now: later(60) })).toMatchObject({ succeeded: 1 });
    const mine = paytrail.requests.filter((r) => r.refundStamp === refund.idempotencyKey);
    expect(mine.map((r) => r.replayed)).toEqual([false, true]);
    const paid = paytrail.created.filter((c) => c.transactionId === transactionId);
    expect(paid).toHaveLength(1);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'succeeded', providerReference: paid[0]!.refundTransactionId, attempts: 2 });
    expect((await attemptsOf(refund.id)).map((a) => a.outcome)).toEqual(['timeout', 'succeeded']);
  });

  it('a refusal (4xx) fails the refund with Paytrail\'s message at once: "Refund failed — action needed" on the case and in the queue', async () => {
    const { admin, caseId, orderId, refund } = await paytrailRefundRequested(1200);
    const tag = uniqueId('pt').toLowerCase().replace(/[^a-z0-9-]/g, '');
    await db.update(cases).set({ tags: [tag] }).where(eq(cases.id, caseId));
    paytrail.fail('refuse');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ failed: 1 });
    const failed = await refundRow(refund.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, failureCode: 'http_400' });
    expect(failed.failureMessage).toContain('payment method provider rejected the refund');
    const detail = await getCaseDetail(asStaff(admin), caseId);
    expect(detail.refunds).toMatchObject([{ id: refund.id, status: 'failed', rail: 'paytrail', failureMessage: expect.stringContaining('rejected the refund') }]);
    const queue = await listQueue(asStaff(admin), queueQuerySchema.parse({ view: 'open', tag }));
    expect(queue.rows.map((r) => [r.id, r.refundFailed])).toEqual([[caseId, true]]);
  });

  it('a 500 is retried with the same refundStamp', async () => {
    const { orderId, refund } = await paytrailRefundRequested(300);
    paytrail.fail('server_error');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ retrying: 1 });
    expect(await runRefundExecutor(db, orderId, { rails: rails(), now: later(60) })).toMatchObject({ succeeded: 1 });
    expect(new Set(paytrail.requests.filter((r) => r.refundStamp === refund.idempotencyKey).map((r) => r.refundStamp)).size).toBe(1);
  });

  it('pending stays processing until the signed callback settles it; a repeated callback changes nothing', async () => {
    const { caseId, orderId, refund } = await paytrailRefundRequested(900);
    paytrail.fail('pending');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ processing: 1 });
    const accepted = await refundRow(refund.id);
    const refundTx = paytrail.created.find((c) => c.refundStamp === refund.idempotencyKey)!.refundTransactionId;
    expect(accepted).toMatchObject({ status: 'processing', providerReference: refundTx });
    const url = new URL(`http://localhost/api/payments/paytrail/refund-callback?${paytrail.callbackParams(refundTx, 'ok').toString()}`);
    expect(await receivePaytrailRefundCallback(db, url)).toMatchObject({ status: 200, body: { matched: true } });
    expect(await refundRow(refund.id)).toMatchObject({ status: 'succeeded', providerReference: refundTx });
    const before = await auditTypes(caseId);
    expect(before.filter((t) => t === 'refund.succeeded')).toHaveLength(1);
    expect(await receivePaytrailRefundCallback(db, url)).toMatchObject({ status: 200 });
    expect(await auditTypes(caseId)).toEqual(before);
  });

  it('a callback with status fail fails a pending refund with the provider named, for staff', async () => {
    const { refund, refundTx } = await paytrailRefundPending(400);
    const url = new URL(`http://localhost/cb?${paytrail.callbackParams(refundTx, 'fail').toString()}`);
    expect((await receivePaytrailRefundCallback(db, url)).status).toBe(200);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'failed', failureCode: 'fail', failureMessage: expect.stringContaining('spankki') });
  });

  it('a signed callback that contradicts a settled refund is kept for staff once, however often Paytrail repeats it', async () => {
    const { caseId, refund, refundTx } = await paytrailRefundPending(450);
    expect((await receivePaytrailRefundCallback(db, new URL(`http://localhost/cb?${paytrail.callbackParams(refundTx, 'ok').toString()}`))).status).toBe(200);
    const contradicting = new URL(`http://localhost/cb?${paytrail.callbackParams(refundTx, 'fail').toString()}`);
    for (let i = 0; i < 3; i++) expect(await receivePaytrailRefundCallback(db, contradicting)).toMatchObject({ status: 200, body: { matched: true } });
    expect(await refundRow(refund.id)).toMatchObject({ status: 'succeeded' });
    const mismatches = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'refund.provider_mismatch')));
    expect(mismatches.map((e) => e.data)).toEqual([expect.objectContaining({ refundId: refund.id, source: 'paytrail_callback', ledger: 'succeeded', provider: 'fail', providerReference: refundTx })]);
  });

  it('a callback with a bad, missing or foreign signature is 401 and changes nothing', async () => {
    const { caseId, refund, refundTx } = await paytrailRefundPending(500);
    const before = await auditTypes(caseId);
    const wrongSecret = paytrail.callbackParams(refundTx, 'ok', 'not-the-secret');
    const tampered = paytrail.callbackParams(refundTx, 'fail');
    tampered.set('checkout-status', 'ok');
    const missing = paytrail.callbackParams(refundTx, 'ok');
    missing.delete('signature');
    const doubled = paytrail.callbackParams(refundTx, 'ok');
    doubled.append('checkout-status', 'fail');
    for (const params of [wrongSecret, tampered, missing, doubled]) {
      const answer = await receivePaytrailRefundCallback(db, new URL(`http://localhost/cb?${params.toString()}`));
      expect(answer).toMatchObject({ status: 401, body: { error: { code: 'invalid_signature' } } });
    }
    expect(await refundRow(refund.id)).toMatchObject({ status: 'processing' });
    expect(await auditTypes(caseId)).toEqual(before);
  });

  it('the route GET /api/payments/paytrail/refund-callback answers 401 to a forged call and 200 to the signed one, which settles the refund', async () => {
    const { refund, refundTx } = await paytrailRefundPending(650);
    const forged = await paytrailCallbackRoute.GET(new Request(`http://localhost/api/payments/paytrail/refund-callback?${paytrail.callbackParams(refundTx, 'ok', 'guessed').toString()}`));
    expect(forged.status).toBe(401);
    expect(forged.headers.get('cache-control')).toBe('no-store');
    expect(await refundRow(refund.id)).toMatchObject({ status: 'processing' });
    const signed = await paytrailCallbackRoute.GET(new Request(`http://localhost/api/payments/paytrail/refund-callback?${paytrail.callbackParams(refundTx, 'ok').toString()}`));
    expect(signed.status).toBe(200);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'succeeded' });
  });

  it('the nightly reconciliation asks Paytrail (GET /payments/{id}, signed) and settles a pending refund whose callback never came', async () => {
    const { orderId, refund, refundTx } = await paytrailRefundPending(600);
    expect(await reconcileRefunds(db, { orderId })).toMatchObject({ checked: 1, settled: 0, differences: [] });
    paytrail.setStatus(refundTx, 'ok');
    expect(await reconcileRefunds(db, { orderId })).toMatchObject({ checked: 1, settled: 1, differences: [] });
    expect(await refundRow(refund.id)).toMatchObject({ status: 'succeeded' });
    expect(paytrail.requests.filter((r) => r.method === 'GET' && r.status === 401)).toEqual([]);
  });
});

describe('Klarna rail against a local Order Management API', () => {
  let klarna: LocalKlarna;
  beforeAll(async () => {
    klarna = await startLocalKlarna({ lateMs: 1500 });
    vi.stubEnv('KLARNA_USERNAME', klarna.username);
    vi.stubEnv('KLARNA_PASSWORD', klarna.password);
    vi.stubEnv('KLARNA_API_BASE', klarna.url);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await klarna.close();
  });

  async function klarnaRefundRequested(amount: number, captured = 20_000) {
    const klarnaOrder = randomUUID();
    klarna.capture(klarnaOrder, captured);
    return { klarnaOrder, ...(await refundRequested(`klarna:${klarnaOrder}`, amount, captured)) };
  }

  it("Klarna's error body reads the way Klarna's own client words it", () => {
    const body = JSON.stringify(fixture('klarna/error-response.json'));
    // klarna/kco_rest_php ConnectorTest expects 'ERR_1: msg1, msg2 (#cid_1)' for this document.
    expect(klarnaErrorMessage(500, body)).toEqual({ message: 'Klarna: ERR_1: msg1, msg2 (#cid_1)', code: 'ERR_1' });
  });

  it('a klarna: order is claimed only while Klarna is configured', async () => {
    const { orderId } = await createDeliveryCase(db);
    await db.update(orders).set({ paymentMethod: `klarna:${randomUUID()}` }).where(eq(orders.id, orderId));
    expect((await pickRail(db, orderId, REFUND_RAILS)).id).toBe('klarna');
    const password = process.env.KLARNA_PASSWORD;
    delete process.env.KLARNA_PASSWORD;
    try {
      expect((await pickRail(db, orderId, REFUND_RAILS)).id).toBe('demo');
    } finally {
      process.env.KLARNA_PASSWORD = password;
    }
  });

  it('201 Created with Refund-Id settles the refund; Basic auth and Klarna-Idempotency-Key are sent; the body keys are the documented ones', async () => {
    const { klarnaOrder, orderId, refund } = await klarnaRefundRequested(1590);
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ succeeded: 1 });
    const mine = klarna.created.filter((c) => c.orderId === klarnaOrder);
    expect(mine).toEqual([expect.objectContaining({ amount: 1590, idempotencyKey: refund.idempotencyKey, reference: refund.id })]);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'succeeded', rail: 'klarna', providerReference: mine[0]!.refundId });
    // Every key we send is one of the documented request's keys (order_lines is optional and not sent).
    const documented = Object.keys(fixture('klarna/refund-request.json'));
    expect(mine[0]!.keys.sort()).toEqual(['description', 'reference', 'refunded_amount']);
    expect(documented).toEqual(expect.arrayContaining(mine[0]!.keys));
  });

  it('a timeout is retried with the SAME Klarna-Idempotency-Key, and Klarna refunds once', async () => {
    const { klarnaOrder, orderId, refund } = await klarnaRefundRequested(2500);
    klarna.fail('timeout');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ retrying: 1 });
    expect(await refundRow(refund.id)).toMatchObject({ status: 'processing', rail: 'klarna', failureCode: 'timeout' });
    expect(await runRefundExecutor(db, orderId, { rails: rails(), now: later(60) })).toMatchObject({ succeeded: 1 });
    expect(klarna.requests.filter((r) => r.idempotencyKey === refund.idempotencyKey).map((r) => r.replayed)).toEqual([false, true]);
    const paid = klarna.created.filter((c) => c.orderId === klarnaOrder);
    expect(paid).toHaveLength(1);
    expect(await refundRow(refund.id)).toMatchObject({ status: 'succeeded', providerReference: paid[0]!.refundId, attempts: 2 });
  });

  it('a refusal (403 NOT_ALLOWED) fails at once with Klarna\'s message: "Refund failed — action needed"', async () => {
    const { admin, caseId, orderId, refund } = await klarnaRefundRequested(1200);
    klarna.fail('refuse');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ failed: 1 });
    const failed = await refundRow(refund.id);
    expect(failed).toMatchObject({ status: 'failed', failureCode: 'NOT_ALLOWED', attempts: 1 });
    expect(failed.failureMessage).toMatch(/^Klarna: NOT_ALLOWED: The order is not in a state where it can be refunded \(#[0-9a-f-]{36}\)$/);
    const detail = await getCaseDetail(asStaff(admin), caseId);
    expect(detail.refunds).toMatchObject([{ id: refund.id, status: 'failed', rail: 'klarna', failureMessage: expect.stringContaining('NOT_ALLOWED') }]);
  });

  it("a 500 with Klarna's error document is retried with the same key", async () => {
    const { orderId, refund } = await klarnaRefundRequested(300);
    klarna.fail('server_error');
    expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ retrying: 1 });
    expect(await refundRow(refund.id)).toMatchObject({ failureMessage: 'Klarna: ERR_1: msg1, msg2 (#cid_1)', failureCode: 'ERR_1' });
    expect(await runRefundExecutor(db, orderId, { rails: rails(), now: later(60) })).toMatchObject({ succeeded: 1 });
  });

  it('wrong credentials are a refusal (401), not retried', async () => {
    const { orderId, refund } = await klarnaRefundRequested(200);
    const password = process.env.KLARNA_PASSWORD;
    process.env.KLARNA_PASSWORD = 'wrong';
    try {
      expect(await runRefundExecutor(db, orderId, { rails: rails() })).toMatchObject({ failed: 1 });
    } finally {
      process.env.KLARNA_PASSWORD = password;
    }
    expect(await refundRow(refund.id)).toMatchObject({ status: 'failed', failureCode: 'UNAUTHORIZED' });
  });

  it('the nightly reconciliation shows staff a refund the ledger paid and Klarna does not know', async () => {
    const { admin, caseId, orderId, refund } = await klarnaRefundRequested(800);
    await runRefundExecutor(db, orderId, { rails: rails() });
    const paid = await refundRow(refund.id);
    expect(await reconcileRefunds(db, { orderId })).toMatchObject({ checked: 1, differences: [] });
    klarna.forget(paid.providerReference!);
    const result = await reconcileRefunds(db, { orderId });
    expect(result.differences).toEqual([expect.objectContaining({ refundId: refund.id, rail: 'klarna', ledger: 'succeeded', provider: 'not_found' })]);
    const detail = await getCaseDetail(asStaff(admin), caseId);
    expect(detail.refunds.find((r) => r.id === refund.id)).toMatchObject({ status: 'succeeded', providerMismatch: 'not_found' });
    const mismatches = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'refund.provider_mismatch')));
    expect(mismatches).toHaveLength(1);
  });
});
