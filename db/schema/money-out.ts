// Money out without a platform (issue #15): bank-transfer refunds paid in SEPA batches, and store credit we
// keep ourselves. The refund ledger (refunds' status, rail, attempts) belongs to lib/refunds; these tables
// only hold what the bank-transfer rail and the store-credit API need.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from './columns';
import { compensations, refunds } from './cases';
import { orders } from './orders';
import { returns } from './returns';
import { staffUsers } from './staff';

/**
 * The account a customer gave in the return wizard for a bank-transfer refund. Holder, IBAN and BIC are
 * sealed (AES-256-GCM, lib/core/secret-box, purpose `refund-bank-account`); only the masked IBAN
 * (`FI21 **** **** 5678`) is stored readable. Retention purges the row (lib/privacy/tables.ts).
 */
export const refundBankAccounts = pgTable(
  'refund_bank_accounts',
  {
    id: id(),
    returnId: uuid()
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    holderSealed: text().notNull(),
    ibanSealed: text().notNull(),
    bicSealed: text(),
    ibanMasked: varchar({ length: 48 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('refund_bank_accounts_return_uq').on(t.returnId), index('refund_bank_accounts_order_idx').on(t.orderId)],
);

export const payoutBatchStatusEnum = pgEnum('payout_batch_status', ['open', 'exported', 'paid']);

/**
 * A SEPA credit-transfer batch: `open` collects refunds as the bank-transfer rail executes them; the finance
 * user exports it (the pain.001.001.09 file is kept as generated, so a re-download is the same file) and,
 * once the bank has run it, marks it `paid`. At most one open batch per currency.
 */
export const payoutBatches = pgTable(
  'payout_batches',
  {
    id: id(),
    status: payoutBatchStatusEnum().notNull().default('open'),
    currency: varchar({ length: 3 }).notNull(),
    /** GrpHdr/MsgId of the file (≤ 35 characters), set on export. */
    messageId: varchar({ length: 35 }),
    fileXml: text(),
    totalAmount: integer(),
    exportedAt: instant(),
    exportedByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    paidAt: instant(),
    paidByStaffId: uuid().references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('payout_batches_one_open_per_currency').on(t.currency).where(sql`${t.status} = 'open'`),
    uniqueIndex('payout_batches_message_id_uq').on(t.messageId),
  ],
);

/** One refund in a batch: a refund is paid by bank transfer at most once (unique refund_id). */
export const payoutItems = pgTable(
  'payout_items',
  {
    id: id(),
    batchId: uuid()
      .notNull()
      .references(() => payoutBatches.id, { onDelete: 'restrict' }),
    refundId: uuid()
      .notNull()
      .references(() => refunds.id, { onDelete: 'restrict' }),
    bankAccountId: uuid().references(() => refundBankAccounts.id, { onDelete: 'set null' }),
    amount: integer().notNull(),
    currency: varchar({ length: 3 }).notNull(),
    /** PmtId/EndToEndId: the customer's bank shows it; ≤ 35 characters. */
    endToEndId: varchar({ length: 35 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payout_items_refund_uq').on(t.refundId), index('payout_items_batch_idx').on(t.batchId), check('payout_items_amount_positive', sql`${t.amount} > 0`)],
);

/**
 * Store credit we keep ourselves (shops without a platform gift card): the code, what was issued, what has
 * been redeemed. The balance `issued_amount - redeemed_amount` can never go below 0 (CHECK).
 */
export const storeCredits = pgTable(
  'store_credits',
  {
    id: id(),
    code: varchar({ length: 64 }).notNull(),
    compensationId: uuid().references(() => compensations.id, { onDelete: 'set null' }),
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    issuedAmount: integer().notNull(),
    redeemedAmount: integer().notNull().default(0),
    currency: varchar({ length: 3 }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('store_credits_code_uq').on(t.code),
    uniqueIndex('store_credits_compensation_uq').on(t.compensationId),
    check('store_credits_issued_positive', sql`${t.issuedAmount} > 0`),
    check('store_credits_balance_never_negative', sql`${t.redeemedAmount} >= 0 and ${t.redeemedAmount} <= ${t.issuedAmount}`),
  ],
);

export const storeCreditRedemptions = pgTable(
  'store_credit_redemptions',
  {
    id: id(),
    storeCreditId: uuid()
      .notNull()
      .references(() => storeCredits.id, { onDelete: 'cascade' }),
    amount: integer().notNull(),
    currency: varchar({ length: 3 }).notNull(),
    orderNumber: varchar({ length: 64 }),
    apiKeyId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index('store_credit_redemptions_credit_idx').on(t.storeCreditId), check('store_credit_redemptions_amount_positive', sql`${t.amount} > 0`)],
);
