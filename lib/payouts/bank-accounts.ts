/**
 * The customer's refund account (return wizard): sealed at rest with a key derived from APP_SECRET
 * (lib/core/secret-box, purpose `refund-bank-account`), so a database dump shows only the masked IBAN.
 * No `server-only`: the worker's bank-transfer rail reads it.
 */
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { refundBankAccounts } from '@/db/schema';
import { openSecret, sealSecret } from '@/lib/core/secret-box';
import { readAppSecret } from '@/lib/settings/read-app-secret';
import { maskIban, type RefundAccount } from './iban';

const PURPOSE = 'refund-bank-account';

/** Stores (or replaces) the account a return's refund goes to; call it inside the return's transaction. */
export async function saveRefundBankAccount(tx: DbOrTx, input: { returnId: string; orderId: string; account: RefundAccount }): Promise<void> {
  const secret = await readAppSecret(tx);
  const values = {
    holderSealed: sealSecret(input.account.holder, secret, PURPOSE),
    ibanSealed: sealSecret(input.account.iban, secret, PURPOSE),
    bicSealed: input.account.bic ? sealSecret(input.account.bic, secret, PURPOSE) : null,
    ibanMasked: maskIban(input.account.iban),
  };
  await tx
    .insert(refundBankAccounts)
    .values({ returnId: input.returnId, orderId: input.orderId, ...values })
    .onConflictDoUpdate({ target: refundBankAccounts.returnId, set: values });
}

export type OpenedBankAccount = { id: string; holder: string; iban: string; bic: string | null; ibanMasked: string };

/** The account with its fields opened (the SEPA file needs them); null when none or the key changed. */
export async function openRefundBankAccount(db: DbOrTx, id: string): Promise<OpenedBankAccount | null> {
  const [row] = await db.select().from(refundBankAccounts).where(eq(refundBankAccounts.id, id)).limit(1);
  if (!row) return null;
  const secret = await readAppSecret(db);
  try {
    return {
      id: row.id,
      holder: openSecret(row.holderSealed, secret, PURPOSE),
      iban: openSecret(row.ibanSealed, secret, PURPOSE),
      bic: row.bicSealed ? openSecret(row.bicSealed, secret, PURPOSE) : null,
      ibanMasked: row.ibanMasked,
    };
  } catch {
    console.warn(`[payouts] refund bank account ${row.id} cannot be opened with this APP_SECRET`);
    return null;
  }
}

/** The account a refund goes to: the return's, else the latest one given for the order. */
export async function bankAccountIdFor(db: DbOrTx, input: { returnId: string | null; orderId: string }): Promise<string | null> {
  if (input.returnId) {
    const [row] = await db.select({ id: refundBankAccounts.id }).from(refundBankAccounts).where(eq(refundBankAccounts.returnId, input.returnId)).limit(1);
    if (row) return row.id;
  }
  const [latest] = await db
    .select({ id: refundBankAccounts.id })
    .from(refundBankAccounts)
    .where(eq(refundBankAccounts.orderId, input.orderId))
    .orderBy(desc(refundBankAccounts.createdAt))
    .limit(1);
  return latest?.id ?? null;
}

/** What staff and the customer see of a return's account: the masked IBAN only. */
export async function maskedAccountOfReturn(db: DbOrTx, returnId: string): Promise<{ ibanMasked: string } | null> {
  const [row] = await db.select({ ibanMasked: refundBankAccounts.ibanMasked }).from(refundBankAccounts).where(eq(refundBankAccounts.returnId, returnId)).limit(1);
  return row ?? null;
}
