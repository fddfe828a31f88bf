import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgSequence, pgTable, smallint, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns';
import {
  actorTypeEnum,
  caseMessageKindEnum,
  casePriorityEnum,
  caseStatusEnum,
  caseTypeEnum,
  compensationKindEnum,
  compensationStatusEnum,
  localeEnum,
  refundStatusEnum,
} from './enums';
import { orders } from './orders';
import { claims, returns, withdrawals } from './returns';
import { shipments } from './shipments';
import { staffUsers } from './staff';
import { teams } from './teams';

export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1001 });

export const cases = pgTable(
  'cases',
  {
    id: id(),
    number: integer()
      .notNull()
      .default(sql`nextval('case_number_seq')`),
    type: caseTypeEnum().notNull(),
    status: caseStatusEnum().notNull().default('open'),
    priority: casePriorityEnum().notNull().default('normal'),
    subject: varchar({ length: 300 }).notNull(),
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    returnId: uuid().references(() => returns.id, { onDelete: 'set null' }),
    claimId: uuid().references(() => claims.id, { onDelete: 'set null' }),
    withdrawalId: uuid().references(() => withdrawals.id, { onDelete: 'set null' }),
    shipmentId: uuid().references(() => shipments.id, { onDelete: 'set null' }),
    customerEmail: varchar({ length: 320 }).notNull(),
    customerName: varchar({ length: 200 }),
    locale: localeEnum().notNull().default('fi'),
    assigneeId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    /** The team whose queue holds the case (lib/teams); deleting the team clears it. */
    teamId: uuid().references(() => teams.id, { onDelete: 'set null' }),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    firstResponseDueAt: instant(),
    resolutionDueAt: instant(),
    firstRespondedAt: instant(),
    /** While waiting on the customer the SLA clock is paused; paused time accumulates here. */
    slaPausedAt: instant(),
    slaPausedSeconds: integer().notNull().default(0),
    /** The SLA due time still running (first response, then resolution); null while paused or when done. */
    slaDueAt: instant(),
    /** When the running SLA clock turns amber ("breaching soon"). */
    slaWarnAt: instant(),
    /** What the queue sorts open cases by (the most urgent due time); keyset pagination on (queue_at, id). */
    queueAt: instant().defaultNow().notNull(),
    lastMessageAt: instant(),
    /** Set by an automation rule: resolve the case after this many days waiting on the customer (lib/automation sweep). */
    autoCloseAfterDays: smallint(),
    resolvedAt: instant(),
    closedAt: instant(),
    /** Optimistic locking: every staff write checks and bumps it. */
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('cases_number_key').on(t.number),
    // Queue: open cases by due time, keyset on (resolution_due_at, id).
    index('cases_queue_idx').on(t.status, t.resolutionDueAt, t.id),
    index('cases_assignee_status_idx').on(t.assigneeId, t.status),
    index('cases_created_at_idx').on(t.createdAt, t.id),
    index('cases_order_id_idx').on(t.orderId),
    index('cases_customer_email_idx').on(sql`lower(${t.customerEmail})`),
    index('cases_tags_idx').using('gin', t.tags),
    // Queue views over open cases (partial: closed cases, the vast majority over time, stay out).
    index('cases_open_queue_idx')
      .on(t.queueAt, t.id)
      .where(sql`${t.status} in ('open', 'waiting_customer', 'waiting_carrier')`),
    index('cases_open_team_queue_idx')
      .on(t.teamId, t.queueAt, t.id)
      .where(sql`${t.status} in ('open', 'waiting_customer', 'waiting_carrier')`),
    index('cases_open_assignee_queue_idx')
      .on(t.assigneeId, t.queueAt, t.id)
      .where(sql`${t.status} in ('open', 'waiting_customer', 'waiting_carrier')`),
    // "Breaching soon": open, running clock, amber time passed — counted index-only.
    index('cases_breaching_idx')
      .on(t.slaWarnAt)
      .where(sql`${t.status} in ('open', 'waiting_customer', 'waiting_carrier') and ${t.slaPausedAt} is null`),
    index('cases_closed_queue_idx')
      .on(t.updatedAt, t.id)
      .where(sql`${t.status} in ('resolved', 'closed')`),
  ],
);

