import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { orders, refunds } from '@/db/schema';
import { testDb } from '@/test/db';
import { driveRefundLedger, executeOpArb, retryOpArb, type LedgerOp } from '@/test/refund-ledger-property';
import { startLocalKlarna, type KlarnaFault, type LocalKlarna } from '@/test/klarna-server';
import { startLocalPaytrail, type LocalPaytrail, type PaytrailFault } from '@/test/paytrail-server';
import { createDeliveryCase } from '@/test/staff2-factories';
import { receivePaytrailRefundCallback } from './paytrail-callback';
import { createKlarnaRail } from './rails/klarna';
import { createPaytrailRail } from './rails/paytrail';

const db = testDb();

type ProviderOp = { kind: 'fault'; fault: PaytrailFault } | { kind: 'callback'; pick: number; times: number };

const opArb: fc.Arbitrary<LedgerOp | ProviderOp> = fc.oneof(
  executeOpArb,
  fc.record({ kind: fc.constant('fault' as const), fault: fc.constantFrom<PaytrailFault>('timeout', 'refuse', 'server_error', 'pending') }),
  // Paytrail may call a callback URL more than once.
  fc.record({ kind: fc.constant('callback' as const), pick: fc.nat(), times: fc.integer({ min: 1, max: 3 }) }),
  retryOpArb,
);

/**
 * The property, for the Paytrail and Klarna rails: under any interleaving of executor passes (also two at
 * once), timeouts, refusals, 500s, pending answers, repeated signed callbacks and staff retries, the money that
 * succeeded never exceeds the captured amount (ledger and provider), the provider moves money at most once per
 * refundStamp / Klarna-Idempotency-Key, a ledger refund that succeeded has exactly one provider refund, and no
 * attempt number is executed twice.
 */
describe('refund ledger property on the Paytrail and Klarna rails', () => {
  let paytrail: LocalPaytrail;
  let klarna: LocalKlarna;
  beforeAll(async () => {
    paytrail = await startLocalPaytrail({ lateMs: 250 });
    klarna = await startLocalKlarna({ lateMs: 250 });
    vi.stubEnv('PAYTRAIL_MERCHANT_ID', paytrail.merchantId);
    vi.stubEnv('PAYTRAIL_SECRET_KEY', paytrail.secretKey);
    vi.stubEnv('PAYTRAIL_API_BASE', paytrail.url);
    vi.stubEnv('KLARNA_USERNAME', klarna.username);
    vi.stubEnv('KLARNA_PASSWORD', klarna.password);
    vi.stubEnv('KLARNA_API_BASE', klarna.url);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await paytrail.close();
    await klarna.close();
  });

  it('succeeded refunds never exceed the captured amount, one provider refund per key, no attempt executed twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('paytrail' as const, 'klarna' as const),
        fc.integer({ min: 1000, max: 10_000 }),
        fc.array(fc.integer({ min: 100, max: 6000 }), { minLength: 1, maxLength: 3 }),
        fc.array(opArb, { minLength: 1, maxLength: 10 }),
        async (provider, captured, amounts, ops) => {
          const { orderId, caseId } = await createDeliveryCase(db, { captured });
          const external = randomUUID();
          await db.update(orders).set({ paymentMethod: `${provider}:${external}` }).where(eq(orders.id, orderId));
          if (provider === 'paytrail') paytrail.pay(external, captured);
          else klarna.capture(external, captured);
          for (const amount of amounts) await db.insert(refunds).values({ orderId, caseId, amount, currency: 'EUR' }).catch(() => undefined);

          const made = () =>
            provider === 'paytrail'
              ? paytrail.created.filter((c) => c.transactionId === external).map((c) => ({ key: c.refundStamp, amount: c.amount, id: c.refundTransactionId }))
              : klarna.created.filter((c) => c.orderId === external).map((c) => ({ key: c.idempotencyKey ?? '', amount: c.amount, id: c.refundId }));

          await driveRefundLedger(db, {
            orderId,
            captured,
            rail: provider === 'paytrail' ? createPaytrailRail({ timeoutMs: 120 }) : createKlarnaRail({ timeoutMs: 120 }),
            ops,
            providerRefunds: made,
            async providerOp(op: ProviderOp) {
              if (op.kind === 'fault') {
                if (provider === 'paytrail') paytrail.fail(op.fault);
                else if (op.fault !== 'pending') klarna.fail(op.fault as KlarnaFault);
                return;
              }
              const list = made();
              if (provider !== 'paytrail' || list.length === 0) return;
              const target = list[op.pick % list.length]!;
              const url = new URL(`http://localhost/cb?${paytrail.callbackParams(target.id, 'ok').toString()}`);
              for (let i = 0; i < op.times; i++) expect((await receivePaytrailRefundCallback(db, url)).status).toBe(200);
            },
          });

          const rows = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
          for (const row of rows.filter((r) => r.status === 'succeeded' && r.rail === provider)) {
            expect(made().filter((c) => c.key === row.idempotencyKey)).toHaveLength(1);
          }
        },
      ),
      { numRuns: 24 },
    );
  });
});
