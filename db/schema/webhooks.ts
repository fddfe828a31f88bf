import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns';
import { domainEvents } from './events';

/**
 * Merchant webhooks (lib/webhooks, Standard Webhooks): where to POST which public domain events.
 * The signing secret (`whsec_…`) is sealed with the app secret (lib/core/secret-box) and shown once; during a
 * rotation the previous one keeps signing until `previous_secret_expires_at`.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    url: text().notNull(),
    /** Public event types (lib/core/events/catalog.ts PUBLIC_EVENT_TYPES). */
    events: text().array().notNull(),
    description: varchar({ length: 500 }),
    secretSealed: text().notNull(),
    previousSecretSealed: text(),
    previousSecretExpiresAt: instant(),
    enabled: boolean().notNull().default(true),
    disabledAt: instant(),
    /** `manual` (an admin or the API), `failing` (failed for 5 days in a row). */
    disabledReason: varchar({ length: 32 }),
    /** Since when every attempt failed (null after any success): 5 days of this disables the endpoint. */
    failingSince: instant(),
    createdByApiKeyId: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhook_endpoints_enabled_idx').on(t.enabled)],
);

export const webhookDeliveryStatusEnum = pgEnum('webhook_delivery_status', ['pending', 'delivered', 'failed']);

/**
 * One message to one endpoint: the body is built once (at fan-out) and sent as is on every retry, under the
 * same `webhook-id`. A claimed row's `next_attempt_at` is pushed past the send timeout (the lease): a worker
 * killed mid-delivery leaves it pending, and it is sent again once the lease has run out.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The domain event (null for `webhook.test`); the log is purged after 30 days, the delivery keeps its body. */
    domainEventId: bigint({ mode: 'number' }).references(() => domainEvents.id, { onDelete: 'set null' }),
    webhookId: varchar({ length: 100 }).notNull(),
    eventType: varchar({ length: 64 }).notNull(),
    body: text().notNull(),
    status: webhookDeliveryStatusEnum().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant().notNull().defaultNow(),
    lastAttemptAt: instant(),
    lastStatusCode: integer(),
    lastDurationMs: integer(),
    lastError: text(),
    deliveredAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.webhookId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
  ],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
