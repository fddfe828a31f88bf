import { desc } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { apiKeys } from '../../db/schema/staff';

export type ApiKeyDto = { id: string; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

/** Every key, newest first; never the secret (only its prefix exists). */
export async function listApiKeys(db: DbOrTx): Promise<ApiKeyDto[]> {
  const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}
