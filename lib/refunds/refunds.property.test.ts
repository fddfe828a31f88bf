import { and, eq, ne, sql } from 'drizzle-orm';
import fc from 'fast-check';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, refundAttempts, refunds } from '@/db/schema';
import { uniqueId } from '@/test/factories';
import { testDb } from '@/test/db';
import { driveRefundLedger, executeOpArb, retryOpArb, type LedgerOp } from '@/test/refund-ledger-property';
import { createDeliveryCase } from '@/test/staff2-factories';
import { startLocalStripe, type LocalStripe, type StripeFault } from '@/test/stripe-server';
import { createStripeRail } from './rails/stripe';
import { receiveStripeWebhook } from './stripe-webhook';

const db = testDb();
const SECRET = 'whsec_property';

type StripeOp = { kind: 'fault'; fault: StripeFault } | { kind: 'webhook'; pick: number; eventNo: number };

const opArb: fc.Arbitrary<LedgerOp | StripeOp> = fc.oneof(
  executeOpArb,
  fc.record({ kind: fc.constant('fault' as const), fault: fc.constantFrom<StripeFault>('timeout', 'refuse', 'server_error') }),
  // A small pool of event ids: the same event is delivered again (Stripe retries webhooks).
  fc.record({ kind: fc.constant('webhook' as const), pick: fc.nat(), eventNo: fc.integer({ min: 0, max: 2 }) }),
  retryOpArb,
);

/**
 * Under any interleaving of executor passes (also two at once), timeouts, refusals, 500s, duplicate webhooks and
 * staff retries: the money that succeeded never exceeds the captured amount (in the ledger and at the provider),
 * Stripe creates at most one refund per idempotency key, every ledger refund that succeeded on Stripe matches
 * exactly one Stripe refund, and no attempt number is executed twice.
 */
describe('refund ledger property', () => {
  let stripe: LocalStripe;
  const saved = { key: process.env.STRIPE_SECRET_KEY, base: process.env.STRIPE_API_BASE, hook: process.env.STRIPE_WEBHOOK_SECRET };
  beforeAll(async () => {
    stripe = await startLocalStripe({ lateMs: 250 });
    process.env.STRIPE_SECRET_KEY = stripe.secretKey;
    process.env.STRIPE_API_BASE = stripe.url;
    process.env.STRIPE_WEBHOOK_SECRET = SECRET;
  });
  afterAll(async () => {
    for (const [name, value] of [['STRIPE_SECRET_KEY', saved.key], ['STRIPE_API_BASE', saved.base], ['STRIPE_WEBHOOK_SECRET', saved.hook]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await stripe.close();
  });

  it('succeeded refunds never exceed the captured amount and no attempt is executed twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1000, max: 10_000 }), fc.array(fc.integer({ min: 100, max: 6000 }), { minLength: 1, maxLength: 3 }), fc.array(opArb, { minLength: 1, maxLength: 10 }), async (captured, amounts, ops) => {
        const { orderId, caseId } = await createDeliveryCase(db, { captured });
        const paymentIntent = `pi_${uniqueId('p').replace(/[^A-Za-z0-9]/g, '')}`;
        await db.update(orders).set({ paymentMethod: `stripe:${paymentIntent}` }).where(eq(orders.id, orderId));
        stripe.charge(paymentIntent, captured);
        for (const amount of amounts) {
          // The trigger refuses a refund above what is left; that is part of the rule under test.
          await db.insert(refunds).values({ orderId, caseId, amount, currency: 'EUR' }).catch(() => undefined);
        }
        const ids = (await db.select({ id: refunds.id }).from(refunds).where(eq(refunds.orderId, orderId))).map((r) => r.id);
        const calls = await driveRefundLedger(db, {
          orderId,
          captured,
          rail: createStripeRail({ timeoutMs: 120 }),
          ops,
          providerRefunds: () => stripe.created.filter((c) => c.paymentIntent === paymentIntent).map((c) => ({ key: c.idempotencyKey ?? '', amount: c.amount })),
          async providerOp(op: StripeOp) {
            if (op.kind === 'fault') return stripe.fail(op.fault);
            const made = stripe.created.filter((c) => c.paymentIntent === paymentIntent);
            if (made.length === 0) return;
            const target = made[op.pick % made.length]!;
            const [ours] = await db.select({ id: refunds.id }).from(refunds).where(eq(refunds.idempotencyKey, target.idempotencyKey ?? ''));
            const payload = JSON.stringify({
              id: `evt_${target.id}_${op.eventNo}`,
              object: 'event',
              type: 'refund.updated',
              data: { object: { id: target.id, object: 'refund', status: 'succeeded', amount: target.amount, metadata: ours ? { paluu_refund_id: ours.id } : {} } },
            });
            const request = new Request('http://localhost/api/integrations/stripe/webhooks', { method: 'POST', body: payload, headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) } });
            expect((await receiveStripeWebhook(db, request)).status).toBe(200);
          },
        });

        // Every refund Stripe holds belongs to one ledger refund; a ledger refund that succeeded on Stripe has exactly one.
        const rows = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
        for (const row of rows.filter((r) => r.status === 'succeeded' && r.rail === 'stripe')) {
          expect(stripe.created.filter((c) => c.idempotencyKey === row.idempotencyKey)).toHaveLength(1);
        }
        const attempts = ids.length ? await db.select({ n: sql<number>`count(*)::int` }).from(refundAttempts).where(and(sql`${refundAttempts.refundId} in ${ids}`, ne(refundAttempts.attemptNo, 0))) : [{ n: 0 }];
        expect(attempts[0]!.n).toBe(calls.size);
      }),
      { numRuns: 20 },
    );
  }, 240_000);
});
