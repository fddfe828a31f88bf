import { sql } from 'drizzle-orm';
import type { Tx } from '@/db';

/** Serializes changes to the team list: a name check and its insert or rename see no concurrent twin. */
export async function lockTeams(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('paluu.teams'))`);
}