export const caseMessages = pgTable(
  'case_messages',
  {
    id: id(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    kind: caseMessageKindEnum().notNull(),
    authorStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    body: text().notNull(),
    locale: localeEnum(),
    outboxId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index('case_messages_case_created_idx').on(t.caseId, t.createdAt)],
);

/**
 * Who has a case open on the staff desk (lib/cases/presence.ts): one row per open live stream (a browser tab),
 * kept alive by the web server holding the stream and removed when it closes; `expires_at` drops the rows of a
 * server that died. Shared by every web server through PostgreSQL; changes NOTIFY `paluu_staff_live`.
 */
export const casePresence = pgTable(
  'case_presence',
  {
    /** The live stream's id (one per tab). */
    id: uuid().primaryKey(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    staffId: uuid()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    typingUntil: instant(),
    expiresAt: instant().notNull(),
  },
  (t) => [index('case_presence_case_idx').on(t.caseId, t.expiresAt), index('case_presence_expires_idx').on(t.expiresAt)],
);

/**
 * The old name of the staff trail, read-only and kept for the previous release: a VIEW over `domain_events`
 * (migration 0034; since 0035 the audit rows plus the public rows without an audit twin, created_at = occurred_at).
 * Rows are written by recordEvent (lib/core/events) into domain_events; nothing inserts into or updates this name
 * (lib/core/events/catalog.test.ts fails on a raw insert), and our code no longer reads it (only tests do).
 * It stays declared as a table object so selects and `db.query.caseEvents` keep working; its indexes, foreign
 * keys and triggers now live on domain_events (db/schema/events.ts), so do not add any here.
 */
export const caseEvents = pgTable('case_events', {
  id: bigserial({ mode: 'number' }).primaryKey(),
  caseId: uuid(),
  orderId: uuid(),
  actorType: actorTypeEnum().notNull(),
  actorId: varchar({ length: 100 }),
  /** `<entity>.<past_tense>`, e.g. `order.upserted`, `return.requested`. */
  type: varchar({ length: 64 }).notNull(),
  data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const compensations = pgTable(
  'compensations',
  {
    id: id(),
    caseId: uuid().references(() => cases.id, { onDelete: 'set null' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    kind: compensationKindEnum().notNull(),
    status: compensationStatusEnum().notNull(),
    amount: integer().notNull().default(0),
    currency: varchar({ length: 3 }).notNull(),
    /** Discount, gift card or credit code issued to the customer. */
    code: varchar({ length: 64 }),
    reason: text(),
    /** Set when the compensation settles a return (refund or credit above the agent's limit). */
    returnId: uuid().references(() => returns.id, { onDelete: 'set null' }),
    /** The reship parcel, for kind 'reship'. */
    shipmentId: uuid().references(() => shipments.id, { onDelete: 'set null' }),
    /** Why an admin refused it. */
    rejectionReason: text(),
    /** The form's one-time key: a double submit or a retry grants once. */
    requestKey: varchar({ length: 100 }),
    requestedByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    approvedByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    approvedAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('compensations_order_id_idx').on(t.orderId),
    index('compensations_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending_approval'`),
    uniqueIndex('compensations_code_key').on(t.code),
    uniqueIndex('compensations_request_key_key').on(t.requestKey),
    check('compensations_amount_non_negative', sql`${t.amount} >= 0`),
  ],
);

/** Money back to the customer. The refunds trigger keeps orders.refunded_amount ≤ captured_amount. */
export const refunds = pgTable(
  'refunds',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    returnId: uuid().references(() => returns.id, { onDelete: 'set null' }),
    withdrawalId: uuid().references(() => withdrawals.id, { onDelete: 'set null' }),
    compensationId: uuid().references(() => compensations.id, { onDelete: 'set null' }),
    amount: integer().notNull(),
    currency: varchar({ length: 3 }).notNull(),
    reason: text(),
    createdByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    /** The case the refund belongs to (staff see a failed refund there). */
    caseId: uuid().references(() => cases.id, { onDelete: 'set null' }),
    /** The ledger (lib/refunds): requested → processing → succeeded | failed. */
    status: refundStatusEnum().notNull().default('requested'),
    /** The rail that carries it (lib/refunds/rails.ts), chosen at the first attempt and kept for retries. */
    rail: varchar({ length: 32 }),
    /** The provider's id for the refund (Stripe `re_…`). */
    providerReference: varchar({ length: 255 }),
    /** Sent on every attempt of this refund, so a retry after a timeout never pays twice. */
    idempotencyKey: varchar({ length: 64 })
      .notNull()
      .default(sql`'paluu-refund-' || gen_random_uuid()::text`),
    /** Attempts made so far (refund_attempts.attempt_no of the latest). */
    attempts: integer().notNull().default(0),
    /** Attempts counted from here on for the retry limit: a staff retry sets it to `attempts`. */
    attemptBase: integer().notNull().default(0),
    /** When the worker may (re)try: null while the provider settles it (a webhook reports the end state). */
    nextAttemptAt: instant().defaultNow(),
    failureMessage: text(),
    failureCode: varchar({ length: 100 }),
    settledAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('refunds_order_id_idx').on(t.orderId),
    index('refunds_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('requested', 'processing')`),
    index('refunds_case_id_idx').on(t.caseId),
    uniqueIndex('refunds_idempotency_key_key').on(t.idempotencyKey),
    uniqueIndex('refunds_provider_reference_key').on(t.rail, t.providerReference),
    check('refunds_amount_positive', sql`${t.amount} > 0`),
  ],
);

export const csatResponses = pgTable(
  'csat_responses',
  {
    id: id(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    tokenHash: varchar({ length: 64 }).notNull(),
    agentId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    score: smallint(),
    comment: text(),
    sentAt: instant().defaultNow().notNull(),
    respondedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('csat_responses_case_id_key').on(t.caseId),
    uniqueIndex('csat_responses_token_hash_key').on(t.tokenHash),
    check('csat_responses_score_range', sql`${t.score} is null or ${t.score} between 1 and 5`),
  ],
);

/** Customers who asked for no more satisfaction surveys (lower-cased email). */
export const csatOptOuts = pgTable('csat_opt_outs', {
  email: varchar({ length: 320 }).primaryKey(),
  createdAt: createdAt(),
});

export type Case = typeof cases.$inferSelect;
export type NewCase = typeof cases.$inferInsert;
export type CaseEvent = typeof caseEvents.$inferSelect;
export type NewCaseEvent = typeof caseEvents.$inferInsert;
export type Refund = typeof refunds.$inferSelect;
export type Compensation = typeof compensations.$inferSelect;
export type CaseData = Record<string, unknown>;
