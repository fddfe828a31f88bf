import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { endpointsVisibleTo } from './queries';
import { type CreateWebhookEndpointInput, createWebhookEndpointSchema } from './schemas';
import { generateWebhookSecret, sealWebhookSecret } from './signature';

/** Endpoints per owner (an API key, or the admins): enough for any shop, a bound for the fan-out. */
export const MAX_ENDPOINTS = 20;

/** Creates an endpoint and returns its `whsec_…` secret once; only the sealed secret is stored. */
export async function createWebhookEndpoint(ctx: { db: Db; actor: Actor }, input: CreateWebhookEndpointInput) {
  const visible = endpointsVisibleTo(ctx.actor);
  const { url, events, description } = createWebhookEndpointSchema.parse(input);
  const secret = generateWebhookSecret();
  const secretSealed = await sealWebhookSecret(ctx.db, secret);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(webhookEndpoints).where(visible ?? eq(webhookEndpoints.enabled, webhookEndpoints.enabled));
    if ((existing?.n ?? 0) >= MAX_ENDPOINTS) throw new AppError('invalid_state', `At most ${MAX_ENDPOINTS} webhook endpoints.`, { details: { reason: 'tooManyEndpoints' } });
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ url, events, description: description || null, secretSealed, createdByApiKeyId: ctx.actor.type === 'merchant_api' ? ctx.actor.apiKeyId : null })
      .returning();
    await recordEvent(tx, { actor: ctx.actor, type: 'webhook_endpoint.created', data: { endpointId: row!.id, url, events } });
    return { id: row!.id, url, events, description: row!.description, secret };
  });
}
