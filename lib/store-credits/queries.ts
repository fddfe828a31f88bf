import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { compensations, storeCredits } from '@/db/schema';
import type { StoreCreditBalance } from './schemas';

export function toBalance(row: { code: string; issuedAmount: number; redeemedAmount: number; currency: string }): StoreCreditBalance {
  return { code: row.code, balance: row.issuedAmount - row.redeemedAmount, redeemed: row.redeemedAmount, issued: row.issuedAmount, currency: row.currency };
}

export async function findStoreCredit(db: DbOrTx, code: string): Promise<StoreCreditBalance | null> {
  const [row] = await db.select().from(storeCredits).where(eq(storeCredits.code, code.toUpperCase())).limit(1);
  return row ? toBalance(row) : null;
}

/** Balances of the given codes (the customer's return page shows each code with what is left). */
export async function storeCreditBalances(db: DbOrTx, codes: string[]): Promise<Map<string, StoreCreditBalance>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select().from(storeCredits).where(inArray(storeCredits.code, codes.map((c) => c.toUpperCase())));
  return new Map(rows.map((r) => [r.code, toBalance(r)]));
}

/** The return status page reads them on every view: prepared once (db/prepared.ts). */
const creditsOfReturn = preparedQuery((db) =>
  db
    .select({ code: storeCredits.code, issuedAmount: storeCredits.issuedAmount, redeemedAmount: storeCredits.redeemedAmount, currency: storeCredits.currency })
    .from(storeCredits)
    .innerJoin(compensations, eq(compensations.id, storeCredits.compensationId))
    .where(and(eq(compensations.returnId, sql.placeholder('returnId')), eq(compensations.kind, 'store_credit'), eq(compensations.status, 'issued')))
    .orderBy(asc(storeCredits.createdAt))
    .prepare('store_credits_of_return'),
);

/** The store credits a return was settled with (issued compensations of kind store_credit), with their balances. */
export async function storeCreditsOfReturn(db: DbOrTx, returnId: string): Promise<StoreCreditBalance[]> {
  const rows = await creditsOfReturn(db).execute({ returnId });
  return rows.map(toBalance);
}
