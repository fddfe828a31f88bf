import type { Tx } from '@/db';
import { storeCredits } from '@/db/schema';

/**
 * The redeemable balance behind a store-credit code, written in the transaction that issues the credit
 * (lib/compensations/issue-compensation.ts). Issuing the same compensation twice keeps one balance.
 */
export async function issueStoreCredit(tx: Tx, input: { code: string; compensationId: string | null; orderId: string | null; amount: number; currency: string }): Promise<void> {
  if (input.amount <= 0) return;
  await tx
    .insert(storeCredits)
    .values({ code: input.code.toUpperCase(), compensationId: input.compensationId, orderId: input.orderId, issuedAmount: input.amount, currency: input.currency })
    .onConflictDoNothing();
}
