import { and, arrayContains, eq } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { PUBLIC_EVENT_TYPES, type Subscriber } from '@/lib/core/events';
import { webhookBody, webhookData } from './build-body';

/**
 * `webhooks.fan-out`: one delivery row per enabled endpoint subscribed to the event's type. Runs in the
 * subscriber's transaction (lib/core/events/subscriber.ts), does no network I/O; the dispatcher sends.
 * Idempotent: a replayed event hits the unique (endpoint, webhook-id) and inserts nothing.
 */
export const webhookFanOut: Subscriber = {
  name: 'webhooks.fan-out',
  types: PUBLIC_EVENT_TYPES,
  async handle(tx, event) {
    const endpoints = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enabled, true), arrayContains(webhookEndpoints.events, [event.type])));
    if (endpoints.length === 0) return;
    const body = webhookBody(event.type, event.occurredAt, await webhookData(tx, event));
    await tx
      .insert(webhookDeliveries)
      .values(endpoints.map((endpoint) => ({ endpointId: endpoint.id, domainEventId: event.id, webhookId: event.eventId, eventType: event.type, body })))
      .onConflictDoNothing();
  },
};

export const WEBHOOK_SUBSCRIBERS: readonly Subscriber[] = [webhookFanOut];
