import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { createdAt, id, instant, updatedAt } from './columns';
import { delayKindEnum, localeEnum, noticeChannelEnum, noticeStatusEnum, remedyEnum } from './enums';
import { orders } from './orders';
import { shipments } from './shipments';
import { outbox } from './outbox';

export const delayIncidents = pgTable(
  'delay_incidents',
  {
    id: id(),
    shipmentId: uuid()
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    kind: delayKindEnum().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    caseId: uuid().references(() => cases.id, { onDelete: 'set null' }),
    openedAt: instant().defaultNow().notNull(),
    dismissedAt: instant(),
    resolvedAt: instant(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // At most one open incident per parcel and kind.
    uniqueIndex('delay_incidents_one_open_key')
      .on(t.shipmentId, t.kind)
      .where(sql`${t.resolvedAt} is null`),
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
  ],
);

export type DelayIncident = typeof delayIncidents.$inferSelect;
export type Notice = typeof notices.$inferSelect;
