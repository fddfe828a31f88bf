import { eq } from 'drizzle-orm';
import { cases, compensations, orders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import type { StaffActorRef as StaffOnlyActor } from '@/lib/core/actor';
import { issueCompensation, reshipLines } from './issue-compensation';
import { needsApproval } from './limits';
import { refusal } from './money-errors';
import { type GoodwillInput, goodwillSchema, toMinorUnits } from './schemas';
import { authorize } from '@/lib/core/authorize';
import { isUniqueViolation } from '@/lib/core/pg-error';

export type GrantGoodwillResult = { compensationId: string; status: 'issued' | 'pending_approval' };

/**
 * Goodwill for a delivery problem, from a case. Within the agent's limit it is issued at once;
 * above it the compensation waits as `pending_approval` for an admin (approvals queue).
 */
export async function grantGoodwill(ctx: Ctx, raw: GoodwillInput): Promise<GrantGoodwillResult> {
  const actor = authorize(ctx.actor, 'compensations.grant');
  const input = goodwillSchema.parse(raw);
  const earlier = async (): Promise<GrantGoodwillResult | null> => {
    if (!input.requestKey) return null;
    const [row] = await ctx.db.select({ id: compensations.id, status: compensations.status, caseId: compensations.caseId }).from(compensations).where(eq(compensations.requestKey, input.requestKey));
    if (!row) return null;
    if (row.caseId !== input.caseId) throw new AppError('conflict', 'This request key belongs to another case.');
    return { compensationId: row.id, status: row.status === 'pending_approval' ? 'pending_approval' : 'issued' };
  };
  const repeated = await earlier();
  if (repeated) return repeated;
  try {
    return await grant(ctx, actor, input);
  } catch (error) {
    // Two submits with one key racing past the read: the loser reports the winner's result.
    if (isUniqueViolation(error, 'compensations_request_key_key')) {
      const winner = await earlier();
      if (winner) return winner;
    }
    throw error;
  }
}

async function grant(ctx: Ctx, actor: StaffOnlyActor, input: ReturnType<typeof goodwillSchema.parse>): Promise<GrantGoodwillResult> {
  return ctx.db.transaction(async (tx) => {
    const [kase] = await tx.select({ id: cases.id, orderId: cases.orderId }).from(cases).where(eq(cases.id, input.caseId)).limit(1);
    if (!kase) throw new AppError('not_found');
    if (!kase.orderId) throw new AppError('invalid_state', 'The case has no order.');
    // Locked: grants on one order are decided one at a time (the agent limit counts earlier grants).
    const [order] = await tx.select().from(orders).where(eq(orders.id, kase.orderId)).for('update').limit(1);
    if (!order) throw new AppError('not_found');

    let amount: number;
    if (input.kind === 'free_shipping' || input.kind === 'refund') amount = order.shippingAmount;
    else if (input.kind === 'reship') amount = (await reshipLines(tx, order.id)).reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    else amount = toMinorUnits(input.amount);
    if (input.kind === 'refund' && amount <= 0) throw refusal('nothing_to_refund');
    if (input.kind === 'partial_refund' && amount > order.capturedAmount - order.refundedAmount) throw refusal('refund_exceeds_captured');

    const pending = await needsApproval(tx, actor, amount, order.id);
    const [comp] = await tx
      .insert(compensations)
      .values({
        caseId: kase.id,
        orderId: order.id,
        kind: input.kind,
        status: pending ? 'pending_approval' : 'approved',
        amount,
        currency: order.currency,
        reason: input.reason,
        requestedByStaffId: actor.staffId,
        requestKey: input.requestKey ?? null,
      })
      .returning({ id: compensations.id });
    await recordEvent(tx, {
      actor,
      type: pending ? 'compensation.requested' : 'compensation.granted',
      caseId: kase.id,
      orderId: order.id,
      data: { compensationId: comp!.id, kind: input.kind, amount, currency: order.currency, reason: input.reason },
    });
    if (pending) return { compensationId: comp!.id, status: 'pending_approval' as const };
    await issueCompensation(tx, { compensationId: comp!.id, actor, staffId: actor.staffId });
    return { compensationId: comp!.id, status: 'issued' as const };
  });
}
