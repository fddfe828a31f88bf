// No `server-only`: the apikey CLI and the e2e fixtures call this under plain Node.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db';
import { apiKeys } from '../../db/schema/staff';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { type CreateApiKeyInput, createApiKeySchema } from './schemas';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Creates a key and returns it once; only its prefix and SHA-256 are stored. */
export async function createApiKey(
  ctx: { db: Db; actor: Actor },
  input: CreateApiKeyInput & { createdByStaffId?: string | null },
): Promise<{ id: string; name: string; prefix: string; scopes: string[]; key: string }> {
  const { name, scopes } = createApiKeySchema.parse(input);
  const prefix = randomBytes(6).toString('hex');
  const key = `pal_${prefix}_${randomBytes(32).toString('base64url')}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, prefix, keyHash: hashApiKey(key), scopes, createdByStaffId: input.createdByStaffId ?? null })
      .returning({ id: apiKeys.id });
    await recordEvent(tx, { actor: ctx.actor, type: 'api_key.created', data: { apiKeyId: row!.id, name, prefix, scopes } });
    return { id: row!.id, name, prefix, scopes, key };
  });
}
