import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, instant, updatedAt } from './columns';
import { carrierEnum } from './enums';
import { shipments } from './shipments';

/** When the carrier's tracking API was last asked about a parcel (pollers skip parcels asked recently). */
export const carrierPolls = pgTable(
  'carrier_polls',
  {
    shipmentId: uuid()
      .primaryKey()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    polledAt: instant().notNull(),
  },
  (t) => [index('carrier_polls_polled_at_idx').on(t.polledAt)],
);

/**
 * Service points per carrier and postal code (issue #14): the carrier's answer, normalized
 * (lib/carriers/service-point.ts `ServicePoint[]`), kept 24 h; an older row is still shown when the carrier
 * cannot be reached. `demo` rows are the seed's invented points for the demo shop (never a carrier's data).
 */
export const servicePointCache = pgTable(
  'service_point_cache',
  {
    carrier: carrierEnum().notNull(),
    country: varchar({ length: 2 }).notNull(),
    postalCode: varchar({ length: 16 }).notNull(),
    points: jsonb().$type<unknown[]>().notNull(),
    demo: boolean().notNull().default(false),
    fetchedAt: instant().notNull(),
  },
  (t) => [primaryKey({ columns: [t.carrier, t.country, t.postalCode] })],
);

/**
 * Push subscriptions the carriers require before they push (issue #14): Bring Event Cast webhooks and DHL
 * Unified Push subscriptions, one row per parcel (`tracking_number`) or per customer account
 * (`customer_number`). The worker (lib/carriers/push-subscriptions.ts) creates them at the carrier, renews
 * them before `expires_at`, and deletes them when the parcel is done. The unique key makes "one subscription
 * per parcel" hold across workers; a claimed row's `next_attempt_at` is pushed ahead (the lease), rows are
 * claimed with FOR UPDATE SKIP LOCKED. The callback secret itself is never stored here: `secret_ref` names
 * the setting it comes from and `secret_fingerprint` (a hash prefix) tells when it was rotated.
 */
export const carrierPushSubscriptions = pgTable(
  'carrier_push_subscriptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    carrier: carrierEnum().notNull(),
    /** `tracking_number` (one parcel) or `customer_number` (every parcel of an account). */
    scopeKind: varchar({ length: 20 }).notNull(),
    /** The tracking number or the customer/account number. */
    scopeRef: varchar({ length: 100 }).notNull(),
    shipmentId: uuid().references(() => shipments.id, { onDelete: 'set null' }),
    /** The carrier's id of the webhook/subscription (null until created). */
    externalId: varchar({ length: 200 }),
    callbackUrl: text(),
    /** Where the callback secret comes from, e.g. `settings:carriers.bring.webhookSecret`. */
    secretRef: varchar({ length: 100 }),
    secretFingerprint: varchar({ length: 16 }),
    /** `pending` (to create) · `validating` (DHL: waiting for activation) · `active` · `to_delete` · `deleted` · `failed` (gave up). */
    status: varchar({ length: 20 }).notNull().default('pending'),
    expiresAt: instant(),
    /** DHL: the activation secret DHL sent in `subscription.validate`, sealed; cleared once activated. */
    activationSealed: text(),
    lastError: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant().notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('carrier_push_subscriptions_scope_uq').on(t.carrier, t.scopeKind, t.scopeRef),
    index('carrier_push_subscriptions_due_idx').on(t.status, t.nextAttemptAt),
    index('carrier_push_subscriptions_external_idx').on(t.carrier, t.externalId),
  ],
);
export type CarrierPushSubscription = typeof carrierPushSubscriptions.$inferSelect;
