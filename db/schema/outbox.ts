import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns';
import { localeEnum, outboxStatusEnum } from './enums';

export type EmailPayload = {
  to: string;
  subject: string;
  html: string;
  text: string;
  replyTo?: string;
  headers?: Record<string, string>;
};

/**
 * Every message leaves through here, written in the same transaction as the change that caused it.
 * `captured`: no SMTP configured, so the message is kept for the staff Outbox view instead of sent.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    /** e.g. `email.shipment_delivered` */
    kind: varchar({ length: 64 }).notNull(),
    dedupeKey: varchar({ length: 200 }).notNull(),
    recipient: varchar({ length: 320 }).notNull(),
    subject: varchar({ length: 300 }).notNull(),
    locale: localeEnum(),
    /** What staff may read in the Outbox view: one-time secrets are never in it (see `sealedSecrets`). */
    payload: jsonb().$type<EmailPayload>().notNull(),
    /**
     * `customer`: mail to a customer (every staff member may read it in the Outbox view);
     * `staff`: mail to a staff member (invitations, security notices) — admins only, never agents.
     */
    audience: varchar({ length: 16 }).notNull().default('customer'),
    /**
     * One-time secrets (e.g. an invitation link), sealed with a key derived from the app secret: the
     * dispatcher puts them back into the body only for the SMTP send and wipes the column afterwards.
     */
    sealedSecrets: text(),
    orderId: uuid(),
    caseId: uuid(),
    status: outboxStatusEnum().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant().defaultNow().notNull(),
    lastError: text(),
    providerMessageId: varchar({ length: 300 }),
    /** The web request that queued it (scripts/lib/log.mjs): the worker's log lines for it name that request. */
    requestId: varchar({ length: 64 }),
    sentAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_key_key').on(t.dedupeKey),
    index('outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index('outbox_created_at_idx').on(t.createdAt),
    index('outbox_order_id_idx').on(t.orderId),
  ],
);

export type OutboxMessage = typeof outbox.$inferSelect;
export type NewOutboxMessage = typeof outbox.$inferInsert;
