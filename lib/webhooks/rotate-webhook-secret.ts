import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { findEndpoint } from './queries';
import { generateWebhookSecret, ROTATION_OVERLAP_MS, sealWebhookSecret } from './signature';

/**
 * A new secret, returned once. The current one becomes the previous one and keeps signing too (a second
 * `v1,…` in `webhook-signature`) for 24 hours, so the receiver can switch without losing a message.
 */
export async function rotateWebhookSecret(ctx: { db: Db; actor: Actor }, id: string, now = new Date()) {
  const secret = generateWebhookSecret();
  const sealed = await sealWebhookSecret(ctx.db, secret);
  const previousSecretExpiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  return ctx.db.transaction(async (tx) => {
    const current = await findEndpoint(tx, ctx.actor, id, true);
    await tx
      .update(webhookEndpoints)
      .set({ secretSealed: sealed, previousSecretSealed: current.secretSealed, previousSecretExpiresAt })
      .where(eq(webhookEndpoints.id, current.id));
    await recordEvent(tx, { actor: ctx.actor, type: 'webhook_endpoint.secret_rotated', data: { endpointId: current.id, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() } });
    return { id: current.id, secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
  });
}
