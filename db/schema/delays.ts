import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { createdAt, id, instant, updatedAt } from './columns';
import { delayKindEnum, localeEnum, noticeChannelEnum, noticeStatusEnum, remedyEnum } from './enums';
import { orders } from './orders';
import { shipments } from './shipments';
import { outbox } from './outbox';

/**
 * One delay episode: the span while a parcel (an order, for dispatch_late) has any open incident. A second
 * kind on the same parcel joins the open episode; the customer gets one notice per episode and may choose a
 * remedy once per episode. Maintained by the database (migration 0007): a trigger puts every new incident
 * into its subject's open episode (or opens one), another closes the episode when its last incident resolves.
 */
export const delayEpisodes = pgTable(
  'delay_episodes',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** Null only for dispatch_late (no parcel yet). */
    shipmentId: uuid().references(() => shipments.id, { onDelete: 'cascade' }),
    openedAt: instant().defaultNow().notNull(),
    closedAt: instant(),
  },
  (t) => [
    // One open episode per parcel (per order for dispatch_late; both ids are random uuids, so no collision).
    uniqueIndex('delay_episodes_one_open_key')
      .on(sql`coalesce(${t.shipmentId}, ${t.orderId})`)
      .where(sql`${t.closedAt} is null`),
    index('delay_episodes_order_idx').on(t.orderId),
  ],
);

export const delayIncidents = pgTable(
  'delay_incidents',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** Null only for dispatch_late: the order has no parcel yet. */
    shipmentId: uuid().references(() => shipments.id, { onDelete: 'cascade' }),
    kind: delayKindEnum().notNull(),
    /** Set by the database on insert (trigger delay_incidents_episode): the subject's open episode. */
    episodeId: uuid()
      .notNull()
      .default(sql`null`)
      .references(() => delayEpisodes.id, { onDelete: 'cascade' }),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    caseId: uuid().references(() => cases.id, { onDelete: 'set null' }),
    openedAt: instant().defaultNow().notNull(),
    dismissedAt: instant(),
    resolvedAt: instant(),
    /** Why the episode ended: delivered | condition_cleared | shipped | canceled | returned_to_sender. */
    closedReason: varchar({ length: 32 }),
    /** When the incident was escalated to a delivery_issue case (caseId). */
    escalatedAt: instant(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // At most one open incident per parcel and kind (per order for dispatch_late, whose parcel is null;
    // order and shipment ids are both random uuids, so the coalesce never collides).
    uniqueIndex('delay_incidents_one_open_key')
      .on(sql`coalesce(${t.shipmentId}, ${t.orderId})`, t.kind)
      .where(sql`${t.resolvedAt} is null`),
    index('delay_incidents_shipment_idx').on(t.shipmentId),
    index('delay_incidents_episode_idx').on(t.episodeId),
    index('delay_incidents_order_idx').on(t.orderId),
    index('delay_incidents_open_idx')
      .on(t.kind, t.openedAt)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

export const notices = pgTable(
  'notices',
  {
    id: id(),
    incidentId: uuid()
      .notNull()
      .references(() => delayIncidents.id, { onDelete: 'cascade' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    /** The incident's episode, set by the database on insert (trigger notices_episode). */
    episodeId: uuid()
      .notNull()
      .default(sql`null`)
      .references(() => delayEpisodes.id, { onDelete: 'cascade' }),
    channel: noticeChannelEnum().notNull().default('email'),
    locale: localeEnum().notNull(),
    status: noticeStatusEnum().notNull().default('draft'),
    remediesOffered: remedyEnum().array().notNull().default(sql`'{}'::remedy[]`),
    remedyChosen: remedyEnum(),
    remedyChosenAt: instant(),
    /** SHA-256 of the token in the remedy link. */
    remedyTokenHash: varchar({ length: 64 }),
    outboxId: uuid().references(() => outbox.id, { onDelete: 'set null' }),
    /** One notice per parcel per incident episode, whatever the number of workers. */
    dedupeKey: varchar({ length: 200 }).notNull(),
    error: text(),
    createdAt: createdAt(),
    sentAt: instant(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('notices_dedupe_key_key').on(t.dedupeKey),
    uniqueIndex('notices_remedy_token_hash_key').on(t.remedyTokenHash),
    index('notices_incident_id_idx').on(t.incidentId),
    // A remedy is chosen once per parcel per delay episode, whatever the number of notices or links.
    uniqueIndex('notices_one_remedy_per_episode_key')
      .on(t.episodeId)
      .where(sql`${t.remedyChosen} is not null`),
  ],
);

export type DelayEpisode = typeof delayEpisodes.$inferSelect;
export type DelayIncident = typeof delayIncidents.$inferSelect;
export type Notice = typeof notices.$inferSelect;
