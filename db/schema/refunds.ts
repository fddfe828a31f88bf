import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant } from './columns';
import { refunds } from './cases';

/**
 * One try of a refund on its rail (lib/refunds/execute-refunds.ts). The row is committed before the rail is
 * called, and (refund_id, attempt_no) is unique: an attempt number is executed at most once. `outcome` is null
 * while the call is in flight (or when the worker died during it: the next attempt marks it `abandoned`).
 */
export const refundAttempts = pgTable(
  'refund_attempts',
  {
    id: id(),
    refundId: uuid()
      .notNull()
      .references(() => refunds.id, { onDelete: 'cascade' }),
    attemptNo: integer().notNull(),
    rail: varchar({ length: 32 }).notNull(),
    startedAt: instant().defaultNow().notNull(),
    finishedAt: instant(),
    /** succeeded | processing | failed | timeout | abandoned */
    outcome: varchar({ length: 20 }),
    retryable: boolean(),
    providerMessage: text(),
    providerCode: varchar({ length: 100 }),
    providerReference: varchar({ length: 255 }),
  },
  (t) => [
    uniqueIndex('refund_attempts_refund_attempt_key').on(t.refundId, t.attemptNo),
    check('refund_attempts_attempt_no_positive', sql`${t.attemptNo} > 0`),
  ],
);

/** Stripe webhook events already handled (deduplicated by the event id). */
export const stripeWebhookEvents = pgTable('stripe_webhook_events', {
  eventId: varchar({ length: 255 }).primaryKey(),
  type: varchar({ length: 100 }).notNull(),
  receivedAt: createdAt(),
});

export type RefundAttempt = typeof refundAttempts.$inferSelect;
