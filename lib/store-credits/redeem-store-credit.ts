import { and, eq, sql } from 'drizzle-orm';
import { storeCreditRedemptions, storeCredits } from '@/db/schema';
import { recordEvent } from '@/lib/core/events';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/core/errors';
import { toBalance } from './queries';
import type { RedeemStoreCreditInput, StoreCreditBalance } from './schemas';

/**
 * Spends part of a store credit. One conditional UPDATE takes the amount off only while the balance
 * covers it, so parallel redemptions can never take it below 0 (and the CHECK on store_credits would
 * refuse it anyway). Unknown code → not_found (404); another currency or too little left → invalid_state
 * (422) with `details.reason`. Idempotency (the same `Idempotency-Key` spends once) is the API layer's.
 */
export async function redeemStoreCredit(ctx: Ctx, code: string, input: RedeemStoreCreditInput): Promise<StoreCreditBalance> {
  const actor = authorize(ctx.actor, 'api:store_credits:write');
  const normalized = code.toUpperCase();
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(storeCredits)
      .set({ redeemedAmount: sql`${storeCredits.redeemedAmount} + ${input.amount}`, updatedAt: new Date() })
      .where(and(eq(storeCredits.code, normalized), eq(storeCredits.currency, input.currency), sql`${storeCredits.redeemedAmount} + ${input.amount} <= ${storeCredits.issuedAmount}`))
      .returning();
    if (!updated) {
      const [row] = await tx.select().from(storeCredits).where(eq(storeCredits.code, normalized)).limit(1);
      if (!row) throw new AppError('not_found', `Store credit ${normalized} not found.`);
      const balance = toBalance(row);
      if (row.currency !== input.currency) {
        throw new AppError('invalid_state', `Store credit ${normalized} is in ${row.currency}, not ${input.currency}.`, { details: { reason: 'currency_mismatch', currency: row.currency } });
      }
      throw new AppError('invalid_state', `Store credit ${normalized} has ${balance.balance} left, less than ${input.amount}.`, {
        details: { reason: 'insufficient_balance', balance: balance.balance, currency: row.currency },
      });
    }
    const balance = toBalance(updated);
    await tx.insert(storeCreditRedemptions).values({ storeCreditId: updated.id, amount: input.amount, currency: input.currency, orderNumber: input.orderNumber ?? null, apiKeyId: actor.apiKeyId });
    await recordEvent(tx, {
      actor,
      type: 'store_credit.redeemed',
      orderId: updated.orderId,
      data: { storeCreditId: updated.id, code: normalized, amount: input.amount, currency: input.currency, balance: balance.balance, orderNumber: input.orderNumber ?? null },
    });
    return balance;
  });
}
