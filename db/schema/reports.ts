import { bigint, date, index, integer, pgTable, primaryKey, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { id, instant } from './columns';

/**
 * Report rollups (issue 7): one row per local day (the shop's time zone) and dimension, rebuilt
 * set-based for a range of days by lib/reports/refresh-reports.ts (worker job + on demand). Reports read
 * only these, so a report over a year at 1M orders sums a few thousand rows instead of scanning orders.
 * Carrier '' = no outbound parcel; no primary keys: a refresh deletes its days and inserts them again.
 */

/**
 * Units sold per order day, by one dimension at a time (`dim` = sku | market | carrier, `key` its value),
 * so a year of a shop with thousands of products stays thousands of rows per dimension, not their product.
 * Canceled orders left out; carrier is the outbound parcel's ('' = none).
 */
export const reportSalesDays = pgTable(
  'report_sales_days',
  {
    dim: varchar({ length: 16 }).notNull(),
    day: date().notNull(),
    key: varchar({ length: 100 }).notNull(),
    /** The product title, for dim = sku. */
    title: varchar({ length: 300 }).notNull(),
    units: integer().notNull(),
  },
  (t) => [index('report_sales_days_dim_day_idx').on(t.dim, t.day)],
);

/**
 * Returned units (returns neither rejected nor canceled), one dimension at a time: sku, market (with
 * resolution and currency), carrier, reason and resolution (with currency) by the day the order was
 * placed; requested_reason by the day the return was requested.
 */
export const reportReturnDays = pgTable(
  'report_return_days',
  {
    dim: varchar({ length: 16 }).notNull(),
    day: date().notNull(),
    key: varchar({ length: 100 }).notNull(),
    resolution: varchar({ length: 16 }).notNull(),
    currency: varchar({ length: 3 }).notNull(),
    units: integer().notNull(),
    /** unit price × units, minor units. */
    amount: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [index('report_return_days_dim_day_idx').on(t.dim, t.day)],
);

/** Captured and refunded money per order day, market and currency; canceled orders left out. */
export const reportRevenueDays = pgTable(
  'report_revenue_days',
  {
    day: date().notNull(),
    market: varchar({ length: 2 }).notNull(),
    currency: varchar({ length: 3 }).notNull(),
    orders: integer().notNull(),
    captured: bigint({ mode: 'number' }).notNull(),
    refunded: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [index('report_revenue_days_day_idx').on(t.day)],
);

/** Cases by the day they were opened and type: SLA attainment and first-response times. */
export const reportCaseDays = pgTable(
  'report_case_days',
  {
    day: date().notNull(),
    type: varchar({ length: 32 }).notNull(),
    cases: integer().notNull(),
    responded: integer().notNull(),
    respondedInSla: integer().notNull(),
    /** Sum of seconds from opening to the first response, over responded cases. */
    responseSeconds: bigint({ mode: 'number' }).notNull(),
    /** First responses within 1 h, 4 h, 8 h, 24 h, later. */
    responseWithin1h: integer('response_within_1h').notNull(),
    responseWithin4h: integer('response_within_4h').notNull(),
    responseWithin8h: integer('response_within_8h').notNull(),
    responseWithin24h: integer('response_within_24h').notNull(),
    responseLater: integer().notNull(),
    resolved: integer().notNull(),
    resolvedInSla: integer().notNull(),
    /** Cases opened by a "where is my order" email and answered automatically (lib/inbound): deflected. */
    emailDeflected: integer().notNull().default(0),
  },
  (t) => [index('report_case_days_day_idx').on(t.day)],
);

/** Satisfaction surveys by the day they went out and agent (null: unassigned). */
export const reportCsatDays = pgTable(
  'report_csat_days',
  {
    day: date().notNull(),
    agentId: uuid(),
    sent: integer().notNull(),
    answers: integer().notNull(),
    scoreSum: integer().notNull(),
    satisfied: integer().notNull(),
  },
  (t) => [index('report_csat_days_day_idx').on(t.day)],
);

/**
 * Answered surveys by the day they went out, their case's cause (lib/reports/csat-causes.ts) and SLA outcome
 * (met | breached), settled when the refresh runs: a claim or delay that turns up later counts from the next refresh.
 */
export const reportCsatCauseDays = pgTable(
  'report_csat_cause_days',
  {
    day: date().notNull(),
    cause: varchar({ length: 16 }).notNull(),
    slaOutcome: varchar({ length: 8 }).notNull(),
    answers: integer().notNull(),
    scoreSum: integer().notNull(),
    satisfied: integer().notNull(),
  },
  (t) => [index('report_csat_cause_days_day_idx').on(t.day)],
);

/**
 * The case backlog per local day: cases opened, reopened and resolved that day, and at its end (at the refresh,
 * for today) how many were open and how many of those had breached their SLA. Days not begun have no row.
 */
export const reportBacklogDays = pgTable(
  'report_backlog_days',
  {
    day: date().notNull(),
    opened: integer().notNull(),
    reopened: integer().notNull(),
    resolved: integer().notNull(),
    openAtEnd: integer().notNull(),
    breachedAtEnd: integer().notNull(),
  },
  (t) => [index('report_backlog_days_day_idx').on(t.day)],
);

/** Delay incidents (and their notices) by the day the incident opened, carrier and kind. */
export const reportDelayDays = pgTable(
  'report_delay_days',
  {
    day: date().notNull(),
    carrier: varchar({ length: 32 }).notNull(),
    kind: varchar({ length: 32 }).notNull(),
    incidents: integer().notNull(),
    escalated: integer().notNull(),
    dismissed: integer().notNull(),
    notices: integer().notNull(),
    noticesSent: integer().notNull(),
    remediesChosen: integer().notNull(),
  },
  (t) => [index('report_delay_days_day_idx').on(t.day)],
);

/**
 * Customer tracking-page views per UTC hour: a bare count (no order, no visitor, no IP), flushed from an
 * in-process counter (lib/reports/tracking-views.ts). Hours, so any time zone can sum them into its days.
 */
export const trackingViewHours = pgTable(
  'tracking_view_hours',
  {
    hour: timestamp({ withTimezone: true }).notNull(),
    views: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour] })],
);

/** Each rollup refresh: which local days it rebuilt and when (shown on the reports pages). */
export const reportRefreshes = pgTable(
  'report_refreshes',
  {
    id: id(),
    fromDay: date().notNull(),
    toDay: date().notNull(),
    timeZone: varchar({ length: 64 }).notNull(),
    durationMs: integer().notNull(),
    refreshedAt: instant().defaultNow().notNull(),
  },
  (t) => [index('report_refreshes_refreshed_at_idx').on(t.refreshedAt)],
);
