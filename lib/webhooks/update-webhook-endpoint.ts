import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { findEndpoint, toEndpointDto } from './queries';
import { type UpdateWebhookEndpointInput, updateWebhookEndpointSchema } from './schemas';

/**
 * Changes url, events, description or enabled. Disabling is `manual`; enabling again clears the disabled and
 * failing state, and the deliveries that waited are sent.
 */
export async function updateWebhookEndpoint(ctx: { db: Db; actor: Actor }, id: string, input: UpdateWebhookEndpointInput) {
  const patch = updateWebhookEndpointSchema.parse(input);
  return ctx.db.transaction(async (tx) => {
    const current = await findEndpoint(tx, ctx.actor, id, true);
    const set: Partial<typeof webhookEndpoints.$inferInsert> = {};
    if (patch.url !== undefined) set.url = patch.url;
    if (patch.events !== undefined) set.events = patch.events;
    if (patch.description !== undefined) set.description = patch.description || null;
    if (patch.enabled === false && current.enabled) Object.assign(set, { enabled: false, disabledAt: new Date(), disabledReason: 'manual' });
    if (patch.enabled === true && !current.enabled) Object.assign(set, { enabled: true, disabledAt: null, disabledReason: null, failingSince: null });
    if (Object.keys(set).length === 0) return toEndpointDto(current);
    const [row] = await tx.update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, current.id)).returning();
    await recordEvent(tx, { actor: ctx.actor, type: 'webhook_endpoint.updated', data: { endpointId: current.id, changed: Object.keys(set) } });
    if (set.enabled === true) await tx.execute(`select pg_notify('paluu_webhook_deliveries', '')`);
    return toEndpointDto(row!);
  });
}
