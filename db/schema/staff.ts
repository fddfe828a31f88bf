import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns';
import { localeEnum, staffRoleEnum } from './enums';
import { orders } from './orders';

export const staffUsers = pgTable(
  'staff_users',
  {
    id: id(),
    email: varchar({ length: 320 }).notNull(),
    name: varchar({ length: 200 }).notNull(),
    role: staffRoleEnum().notNull().default('agent'),
    /** argon2id */
    passwordHash: text().notNull(),
    locale: localeEnum().notNull().default('en'),
    totpSecret: text(),
    totpEnabledAt: instant(),
    /** The last TOTP time step accepted: a code is never accepted twice (replay inside its window). */
    totpLastStep: integer(),
    /** argon2id hashes of unused recovery codes. */
    recoveryCodes: jsonb().$type<string[]>().notNull().default([]),
    /** Takes part in round-robin assignment. */
    isAvailable: boolean().notNull().default(true),
    /** Languages the agent answers in: automation rules route a case in one of them to the agent (issue #17). */
    languages: localeEnum().array().notNull().default(sql`'{}'::locale[]`),
    /** Most open cases assigned to the agent that automation may give them (null: automation never assigns them). */
    capacity: integer(),
    /** When automation last gave the agent a case: ties between equally loaded agents go to the longest idle. */
    lastAutoAssignedAt: instant(),
    /** Goodwill an agent may grant without approval, minor units (null: the shop default). */
    compensationLimit: integer(),
    disabledAt: instant(),
    lastLoginAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('staff_users_email_key').on(sql`lower(${t.email})`), check('staff_users_capacity_range', sql`${t.capacity} is null or ${t.capacity} between 0 and 1000`)],
);

export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: id(),
    /** SHA-256 of the cookie value; the cookie itself is never stored. */
    tokenHash: varchar({ length: 64 }).notNull(),
    staffUserId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: instant().defaultNow().notNull(),
    /** Absolute expiry (12 h); idle expiry is lastSeenAt + 30 min. */
    expiresAt: instant().notNull(),
    twoFactorVerifiedAt: instant(),
    ip: varchar({ length: 64 }),
    userAgent: text(),
  },
  (t) => [uniqueIndex('staff_sessions_token_hash_key').on(t.tokenHash), index('staff_sessions_staff_user_id_idx').on(t.staffUserId)],
);

/** One-time set-password links for invited staff; only the SHA-256 of the token is kept. */
export const staffInvites = pgTable(
  'staff_invites',
  {
    id: id(),
    staffUserId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    tokenHash: varchar({ length: 64 }).notNull(),
    expiresAt: instant().notNull(),
    /** Set when the password is chosen: the link works once. */
    usedAt: instant(),
    createdByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('staff_invites_token_hash_key').on(t.tokenHash), index('staff_invites_staff_user_id_idx').on(t.staffUserId)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: varchar({ length: 100 }).notNull(),
    /** The first characters of the key, shown in lists and used to find the row. */
    prefix: varchar({ length: 32 }).notNull(),
    /** SHA-256 of the whole key (high-entropy secret: a plain hash suffices). */
    keyHash: varchar({ length: 64 }).notNull(),
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    lastUsedAt: instant(),
    revokedAt: instant(),
    createdByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_keys_prefix_key').on(t.prefix)],
);

/** Stored responses for `Idempotency-Key` on merchant API POSTs. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: id(),
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    key: varchar({ length: 200 }).notNull(),
    method: varchar({ length: 8 }).notNull(),
    path: text().notNull(),
    requestHash: varchar({ length: 64 }).notNull(),
    /** Null while the first request is still running. */
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: createdAt(),
    completedAt: instant(),
  },
  (t) => [uniqueIndex('idempotency_keys_api_key_key').on(t.apiKeyId, t.key), index('idempotency_keys_created_at_idx').on(t.createdAt)],
);

/** Tracking links for merchant emails: `/t/{token}`, only the SHA-256 of the token is kept. */
export const trackingLinks = pgTable(
  'tracking_links',
  {
    id: id(),
    tokenHash: varchar({ length: 64 }).notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    expiresAt: instant().notNull(),
    revokedAt: instant(),
    lastUsedAt: instant(),
    useCount: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tracking_links_token_hash_key').on(t.tokenHash), index('tracking_links_order_id_idx').on(t.orderId)],
);

/** Fixed-window counters shared by every app instance (lookup, login, API). */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: varchar({ length: 32 }).notNull(),
    key: varchar({ length: 200 }).notNull(),
    count: integer().notNull().default(0),
    windowStartedAt: instant().defaultNow().notNull(),
    /** Growing delays (`takeAttempt` with a backoff): no attempt for this key is taken before this instant. */
    blockedUntil: instant(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'rate_limits_pkey', columns: [t.bucket, t.key] }), index('rate_limits_window_started_at_idx').on(t.windowStartedAt)],
);

/** Shop-wide settings (branding, SLA calendar, thresholds, secrets), one JSON value per key. */
export const settings = pgTable('settings', {
  key: varchar({ length: 100 }).primaryKey(),
  value: jsonb().notNull(),
  updatedAt: updatedAt(),
});

/** Canned replies with variables, per language. */
export const macros = pgTable(
  'macros',
  {
    id: id(),
    title: varchar({ length: 200 }).notNull(),
    locale: localeEnum().notNull(),
    body: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('macros_locale_idx').on(t.locale)],
);

export type StaffUser = typeof staffUsers.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type StaffInvite = typeof staffInvites.$inferSelect;
export type TrackingLink = typeof trackingLinks.$inferSelect;

