import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderLines, returnItems, returns } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { testDb } from '@/test/db';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';
import { cancelReturn } from './cancel-return';
import { receiveReturnQuantity } from './counters';
import { submitReturn } from './submit-return';

const db = testDb();
const TZ = 'Europe/Helsinki';

type Op = { kind: 'request'; quantity: number } | { kind: 'receive'; pick: number } | { kind: 'cancel'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), quantity: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('receive' as const), pick: fc.nat(10) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(10) }),
);

/** Raises a counter without the guard: the CHECK constraint must refuse what the guard refuses. */
async function checkRefuses(update: ReturnType<typeof sql>): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(update);
      throw new Error('rollback');
    });
    return false;
  } catch (error) {
    const codes: unknown[] = [];
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) codes.push((e as { code?: unknown }).code);
    return codes.includes('23514');
  }
}

beforeAll(async () => {
  await ensureReturnPolicy(db);
});

describe('return quantity counters (property)', () => {
  it('over random request / receive / cancel sequences: never negative, requested + returned ≤ fulfilled, and the DB agrees', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(opArb, { minLength: 1, maxLength: 8 }), async (fulfilled, ops) => {
        const order = await createReturnableOrder(db, { lines: [{ quantity: fulfilled }] });
        const lineId = order.lines[0]!.id;
        const ctx = { db, actor: { type: 'customer' as const, orderId: order.id } };
        // The model: what the counters must be after each step.
        let requested = 0;
        let returned = 0;
        const open: Array<{ id: string; quantity: number }> = [];
        // Received returns still count against the open-returns cap until staff complete them.
        let openReturns = 0;

        for (const op of ops) {
          if (op.kind === 'request') {
            const allowed = op.quantity <= fulfilled - requested - returned && openReturns < 3;
            try {
              const result = await submitReturn(ctx, { orderId: order.id, timeZone: TZ, request: returnRequest(order, [{ orderLineId: lineId, quantity: op.quantity }]) });
              expect(allowed).toBe(true);
              requested += op.quantity;
              open.push({ id: result.returnId, quantity: op.quantity });
              openReturns += 1;
            } catch (error) {
              expect(error).toBeInstanceOf(AppError);
              expect(allowed).toBe(false);
              if (op.quantity > fulfilled - requested - returned) {
                // Bypassing the guard, PostgreSQL itself refuses the same move.
                expect(await checkRefuses(sql`update order_lines set return_requested_quantity = return_requested_quantity + ${op.quantity} where id = ${lineId}`)).toBe(true);
              }
            }
          } else if (op.kind === 'receive' && open.length > 0) {
            // The warehouse receives a whole return (the staff flow owns the status; counters are what matter here).
            const [target] = open.splice(op.pick % open.length, 1);
            await db.transaction(async (tx) => {
              expect(await receiveReturnQuantity(tx, lineId, target!.quantity)).toBe(true);
              await tx.update(returnItems).set({ receivedQuantity: target!.quantity }).where(eq(returnItems.returnId, target!.id));
              await tx.update(returns).set({ status: 'received', receivedAt: new Date() }).where(eq(returns.id, target!.id));
            });
            requested -= target!.quantity;
            returned += target!.quantity;
          } else if (op.kind === 'cancel' && open.length > 0) {
            const [target] = open.splice(op.pick % open.length, 1);
            await cancelReturn(ctx, { returnId: target!.id, orderId: order.id });
            requested -= target!.quantity;
            openReturns -= 1;
          }

          const [line] = await db.select().from(orderLines).where(eq(orderLines.id, lineId));
          expect(line!.returnRequestedQuantity).toBe(requested);
          expect(line!.returnedQuantity).toBe(returned);
          expect(line!.returnRequestedQuantity).toBeGreaterThanOrEqual(0);
          expect(line!.returnRequestedQuantity + line!.returnedQuantity).toBeLessThanOrEqual(line!.fulfilledQuantity);
        }
        // A counter can never be pushed below zero either.
        expect(await checkRefuses(sql`update order_lines set return_requested_quantity = return_requested_quantity - ${requested + 1} where id = ${lineId}`)).toBe(true);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
