import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { actorTypeEnum, eventAudienceEnum } from './enums';
import { orders } from './orders';

/**
 * The domain-event log (lib/core/events): one row per state change, written in the transaction that makes
 * the change. Subscribers in the worker, the merchant webhooks and `GET /api/v1/events` read it.
 *
 * Readers page by `(tx_id, id)`, never by `id` alone: ids are taken before commit, so a reader paging by id
 * could pass a smaller id whose transaction commits later and never see it. `tx_id` is the writing
 * transaction's id; a reader only takes rows of transactions older than every transaction still running
 * (`pg_snapshot_xmin`), and every later commit has a larger `tx_id`, so a cursor never skips a row.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /** The public id (`webhook-id`, the events API's `id`): stable across retries and pages. */
    eventId: uuid().notNull().defaultRandom(),
    /** `<aggregate>.<past_tense>`, one of the typed union in lib/core/events/catalog.ts. */
    type: varchar({ length: 64 }).notNull(),
    aggregateType: varchar({ length: 32 }).notNull(),
    aggregateId: varchar({ length: 100 }),
    orderId: uuid().references(() => orders.id, { onDelete: 'cascade' }),
    caseId: uuid(),
    actorType: actorTypeEnum().notNull(),
    actorId: varchar({ length: 100 }),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The web request that caused it (lib/core/request-context.ts), for the worker's log lines. */
    requestId: varchar({ length: 64 }),
    txId: bigint({ mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
    occurredAt: createdAt(),
    /**
     * `public`: a row of a public or internal type of lib/core/events/catalog.ts (subscribers, webhooks, the events API
     * read only these). `audit`: a row of an audit type (the staff trail only); append-only by trigger, deleted with
     * its case, and never seen by a subscriber (every reader filters on this; audit rows also have `tx_id = 0`, below
     * every cursor, so a previous release's worker that does not know this column never reads them either).
     */
    audience: eventAudienceEnum().notNull().default('public'),
  },
  (t) => [
    uniqueIndex('domain_events_event_id_key').on(t.eventId),
    // The readers of the public log (subscribers, webhooks, the events API) page by (tx_id, id) over public rows
    // only; the audit rows (most of the table) stay out of these indexes. Readers write the predicate as a literal
    // (`audience = 'public'`) so the planner can use them in a generic plan too.
    index('domain_events_cursor_idx').on(t.txId, t.id).where(sql`audience = 'public'`),
    index('domain_events_type_idx').on(t.type, t.txId, t.id).where(sql`audience = 'public'`),
    index('domain_events_order_idx').on(t.orderId, t.id),
    // The case timeline (newest audit rows of one case) and the public events of a case.
    index('domain_events_case_idx').on(t.caseId, t.id),
    // The settings overview's audit log (newest settings changes) without scanning every event.
    index('domain_events_settings_idx').on(t.id).where(sql`audience = 'audit' and type = 'settings.changed'`),
    index('domain_events_occurred_at_idx').on(t.occurredAt),
  ],
);

/** Where each subscriber (lib/core/events/subscribers.ts) has read up to: one row per subscriber name. */
export const eventSubscriptions = pgTable('event_subscriptions', {
  name: varchar({ length: 64 }).primaryKey(),
  cursorTxId: bigint({ mode: 'number' }).notNull().default(0),
  cursorId: bigint({ mode: 'number' }).notNull().default(0),
  /** The last failure: the subscriber retries the same event (order per aggregate is kept) until it passes. */
  lastError: text(),
  failingEventId: bigint({ mode: 'number' }),
  failedAt: timestamp({ withTimezone: true }),
  updatedAt: updatedAt(),
});

export type DomainEventRow = typeof domainEvents.$inferSelect;
