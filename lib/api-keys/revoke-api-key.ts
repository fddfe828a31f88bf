import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db';
import { apiKeys } from '../../db/schema/staff';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '../errors';

/** Revokes a key by its prefix; requests with it get 401 from then on. Revoking twice is a no-op. */
export async function revokeApiKey(ctx: { db: Db; actor: Actor }, input: { prefix: string }): Promise<{ id: string; revoked: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx.select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.prefix, input.prefix)).for('update');
    if (!key) throw new AppError('not_found', `No API key with prefix ${input.prefix}.`);
    if (key.revokedAt) return { id: key.id, revoked: false };
    await tx.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, key.id), isNull(apiKeys.revokedAt)));
    await recordEvent(tx, { actor: ctx.actor, type: 'api_key.revoked', data: { apiKeyId: key.id, prefix: input.prefix } });
    return { id: key.id, revoked: true };
  });
}
