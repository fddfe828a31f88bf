import { timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { apiKeys } from '../../db/schema/staff';
import { hashApiKey } from './create-api-key';
import { parseApiKey } from './schemas';

/** last_used_at is written at most this often per key, so a busy key does not turn every request into a write. */
const LAST_USED_THROTTLE_SECONDS = 60;

export type ApiPrincipal = { apiKeyId: string; scopes: string[]; prefix: string };

/** The key's principal, or null for a malformed, unknown or revoked key (the caller answers 401 either way). */
export async function authenticateApiKey(db: DbOrTx, key: string): Promise<ApiPrincipal | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const [row] = await db
    .select({ id: apiKeys.id, keyHash: apiKeys.keyHash, scopes: apiKeys.scopes, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(eq(apiKeys.prefix, parsed.prefix));
  if (!row) return null;
  const given = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(row.keyHash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored) || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_THROTTLE_SECONDS * 1000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - make_interval(secs => ${LAST_USED_THROTTLE_SECONDS})`))));
  }
  return { apiKeyId: row.id, scopes: row.scopes, prefix: parsed.prefix };
}
