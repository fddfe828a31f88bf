/**
 * The shop's own account, the debtor of every SEPA file: settings key `payout_account`
 * (staff settings → Payouts). No `server-only`: tests and the worker read it.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { settings } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { writeSetting } from '@/lib/settings/save-setting';
import { BIC_PATTERN, checkIban, HOLDER_MAX, normalizeBic } from './iban';

export const PAYOUT_ACCOUNT_KEY = 'payout_account';

export type PayoutAccount = { name: string; iban: string; bic: string | null };

/** The settings form: errors are catalog keys under `payouts.errors`. */
export const payoutAccountSchema = z
  .object({
    name: z.string().trim().min(1, 'nameRequired').max(HOLDER_MAX, 'nameTooLong'),
    iban: z.string(),
    bic: z.string(),
  })
  .transform((value, ctx) => {
    const iban = checkIban(value.iban);
    if (!iban.ok) ctx.addIssue({ code: 'custom', path: ['iban'], message: iban.error });
    const bic = normalizeBic(value.bic);
    if (bic && !BIC_PATTERN.test(bic)) ctx.addIssue({ code: 'custom', path: ['bic'], message: 'bicFormat' });
    return { name: value.name, iban: iban.ok ? iban.iban : '', bic: bic || null } satisfies PayoutAccount;
  });

const storedSchema = z.object({ name: z.string().min(1), iban: z.string().min(15), bic: z.string().nullable() });

export async function readPayoutAccount(db: DbOrTx): Promise<PayoutAccount | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, PAYOUT_ACCOUNT_KEY));
  const parsed = storedSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

/** Saves the shop's account (admin, `payouts.manage`); audited as a settings change. */
export async function savePayoutAccount(ctx: Ctx, input: unknown): Promise<PayoutAccount> {
  const actor = authorize(ctx.actor, 'payouts.manage');
  const account = payoutAccountSchema.parse(input);
  await ctx.db.transaction((tx) => writeSetting(tx, actor, PAYOUT_ACCOUNT_KEY, account));
  return account;
}
