import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { webhookEndpoints } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { findEndpoint } from './queries';

/** Deletes an endpoint and its delivery log; nothing more is sent to it (a send in flight finishes). */
export async function deleteWebhookEndpoint(ctx: { db: Db; actor: Actor }, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await findEndpoint(tx, ctx.actor, id, true);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, current.id));
    await recordEvent(tx, { actor: ctx.actor, type: 'webhook_endpoint.deleted', data: { endpointId: current.id, url: current.url } });
  });
}
