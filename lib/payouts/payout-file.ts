/**
 * The SEPA file names every creditor and their IBAN: it is kept sealed like the accounts themselves
 * (lib/core/secret-box, purpose `payout-file`), so a re-download is the same file and a dump shows none of it.
 */
import type { DbOrTx } from '@/db';
import { openSecret, sealSecret } from '@/lib/core/secret-box';
import { readAppSecret } from '@/lib/settings/read-app-secret';

const PURPOSE = 'payout-file';

export async function sealPayoutFile(db: DbOrTx, xml: string): Promise<string> {
  return sealSecret(xml, await readAppSecret(db), PURPOSE);
}

/** The file, or null when it can no longer be opened (APP_SECRET changed). */
export async function openPayoutFile(db: DbOrTx, stored: string): Promise<string | null> {
  try {
    return openSecret(stored, await readAppSecret(db), PURPOSE);
  } catch {
    return null;
  }
}
