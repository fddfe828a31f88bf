import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns';
import { orders, variants } from './orders';
import { compensations, refunds } from './cases';
import { returns } from './returns';

/**
 * A connected commerce platform (lib/platforms): a Shopify shop or a WooCommerce store. `domain` is the key
 * webhooks are matched by: the shop's `*.myshopify.com` domain (`X-Shopify-Shop-Domain`), or the WooCommerce
 * site's host and path (`X-WC-Webhook-Source` without scheme and trailing slash). Credentials (JSON) and
 * the webhook secret are sealed with the app secret (lib/core/secret-box, purpose `platform-secret`): a
 * database dump alone does not reveal them.
 */
export const platformIntegrations = pgTable(
  'platform_integrations',
  {
    id: id(),
    platform: varchar({ length: 32 }).notNull(),
    domain: varchar({ length: 255 }).notNull(),
    displayName: varchar({ length: 255 }).notNull(),
    credentialsSealed: text().notNull(),
    webhookSecretSealed: text().notNull(),
    lastBackfillAt: instant(),
    /** What the last backfill did: `{ days, orders, created, updated, skipped }` or `{ error }`. */
    lastBackfillResult: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('platform_integrations_platform_domain_key').on(t.platform, sql`lower(${t.domain})`),
    check('platform_integrations_platform_known', sql`${t.platform} in ('shopify', 'woocommerce', 'vendure')`),
  ],
);

/** Webhook deliveries already handled, by the platform's delivery id (`X-Shopify-Webhook-Id`): a retry changes nothing. */
export const platformWebhookReceipts = pgTable(
  'platform_webhook_receipts',
  {
    integrationId: uuid()
      .notNull()
      .references(() => platformIntegrations.id, { onDelete: 'cascade' }),
    webhookId: varchar({ length: 255 }).notNull(),
    topic: varchar({ length: 100 }).notNull(),
    /** `applied`, `stale` (older than what we hold), `skipped` (with `detail`). */
    outcome: varchar({ length: 32 }).notNull(),
    detail: text(),
    receivedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.webhookId] }), index('platform_webhook_receipts_received_at_idx').on(t.receivedAt)],
);

/** Which integration an order came from (the refund rail refunds through that shop). */
export const platformOrders = pgTable(
  'platform_orders',
  {
    orderId: uuid()
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    integrationId: uuid()
      .notNull()
      .references(() => platformIntegrations.id, { onDelete: 'cascade' }),
    /** The order's id on the platform (Shopify GID). */
    externalId: varchar({ length: 100 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('platform_orders_integration_external_key').on(t.integrationId, t.externalId)],
);

/** Refunds made on the platform and recorded here (Shopify `refunds/create`), so one is never recorded twice. */
export const platformRefunds = pgTable(
  'platform_refunds',
  {
    integrationId: uuid()
      .notNull()
      .references(() => platformIntegrations.id, { onDelete: 'cascade' }),
    externalId: varchar({ length: 100 }).notNull(),
    refundId: uuid()
      .notNull()
      .references(() => refunds.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.integrationId, t.externalId] })],
);

/**
 * Which platform variant a catalogue variant comes from (lib/platforms/apply-variants.ts): the product and variant
 * ids on the platform (Shopify GIDs, WooCommerce ids), Shopify's inventory item (its `inventory_levels/update`
 * names only that), and the platform's `updated_at` of the copy applied, so an older delivery changes nothing.
 * `inventoryLevels` holds Shopify's available quantity per location (`{ locationId: { available, updatedAt } }`):
 * the variant's stock is their sum.
 */
export const platformVariants = pgTable(
  'platform_variants',
  {
    variantId: uuid()
      .primaryKey()
      .references(() => variants.id, { onDelete: 'cascade' }),
    integrationId: uuid()
      .notNull()
      .references(() => platformIntegrations.id, { onDelete: 'cascade' }),
    externalProductId: varchar({ length: 100 }).notNull(),
    externalId: varchar({ length: 100 }).notNull(),
    inventoryItemId: varchar({ length: 100 }),
    platformUpdatedAt: instant().notNull(),
    inventoryLevels: jsonb().$type<Record<string, { available: number; updatedAt: string }>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('platform_variants_integration_external_key').on(t.integrationId, t.externalId),
    index('platform_variants_product_idx').on(t.integrationId, t.externalProductId),
    index('platform_variants_inventory_item_idx').on(t.integrationId, t.inventoryItemId),
  ],
);

export type PlatformIntegration = typeof platformIntegrations.$inferSelect;

/**
 * An exchange's replacement order on the shop's platform (lib/platforms/exchange-orders.ts): one per return, made
 * by the worker from `exchange.created` when the original order came from that integration. `pending` until the
 * platform answers (`attempts`, `nextAttemptAt`: retried with backoff), then `created` with the platform's order
 * id (Shopify GID or WooCommerce id), its name and admin URL, or `failed` with the platform's message. The
 * replacement's fulfilment is matched back through (`integrationId`, `externalId`) to the original order.
 */
export const exchangePlatformOrders = pgTable(
  'exchange_platform_orders',
  {
    returnId: uuid()
      .primaryKey()
      .references(() => returns.id, { onDelete: 'cascade' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    integrationId: uuid()
      .notNull()
      .references(() => platformIntegrations.id, { onDelete: 'cascade' }),
    /** The `exchange.created` event it was made from. */
    eventId: varchar({ length: 40 }).notNull(),
    status: varchar({ length: 16 }).notNull().default('pending'),
    externalId: varchar({ length: 100 }),
    externalName: varchar({ length: 100 }),
    adminUrl: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant(),
    lastError: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('exchange_platform_orders_integration_external_key').on(t.integrationId, t.externalId),
    index('exchange_platform_orders_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check('exchange_platform_orders_status_known', sql`${t.status} in ('pending', 'created', 'failed')`),
  ],
);

/**
 * A code we issued (goodwill discount or free shipping, store credit) created on the shop's platform with the same
 * code string (lib/platforms/platform-codes.ts): one per compensation, written from `compensation.issued` when
 * the order came from that integration. `pending` until the platform answers (`attempts`, `nextAttemptAt`: retried
 * with backoff), then `created` with the platform's id (Shopify gift card or discount GID, WooCommerce coupon id),
 * or `failed` with the platform's message until staff try again. The customer's email with the code waits for
 * `created`.
 */
export const compensationPlatformCodes = pgTable(
  'compensation_platform_codes',
  {
    compensationId: uuid()
      .primaryKey()
      .references(() => compensations.id, { onDelete: 'cascade' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    integrationId: uuid()
      .notNull()
      .references(() => platformIntegrations.id, { onDelete: 'cascade' }),
    /** The `compensation.issued` event it was made from. */
    eventId: varchar({ length: 40 }).notNull(),
    status: varchar({ length: 16 }).notNull().default('pending'),
    externalId: varchar({ length: 100 }),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant(),
    lastError: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('compensation_platform_codes_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check('compensation_platform_codes_status_known', sql`${t.status} in ('pending', 'created', 'failed')`),
  ],
);
