import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id } from './columns';
import { caseMessages, cases } from './cases';

/**
 * Every email that reached us (SMTP listener or IMAP poll), once: the Message-ID is unique, so a
 * message fetched twice (two workers, a re-poll, a forwarding retry) is imported once. Ignored mail
 * (auto-replies, bounces, our own messages, rate-limited senders) is kept here too, without a case,
 * so the reason can be looked up.
 */
export const inboundEmails = pgTable(
  'inbound_emails',
  {
    id: id(),
    /** The Message-ID without angle brackets; `sha256:<hex>` of the raw message when it has none. */
    messageId: varchar({ length: 998 }).notNull(),
    /** `smtp` or `imap`. */
    source: varchar({ length: 8 }).notNull(),
    sender: varchar({ length: 320 }).notNull(),
    subject: varchar({ length: 300 }).notNull(),
    /** `threaded` | `opened` | `auto_answered` | `ignored` | `rate_limited`. */
    outcome: varchar({ length: 16 }).notNull(),
    /** Why it was ignored (`auto_submitted`, `bulk`, `bounce`, `own_message`, `no_sender`, …). */
    reason: varchar({ length: 32 }),
    caseId: uuid().references(() => cases.id, { onDelete: 'set null' }),
    caseMessageId: uuid().references(() => caseMessages.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('inbound_emails_message_id_key').on(t.messageId),
    index('inbound_emails_case_id_idx').on(t.caseId),
    index('inbound_emails_created_at_idx').on(t.createdAt),
  ],
);

/**
 * Files a customer sent with an email: images and PDF up to 5 MB are kept (`data`); others are
 * recorded without their bytes (`data` null) and `rejected` says why, so the agent sees what was dropped.
 */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: id(),
    caseId: uuid()
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    caseMessageId: uuid()
      .notNull()
      .references(() => caseMessages.id, { onDelete: 'cascade' }),
    filename: varchar({ length: 200 }).notNull(),
    contentType: varchar({ length: 100 }).notNull(),
    sizeBytes: integer().notNull(),
    data: bytea(),
    /** `too_large` | `unsupported_type` | `too_many` when the bytes were not kept. */
    rejected: varchar({ length: 24 }),
    createdAt: createdAt(),
  },
  (t) => [
    index('case_attachments_message_idx').on(t.caseMessageId),
    index('case_attachments_case_idx').on(t.caseId),
    check('case_attachments_kept_or_rejected', sql`(${t.data} is null) = (${t.rejected} is not null)`),
    check('case_attachments_size_limit', sql`${t.data} is null or octet_length(${t.data}) <= 5242880`),
  ],
);

export type InboundEmail = typeof inboundEmails.$inferSelect;
export type CaseAttachment = typeof caseAttachments.$inferSelect;
