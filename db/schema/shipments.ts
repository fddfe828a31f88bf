import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant, updatedAt } from './columns';
import { carrierEnum, exceptionSubStatusEnum, shipmentDirectionEnum, shipmentStatusEnum, trackingSourceEnum } from './enums';
import { orderLines, orders } from './orders';

export type PickupPoint = {
  id?: string;
  name: string;
  address?: string;
  postalCode?: string;
  city?: string;
  openingHours?: string;
};

export const shipments = pgTable(
  'shipments',
  {
    id: id(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    direction: shipmentDirectionEnum().notNull().default('outbound'),
    carrier: carrierEnum().notNull(),
    service: varchar({ length: 64 }),
    trackingNumber: varchar({ length: 64 }).notNull(),
    status: shipmentStatusEnum().notNull().default('info_received'),
    subStatus: exceptionSubStatusEnum(),
    /** The shop's promise to the customer (a local calendar date). */
    promisedDate: date(),
    carrierEta: date(),
    /** Paluu's own prediction from the shop's delivered history. */
    predictedDate: date(),
    /** The prediction's window (local dates, predicted_date inside it), lib/tracking/transit-window.ts. */
    predictedFrom: date(),
    predictedTo: date(),
    /** How sure: of predicted_samples delivered parcels in the group, predicted_hits arrived inside such a window; null below the minimum sample. */
    predictedHits: integer(),
    predictedSamples: integer(),
    /** Which group the prediction came from: route, service, carrier or standard (the carrier's published transit). */
    predictedBasis: varchar({ length: 16 }),
    /** The last day of the first estimate this parcel got (set once, never moved): what "promise kept" is measured against. */
    firstEstimateBy: date(),
    pickupPoint: jsonb().$type<PickupPoint>(),
    /** Last day the parcel can be collected before it goes back to the sender. */
    pickupDeadline: date(),
    shippedAt: instant(),
    firstScanAt: instant(),
    lastEventAt: instant(),
    deliveredAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('shipments_carrier_tracking_number_key').on(t.carrier, t.trackingNumber),
    index('shipments_order_id_idx').on(t.orderId),
    index('shipments_tracking_number_idx').on(t.trackingNumber),
    // The public "promise kept" figures read last month's delivered parcels that had a first estimate.
    index('shipments_promise_kept_idx')
      .on(t.deliveredAt)
      .where(sql`${t.firstEstimateBy} is not null`),
    // Active parcels are what the delay sweep and the pollers read.
    index('shipments_active_idx')
      .on(t.status, t.lastEventAt)
      .where(sql`${t.status} not in ('delivered', 'returned_to_sender', 'canceled')`),
  ],
);

export const shipmentLines = pgTable(
  'shipment_lines',
  {
    id: id(),
    shipmentId: uuid()
      .notNull()
      .references(() => shipments.id, { onDelete: 'cascade' }),
    orderLineId: uuid()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
  },
  (t) => [
    uniqueIndex('shipment_lines_shipment_line_key').on(t.shipmentId, t.orderLineId),
    index('shipment_lines_order_line_id_idx').on(t.orderLineId),
    check('shipment_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** One row per distinct carrier event; the timeline. */
export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: id(),
    /** Null until an event for an unknown tracking number is matched to a shipment. */
    shipmentId: uuid().references(() => shipments.id, { onDelete: 'cascade' }),
    carrier: carrierEnum().notNull(),
    trackingNumber: varchar({ length: 64 }).notNull(),
    carrierCode: varchar({ length: 64 }),
    status: shipmentStatusEnum().notNull(),
    subStatus: exceptionSubStatusEnum(),
    /** The carrier's own text, kept as the carrier wrote it. */
    description: text(),
    location: varchar({ length: 200 }),
    occurredAt: instant().notNull(),
    receivedAt: instant().defaultNow().notNull(),
    source: trackingSourceEnum().notNull(),
    /** True when the carrier code was not in the adapter's table (counted for mapping work). */
    unmappedCode: boolean().notNull().default(false),
    dedupeKey: varchar({ length: 200 }).notNull(),
    /** What the event said about the pickup point, collection deadline and carrier ETA: kept per event so
     *  the shipment's values can be re-derived from the whole timeline, whatever order events arrive in. */
    pickupPoint: jsonb().$type<PickupPoint>(),
    pickupDeadline: date(),
    carrierEta: date(),
  },
  (t) => [
    uniqueIndex('tracking_events_dedupe_key_key').on(t.dedupeKey),
    index('tracking_events_shipment_occurred_idx').on(t.shipmentId, t.occurredAt),
    index('tracking_events_unmatched_idx')
      .on(t.carrier, t.trackingNumber)
      .where(sql`${t.shipmentId} is null`),
  ],
);

/** Every carrier delivery lands here first, is acknowledged, then processed by the worker. */
export const webhookInbox = pgTable(
  'webhook_inbox',
  {
    id: id(),
    carrier: carrierEnum().notNull(),
    source: trackingSourceEnum().notNull().default('webhook'),
    /** Carrier event id, or a key derived from the body. */
    dedupeKey: varchar({ length: 200 }).notNull(),
    headers: jsonb().$type<Record<string, string>>(),
    rawBody: text().notNull(),
    /** ok | bad_signature | stale | missing */
    signatureResult: varchar({ length: 32 }).notNull(),
    receivedAt: instant().defaultNow().notNull(),
    processedAt: instant(),
    attempts: integer().notNull().default(0),
    /** Backoff: a failed row is retried from this time on (a poison row never blocks the others). */
    nextAttemptAt: instant(),
    error: text(),
  },
  (t) => [
    uniqueIndex('webhook_inbox_carrier_dedupe_key').on(t.carrier, t.dedupeKey),
    index('webhook_inbox_unprocessed_idx')
      .on(t.receivedAt)
      .where(sql`${t.processedAt} is null`),
  ],
);

export type Shipment = typeof shipments.$inferSelect;
export type NewShipment = typeof shipments.$inferInsert;
export type TrackingEvent = typeof trackingEvents.$inferSelect;
export type NewTrackingEvent = typeof trackingEvents.$inferInsert;

/**
 * The label a carrier (or its aggregator) issued when a return was booked through its API (issue #14): the
 * carrier's own PDF and/or ZPL, kept as bytes next to the shipment so a reprint needs no second call to the
 * carrier (some carriers let a label be fetched only for a while), the label lives and dies with its shipment in
 * one transaction, and every app instance reads the same bytes (no shared file system needed). A return shipment
 * without a row here has a locally drawn SPECIMEN label.
 */
export const carrierLabels = pgTable('carrier_labels', {
  shipmentId: uuid()
    .primaryKey()
    .references(() => shipments.id, { onDelete: 'cascade' }),
  /** Who booked it: `pakettikauppa` (Posti's aggregator) or the carrier's own booking API (`bring`, …). */
  bookedVia: varchar({ length: 32 }).notNull(),
  /** The booking's id at the carrier (e.g. Pakettikauppa's shipment UUID), for cancelling or fetching again. */
  carrierReference: varchar({ length: 128 }),
  pdf: bytea(),
  zpl: text(),
  /**
   * Where the booking client fetches the label again (`BookedLabel.labelSource`: a label URL, the parcel's id at the
   * carrier). With no pdf and no zpl the label is still to be fetched (lib/labels/fetch-carrier-label.ts).
   */
  labelSource: text(),
  /** Failed fetches of a label still to be fetched; the worker gives up after a few (staff can still fetch it). */
  fetchAttempts: integer().notNull().default(0),
  /** When the worker tries again; null: nothing to fetch, or the worker gave up. */
  fetchNextAt: instant(),
  /** The last failed fetch: when and why (for staff; the customer is told only that the label is on its way). */
  fetchAttemptedAt: instant(),
  fetchError: varchar({ length: 300 }),
  createdAt: createdAt(),
});
export type CarrierLabel = typeof carrierLabels.$inferSelect;

/** Where a booking with a carrier stands (lib/carriers/booking-ledger.ts). */
export const CARRIER_BOOKING_STATES = ['calling', 'booked', 'uncertain', 'applied', 'abandoned'] as const;
export type CarrierBookingState = (typeof CARRIER_BOOKING_STATES)[number];

/**
 * Every call to a carrier's booking API and its answer, written on its own connection the moment it happens, so a
 * booking survives the rollback of the transaction that asked for it (lib/carriers/booking-ledger.ts). No foreign
 * keys on purpose: the return and order rows are locked (or not yet committed) by the caller's transaction, and a
 * key check from a second connection would wait on that transaction, which waits on this write.
 */
export const carrierBookings = pgTable(
  'carrier_bookings',
  {
    id: id(),
    /** The return a `return` booking is for (no foreign key: the ledger outlives a rolled-back return change). */
    returnId: uuid(),
    /** The parcel awaiting the shop an `outbound` booking is for (no foreign key, for the same reason). */
    shipmentId: uuid(),
    orderId: uuid().notNull(),
    /** What the parcel is for: `return` (a return label) or `outbound` (a parcel the shop sends); one open booking per subject. */
    purpose: varchar({ length: 16 }).notNull().default('return'),
    /** Our reference given to the carrier: the RMA number, or an outbound parcel's (staff look the parcel up by it in the carrier's portal). */
    reference: varchar({ length: 64 }).notNull(),
    carrier: carrierEnum().notNull(),
    /**
     * `calling`: asked, no answer yet (or the process died waiting); `booked`: the carrier answered, not yet applied
     * to the return or parcel; `uncertain`: a call left unanswered past the carrier's timeout, staff decide; `applied`:
     * the return or parcel has this booking; `abandoned`: staff booked again deliberately, this one is history.
     */
    state: varchar({ length: 16 }).notNull(),
    /** The answer, as the carrier gave it (text: recording it must never fail on a length). */
    bookedVia: text(),
    trackingNumber: text(),
    carrierReference: text(),
    service: text(),
    labelSource: text(),
    pdf: bytea(),
    zpl: text(),
    printerlessCode: text(),
    labelError: varchar({ length: 300 }),
    /** Why the last attempt to apply this booking failed (a number already used by another parcel, …), for staff. */
    applyError: varchar({ length: 300 }),
    createdAt: createdAt(),
    answeredAt: instant(),
    appliedAt: instant(),
  },
  (t) => [
    check('carrier_bookings_state_known', sql`${t.state} in ('calling', 'booked', 'uncertain', 'applied', 'abandoned')`),
    check('carrier_bookings_answer_has_number', sql`${t.state} in ('calling', 'uncertain', 'abandoned') or ${t.trackingNumber} is not null`),
    check(
      'carrier_bookings_subject',
      sql`(${t.purpose} = 'return' and ${t.returnId} is not null and ${t.shipmentId} is null) or (${t.purpose} = 'outbound' and ${t.shipmentId} is not null and ${t.returnId} is null)`,
    ),
    uniqueIndex('carrier_bookings_open_uq').on(t.returnId, t.purpose).where(sql`${t.state} in ('calling', 'booked', 'uncertain')`),
    uniqueIndex('carrier_bookings_open_parcel_uq').on(t.shipmentId).where(sql`${t.state} in ('calling', 'booked', 'uncertain')`),
  ],
);
export type CarrierBookingRow = typeof carrierBookings.$inferSelect;
