import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { idempotencyKeys } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** Stored responses are replayed for 24 h; after that the key can be used afresh. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** A claim whose request never finished (the process died) is given up after this long. */
const ABANDONED_SECONDS = 5 * 60;

export type StoredResponse = { status: number; body: unknown };
export type Claim = { kind: 'claimed'; id: string } | { kind: 'replay'; response: StoredResponse };

export function requestHash(method: string, path: string, rawBody: string): string {
  return createHash('sha256').update(`${method}\n${path}\n${rawBody}`).digest('hex');
}

const stale = sql`(${idempotencyKeys.createdAt} < now() - make_interval(secs => ${IDEMPOTENCY_TTL_SECONDS})
  or (${idempotencyKeys.completedAt} is null and ${idempotencyKeys.createdAt} < now() - make_interval(secs => ${ABANDONED_SECONDS})))`;

/**
 * Insert-first claim: the unique (api_key_id, key) index lets exactly one of two concurrent requests run.
 * Same key + same request → the stored response; other request → 422; still running → 409.
 */
export async function claimIdempotencyKey(db: Db, input: { apiKeyId: string; key: string; method: string; path: string; hash: string }): Promise<Claim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [claimed] = await db
      .insert(idempotencyKeys)
      .values({ apiKeyId: input.apiKeyId, key: input.key, method: input.method, path: input.path, requestHash: input.hash })
      .onConflictDoNothing({ target: [idempotencyKeys.apiKeyId, idempotencyKeys.key] })
      .returning({ id: idempotencyKeys.id });
    if (claimed) return { kind: 'claimed', id: claimed.id };

    const [existing] = await db
      .select({
        id: idempotencyKeys.id,
        requestHash: idempotencyKeys.requestHash,
        status: idempotencyKeys.responseStatus,
        body: idempotencyKeys.responseBody,
        stale: sql<boolean>`${stale}`,
      })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.apiKeyId, input.apiKeyId), eq(idempotencyKeys.key, input.key)));
    if (!existing) continue; // deleted in between: claim again
    if (existing.stale) {
      await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.id, existing.id), stale));
      continue;
    }
    if (existing.requestHash !== input.hash) {
      throw new AppError('idempotency_mismatch', 'This Idempotency-Key was used with a different request. Use a new key for a new request.');
    }
    if (existing.status === null) throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed. Retry later.', { retryAfterSeconds: 1 });
    return { kind: 'replay', response: { status: existing.status, body: existing.body } };
  }
  throw new AppError('conflict', 'The Idempotency-Key is being reused concurrently. Retry later.', { retryAfterSeconds: 1 });
}

/** Keeps the response for replays; transient answers (409, 429, 5xx) release the key so a retry runs again. */
export async function completeIdempotencyKey(db: Db, id: string, response: StoredResponse): Promise<void> {
  if (response.status >= 500 || response.status === 409 || response.status === 429) {
    await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.id, id), isNull(idempotencyKeys.completedAt)));
    return;
  }
  await db
    .update(idempotencyKeys)
    .set({ responseStatus: response.status, responseBody: response.body, completedAt: sql`now()` })
    .where(eq(idempotencyKeys.id, id));
}

/** Housekeeping for the worker: keys past their 24 h. */
export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${IDEMPOTENCY_TTL_SECONDS})`))
    .returning({ id: idempotencyKeys.id });
  return removed.length;
}
