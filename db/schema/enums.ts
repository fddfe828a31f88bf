import { pgEnum } from 'drizzle-orm/pg-core';

/** Languages of customer pages and emails (staff desk: en, fi). */
export const localeEnum = pgEnum('locale', ['fi', 'sv', 'en', 'da', 'nb']);

/** Carriers Paluu has adapters for (research/carriers.md). */
export const carrierEnum = pgEnum('carrier', ['posti', 'postnord', 'matkahuolto', 'bring', 'budbee', 'dhl', 'instabox']);

export const shipmentDirectionEnum = pgEnum('shipment_direction', ['outbound', 'return']);

/**
 * Normalized shipment status, derived from all events ordered by occurrence (terminal states win).
 * No carrier has a real "canceled"; it is only set by the merchant or staff.
 */
export const shipmentStatusEnum = pgEnum('shipment_status', [
  'info_received',
  'in_transit',
  'out_for_delivery',
  'available_for_pickup',
  'delivered',
  'failed_attempt',
  'exception',
  'returned_to_sender',
  'canceled',
]);

/** Sub-status of an `exception`. */
export const exceptionSubStatusEnum = pgEnum('exception_sub_status', ['address_issue', 'customs', 'damaged', 'lost', 'weather', 'other']);

/** Where tracking data came from. */
export const trackingSourceEnum = pgEnum('tracking_source', ['webhook', 'poll', 'api', 'simulate', 'seed']);

export const returnStatusEnum = pgEnum('return_status', [
  'requested',
  'approved',
  'label_issued',
  'in_transit',
  'received',
  'inspected',
  'completed',
  'rejected',
  'canceled',
]);

/** drop_off: at a carrier service point with a printed label; printerless: a code/QR at a locker or counter. */
export const returnMethodEnum = pgEnum('return_method', ['drop_off', 'printerless', 'home_pickup']);

export const resolutionEnum = pgEnum('resolution', ['refund', 'store_credit', 'exchange']);

export const inspectionGradeEnum = pgEnum('inspection_grade', ['as_new', 'opened', 'damaged', 'missing']);

export const claimTypeEnum = pgEnum('claim_type', ['damaged', 'wrong_item', 'missing_item', 'not_received']);

export const claimStatusEnum = pgEnum('claim_status', ['open', 'approved', 'rejected', 'resolved']);

/** What the customer asks for on a claim. */
export const claimRemedyEnum = pgEnum('claim_remedy', ['replacement', 'refund', 'keep_with_partial_refund', 'investigate']);

export const withdrawalStatusEnum = pgEnum('withdrawal_status', ['received', 'goods_returned', 'refunded']);

export const caseTypeEnum = pgEnum('case_type', ['return', 'exchange', 'claim', 'delivery_issue', 'withdrawal', 'question']);

export const caseStatusEnum = pgEnum('case_status', ['open', 'waiting_customer', 'waiting_carrier', 'resolved', 'closed']);

export const casePriorityEnum = pgEnum('case_priority', ['low', 'normal', 'high', 'urgent']);

/** reply: visible to the customer (sent as email); customer_message: from the customer; internal_note: staff only. */
export const caseMessageKindEnum = pgEnum('case_message_kind', ['reply', 'customer_message', 'internal_note']);

export const actorTypeEnum = pgEnum('actor_type', ['customer', 'staff', 'merchant_api', 'carrier', 'system']);

/**
 * Who a `domain_events` row is for: `public` events are read by subscribers, webhooks and `GET /api/v1/events`;
 * `audit` rows are the staff trail only (the catalog's audit types, lib/core/events/catalog.ts), read by the case
 * timeline (with the case's public rows), the settings audit list, the privacy export and the `case_events` view
 * (docs/architecture.md).
 */
export const eventAudienceEnum = pgEnum('event_audience', ['public', 'audit']);

export const compensationKindEnum = pgEnum('compensation_kind', [
  'refund',
  'partial_refund',
  'store_credit',
  'gift_card',
  'discount_code',
  'free_shipping',
  'reship',
]);

/** pending_approval: above the agent's limit, waits for an admin. */
export const compensationStatusEnum = pgEnum('compensation_status', ['pending_approval', 'approved', 'rejected', 'issued']);

export const delayKindEnum = pgEnum('delay_kind', [
  'dispatch_late',
  'no_first_scan',
  'stalled_in_transit',
  'eta_breached',
  'carrier_exception',
  'failed_attempt',
  'pickup_expiring',
]);

export const noticeStatusEnum = pgEnum('notice_status', ['draft', 'queued', 'sent', 'failed', 'dismissed']);

export const noticeChannelEnum = pgEnum('notice_channel', ['email', 'page']);

export const remedyEnum = pgEnum('remedy', ['keep_waiting', 'keep_waiting_with_discount', 'cancel_refund', 'replacement']);

export const outboxStatusEnum = pgEnum('outbox_status', ['pending', 'sending', 'sent', 'captured', 'failed']);

export const staffRoleEnum = pgEnum('staff_role', ['agent', 'admin']);

/** Scopes a merchant API key can carry. */
export const apiScopeValues = [
  'orders:write',
  'orders:read',
  'shipments:write',
  'events:write',
  'links:write',
  'returns:read',
  'catalog:write',
  'events:read',
  'webhooks:write',
  'store_credits:read',
  'store_credits:write',
] as const;

/**
 * A refund's way through the ledger (lib/refunds/refund-state.ts): `requested` waits for the worker,
 * `processing` is on a rail (an attempt in flight, a retry waiting, or the provider settling it later),
 * `succeeded` moved money, `failed` did not (its amount is free again; staff may retry).
 */
export const refundStatusEnum = pgEnum('refund_status', ['requested', 'processing', 'succeeded', 'failed']);
