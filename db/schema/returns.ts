import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgSequence, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant, updatedAt } from './columns';
import {
  carrierEnum,
  claimRemedyEnum,
  claimStatusEnum,
  claimTypeEnum,
  inspectionGradeEnum,
  localeEnum,
  resolutionEnum,
  returnMethodEnum,
  returnStatusEnum,
  withdrawalStatusEnum,
} from './enums';
import { orderLines, orders, variants } from './orders';
import { shipments } from './shipments';

/** A leaf of the reason tree carries the rules; inner nodes only group. */
export type ReturnReasonNode = {
  code: string;
  labels: Partial<Record<'fi' | 'sv' | 'en' | 'da' | 'nb', string>>;
  children?: ReturnReasonNode[];
  photoRequired?: boolean;
  feeWaived?: boolean;
  autoApprove?: boolean;
  resolutions?: Array<'refund' | 'store_credit' | 'exchange'>;
  /** Percent (0–100) taken off the proposed refund of an item returned for this reason and graded damaged. */
  damagedDeductionPercent?: number;
};

/** Return fee per market (ISO country) in minor units of that market's currency. */
export type MarketFees = Record<string, { amount: number; currency: string }>;

export const returnPolicies = pgTable(
  'return_policies',
  {
    id: id(),
    name: varchar({ length: 100 }).notNull(),
    isActive: boolean().notNull().default(true),
    windowDays: integer().notNull().default(30),
    finalSaleReturnable: boolean().notNull().default(false),
    feesByMarket: jsonb().$type<MarketFees>().notNull().default({}),
    reasons: jsonb().$type<ReturnReasonNode[]>().notNull().default([]),
    /** Extra credit, in percent, when the customer chooses store credit instead of a refund. */
    exchangeBonusPercent: integer().notNull().default(0),
    maxOpenReturnsPerOrder: integer().notNull().default(3),
    /**
     * "Instant exchange": the customer may have the exchange item sent before the return arrives. Off by
     * default. The customer agrees that if the old item has not arrived within `shipNowChargeAfterDays`
     * days, the exchange item is charged. `shipNowMaxOrderValue` (minor units, null = no limit) caps the
     * order value it is offered for.
     */
    shipExchangeNow: boolean().notNull().default(false),
    shipNowChargeAfterDays: integer().notNull().default(14),
    shipNowMaxOrderValue: integer(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('return_policies_window_positive', sql`${t.windowDays} between 0 and 365`),
    check('return_policies_bonus_range', sql`${t.exchangeBonusPercent} between 0 and 100`),
    check('return_policies_ship_now_days_range', sql`${t.shipNowChargeAfterDays} between 1 and 90`),
    // One active policy per shop.
    uniqueIndex('return_policies_one_active_key').on(t.isActive).where(sql`${t.isActive}`),
  ],
);

/** RMA numbers are sequential per shop: R-10001, R-10002, … */
export const rmaNumberSeq = pgSequence('rma_number_seq', { startWith: 10001 });

export const returns = pgTable(
  'returns',
  {
    id: id(),
    rmaNumber: varchar({ length: 32 }).notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    status: returnStatusEnum().notNull().default('requested'),
    method: returnMethodEnum().notNull(),
    carrier: carrierEnum(),
    /** Chosen drop-off service point, when the method is drop_off. */
    dropOffPoint: jsonb().$type<{ id?: string; name: string; address?: string }>(),
    fee: integer().notNull().default(0),
    currency: varchar({ length: 3 }).notNull(),
    /** Refund + credit estimate at request time, minor units. */
    estimatedRefund: integer().notNull().default(0),
    estimatedCredit: integer().notNull().default(0),
    /** Printerless code shown as QR at a locker or counter. */
    printerlessCode: varchar({ length: 64 }),
    returnShipmentId: uuid().references(() => shipments.id, { onDelete: 'set null' }),
    /** The exchange parcel sent back to the customer. */
    exchangeShipmentId: uuid().references(() => shipments.id, { onDelete: 'set null' }),
    /** Client-sent key: a double submit creates exactly one return. */
    idempotencyKey: varchar({ length: 100 }),
    /** "Ship now": the exchange item is sent at request time, before the return arrives. */
    shipNow: boolean().notNull().default(false),
    /** Ship now: the old item must arrive by then, or the exchange item is charged (the case is flagged). */
    shipNowDeadline: instant(),
    /** When the overdue sweep flagged the case (once). */
    shipNowOverdueAt: instant(),
    rejectionReason: text(),
    requestedAt: instant().defaultNow().notNull(),
    approvedAt: instant(),
    labelIssuedAt: instant(),
    receivedAt: instant(),
    inspectedAt: instant(),
    completedAt: instant(),
    rejectedAt: instant(),
    canceledAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('returns_rma_number_key').on(t.rmaNumber),
    uniqueIndex('returns_idempotency_key_key').on(t.idempotencyKey),
    index('returns_order_id_idx').on(t.orderId),
    index('returns_status_updated_idx').on(t.status, t.updatedAt),
    check('returns_fee_non_negative', sql`${t.fee} >= 0`),
    check('returns_ship_now_has_deadline', sql`not ${t.shipNow} or ${t.shipNowDeadline} is not null`),
  ],
);

export const returnItems = pgTable(
  'return_items',
  {
    id: id(),
    returnId: uuid()
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    orderLineId: uuid()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    reasonCode: varchar({ length: 64 }).notNull(),
    comment: text(),
    resolution: resolutionEnum().notNull(),
    exchangeVariantId: uuid().references(() => variants.id, { onDelete: 'set null' }),
    receivedQuantity: integer().notNull().default(0),
    inspectionGrade: inspectionGradeEnum(),
    /** True: back to stock; false: written off (damaged units are never restocked). */
    restock: boolean(),
    createdAt: createdAt(),
  },
  (t) => [
    index('return_items_return_id_idx').on(t.returnId),
    index('return_items_order_line_id_idx').on(t.orderLineId),
    check('return_items_quantity_positive', sql`${t.quantity} > 0`),
    check('return_items_received_within_requested', sql`${t.receivedQuantity} between 0 and ${t.quantity}`),
    check('return_items_exchange_has_variant', sql`${t.resolution} <> 'exchange' or ${t.exchangeVariantId} is not null`),
  ],
);

export type ClaimedLine = { orderLineId: string; quantity: number };

export const claims = pgTable(
  'claims',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    orderLineId: uuid().references(() => orderLines.id, { onDelete: 'set null' }),
    shipmentId: uuid().references(() => shipments.id, { onDelete: 'set null' }),
    type: claimTypeEnum().notNull(),
    status: claimStatusEnum().notNull().default('open'),
    quantity: integer().notNull().default(1),
    description: text(),
    requestedRemedy: claimRemedyEnum().notNull(),
    /** Every line the claim is about (order_line_id above is the first one, kept for simple joins). */
    lines: jsonb().$type<ClaimedLine[]>(),
    /** Client-sent key: a double submit creates exactly one claim. */
    idempotencyKey: varchar({ length: 100 }),
    createdAt: createdAt(),
    resolvedAt: instant(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('claims_order_id_idx').on(t.orderId),
    uniqueIndex('claims_idempotency_key_key').on(t.idempotencyKey),
    check('claims_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Customer photos, re-encoded (≤ 1 MB, metadata stripped), kept in the database. */
export const photos = pgTable(
  'photos',
  {
    id: id(),
    /** The order the customer uploaded for: access to the photo follows access to the order. */
    orderId: uuid().references(() => orders.id, { onDelete: 'cascade' }),
    returnItemId: uuid().references(() => returnItems.id, { onDelete: 'cascade' }),
    claimId: uuid().references(() => claims.id, { onDelete: 'cascade' }),
    contentType: varchar({ length: 32 }).notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    sizeBytes: integer().notNull(),
    data: bytea().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('photos_return_item_id_idx').on(t.returnItemId),
    index('photos_claim_id_idx').on(t.claimId),
    index('photos_order_id_idx').on(t.orderId),
    check('photos_size_limit', sql`${t.sizeBytes} <= 1048576`),
    // Uploaded during the wizard (order only), then attached to its return item or claim on submit.
    check('photos_has_owner', sql`${t.returnItemId} is not null or ${t.claimId} is not null or ${t.orderId} is not null`),
  ],
);

export type WithdrawnLine = { orderLineId: string; quantity: number };

/** The EU 14-day withdrawal (CRD art. 11a): recorded even when email is down. */
export const withdrawals = pgTable(
  'withdrawals',
  {
    id: id(),
    receiptNumber: varchar({ length: 32 }).notNull(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    name: varchar({ length: 200 }).notNull(),
    email: varchar({ length: 320 }).notNull(),
    /** Null: the whole order. */
    lines: jsonb().$type<WithdrawnLine[]>(),
    locale: localeEnum().notNull(),
    status: withdrawalStatusEnum().notNull().default('received'),
    /** The time zone the receipt states the time in. */
    timeZone: varchar({ length: 64 }).notNull().default('Europe/Helsinki'),
    /** What the refund will be (CRD art. 13): the withdrawn goods plus their share of the standard delivery cost. */
    currency: varchar({ length: 3 }).notNull().default('EUR'),
    itemsAmount: integer().notNull().default(0),
    deliveryRefundAmount: integer().notNull().default(0),
    /** Client-sent key: a double click on "Confirm withdrawal" records one statement. */
    idempotencyKey: varchar({ length: 100 }),
    submittedAt: instant().defaultNow().notNull(),
    receiptSentAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('withdrawals_receipt_number_key').on(t.receiptNumber),
    uniqueIndex('withdrawals_idempotency_key_key').on(t.idempotencyKey),
    index('withdrawals_order_id_idx').on(t.orderId),
    check('withdrawals_amounts_non_negative', sql`${t.itemsAmount} >= 0 and ${t.deliveryRefundAmount} >= 0`),
  ],
);

export type ReturnPolicy = typeof returnPolicies.$inferSelect;
export type Return = typeof returns.$inferSelect;
export type NewReturn = typeof returns.$inferInsert;
export type ReturnItem = typeof returnItems.$inferSelect;
export type Claim = typeof claims.$inferSelect;
export type Withdrawal = typeof withdrawals.$inferSelect;
