import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';

/** Serializes changes to the rule list (positions stay a clean sequence when two admins edit at once). */
export async function lockRules(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('paluu.automation.rules'))`);
}
