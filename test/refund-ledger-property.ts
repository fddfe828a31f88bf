import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Db } from '@/db';
import { orders, refunds } from '@/db/schema';
import type { RefundRail } from '@/lib/core/refund-rail';
import { demoRail } from '@/lib/refunds/rails/demo';
import { retryRefund } from '@/lib/refunds/retry-refund';
import { runRefundExecutor } from './refunds';

/** The ledger's own moves in the refund property: an executor pass (the clock moved on; two at once) or a staff retry. */
export type LedgerOp = { kind: 'execute'; advance: number; parallel: boolean } | { kind: 'retry'; pick: number };

export const executeOpArb = fc.record({ kind: fc.constant('execute' as const), advance: fc.integer({ min: 0, max: 8000 }), parallel: fc.boolean() });
export const retryOpArb = fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() });

const isLedgerOp = (op: { kind: string }): op is LedgerOp => op.kind === 'execute' || op.kind === 'retry';

const staffActor = { type: 'staff' as const, staffId: '00000000-0000-4000-8000-000000000000', role: 'admin' as const };

/**
 * Drives one order's refunds through `ops` on `rail` (with the demo rail behind it), the provider's own moves
 * (faults, webhooks, callbacks) left to `providerOp`, and after every op checks the property: the money that
 * succeeded never exceeds the captured amount (in the ledger and at the provider, `providerRefunds`), the
 * provider holds at most one refund per idempotency key, and no attempt number is executed twice.
 * Returns the rail's calls per `refundId#attemptNo`.
 */
export async function driveRefundLedger<P extends { kind: string }>(
  db: Db,
  input: { orderId: string; captured: number; rail: RefundRail; ops: readonly (LedgerOp | P)[]; providerOp: (op: P) => Promise<void>; providerRefunds: () => { key: string; amount: number }[] },
): Promise<Map<string, number>> {
  const { orderId, captured } = input;
  // Count every call of the rail per (refund, attempt number).
  const calls = new Map<string, number>();
  const counted: RefundRail = {
    ...input.rail,
    async execute(d, request, signal) {
      const key = `${request.refundId}#${request.attemptNo}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return input.rail.execute(d, request, signal);
    },
  };
  const rails = [counted, demoRail];
  let clock = Date.now();

  for (const op of input.ops) {
    if (!isLedgerOp(op)) {
      await input.providerOp(op);
    } else if (op.kind === 'execute') {
      clock += op.advance;
      const now = () => new Date(clock);
      const pass = () => runRefundExecutor(db, orderId, { rails, now, timeoutMs: 2000, retryDelaysSeconds: [1, 2, 4] });
      if (op.parallel) await Promise.all([pass(), pass()]);
      else await pass();
    } else {
      const failed = await db.select({ id: refunds.id }).from(refunds).where(and(eq(refunds.orderId, orderId), eq(refunds.status, 'failed')));
      if (failed.length > 0) await retryRefund({ db, actor: staffActor }, { refundId: failed[op.pick % failed.length]!.id }).catch(() => undefined);
    }

    // The ledger: what succeeded ≤ captured, and refunded_amount is exactly what is not failed.
    const [sums] = await db
      .select({
        succeeded: sql<number>`coalesce(sum(${refunds.amount}) filter (where ${refunds.status} = 'succeeded'), 0)::int`,
        reserved: sql<number>`coalesce(sum(${refunds.amount}) filter (where ${refunds.status} <> 'failed'), 0)::int`,
      })
      .from(refunds)
      .where(eq(refunds.orderId, orderId));
    const [order] = await db.select({ refunded: orders.refundedAmount }).from(orders).where(eq(orders.id, orderId));
    expect(sums!.succeeded).toBeLessThanOrEqual(captured);
    expect(order!.refunded).toBe(sums!.reserved);
    // The provider: paid at most the captured amount, at most once per idempotency key.
    const moved = input.providerRefunds();
    expect(moved.reduce((sum, c) => sum + c.amount, 0)).toBeLessThanOrEqual(captured);
    expect(new Set(moved.map((c) => c.key)).size).toBe(moved.length);
    // No attempt number was executed twice.
    for (const [key, count] of calls) expect(count, key).toBe(1);
  }
  return calls;
}
