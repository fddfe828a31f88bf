import { z } from 'zod';

/**
 * The typed audit catalog: every `case_events.type` there is, each with a zod schema for its `data`.
 * `recordCaseEvent` takes only these names (an unknown string does not compile) and checks `data` against
 * the schema on write (lib/audit/record-case-event.ts says when a mismatch throws). The staff case timeline
 * labels each one through `auditEvents.<type>` in messages/*.json (catalog.test.ts walks this list).
 *
 * This is the audit trail (who did what, for staff and for the privacy export). The public, versioned event
 * union that webhooks and `GET /api/v1/events` carry is lib/core/events/catalog.ts; several names appear in
 * both (`return.approved`, `refund.failed` …): each use case writes both rows in its transaction.
 *
 * Schemas name the keys a reader relies on (ids first); the objects are loose, so a writer may add facts
 * without a new type. Timestamps in `data` are ISO strings.
 */
const id = z.string().min(1);
const optionalId = id.nullish();
const count = z.number().int().min(0);
const amount = z.number().int();
const currency = z.string().length(3);
const change = z.looseObject({ from: z.unknown(), to: z.unknown() });
const fieldChanges = z.record(z.string(), change);
const empty = z.looseObject({});

const returnFacts = { returnId: id, rma: z.string() };
const webhookEndpoint = { endpointId: id };
const staffTarget = { staffId: id };
const compensation = { compensationId: id, kind: z.string(), amount };
const refundFacts = { refundId: id };
const rail = z.string().nullable();
const integration = { integrationId: id };

function audit<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject(shape);
}

export const AUDIT_CATALOG = {
  // API keys and integrations (admin settings)
  'api_key.created': audit({ apiKeyId: id, name: z.string(), prefix: z.string(), scopes: z.array(z.string()) }),
  'api_key.revoked': audit({ apiKeyId: id, prefix: z.string() }),
  'integration.added': audit({ ...integration, platform: z.string(), domain: z.string() }),
  'integration.removed': audit({ ...integration, platform: z.string(), domain: z.string() }),
  'integration.backfilled': audit({ ...integration }),
  'integration.backfill_failed': audit({ ...integration, days: z.number(), error: z.string() }),

  // Automation rules (lib/automation): each step a rule took, naming the rule; the timeline words it itself.
  'automation.applied': audit({ ruleId: id.optional(), ruleName: z.string().optional(), action: z.string().optional(), eventId: optionalId }),
  'automation.auto_closed': audit({ days: z.number().int().nullable(), waitedDays: count }),

  // Cases
  'case.opened': audit({ type: z.string() }),
  'case.assigned': audit({ to: optionalId, from: optionalId, reason: z.string().optional(), bulk: z.boolean().optional() }),
  'case.transferred': audit({ from: optionalId, to: optionalId, reason: z.string().optional() }),
  'case.reassigned': audit({ from: optionalId, to: optionalId, reason: z.string() }),
  'case.updated': audit({ changes: fieldChanges.optional(), reason: z.string().optional(), bulk: z.boolean().optional() }),
  'case.resolved': audit({ via: z.string().optional() }),
  'case.replied': audit({ messageId: id, outboxId: optionalId, firstResponse: z.boolean() }),
  'case.note_added': audit({ messageId: id.optional() }),
  'case.customer_replied': audit({ messageId: id, reopened: z.boolean() }),
  'case.customer_asked': audit({ messageId: id, source: z.string() }),
  'case.email_received': audit({ messageId: id, via: z.string() }),
  'case.auto_answered': audit({ messageId: id, outboxId: optionalId, shipmentId: optionalId }),
  'case.delay_escalated': audit({ incidentIds: z.array(id), kinds: z.array(z.string()), caseOpened: z.boolean() }),
  'case.carrier_investigation_opened': audit({ reason: z.string().nullish(), shipmentId: optionalId }),

  // Claims, compensations, store credit
  'claim.submitted': audit({ claimId: id, type: z.string() }),
  'claim.decided': audit({ claimId: id, decision: z.string() }),
  'compensation.requested': audit({ ...compensation, currency }),
  'compensation.granted': audit({ ...compensation, currency }),
  'compensation.approved': audit({ ...compensation }),
  'compensation.rejected': audit({ ...compensation, reason: z.string().nullish() }),
  'compensation.released': audit({ ...compensation }),
  'compensation.issued': audit({ ...compensation, currency }),
  'store_credit.redeemed': audit({ storeCreditId: id, code: z.string(), amount, currency, balance: amount, orderNumber: z.string().nullable() }),

  // Customer survey
  'csat.sent': empty,
  'csat.resent': empty,
  'csat.answered': audit({ score: z.number().int() }),
  'csat.commented': empty,
  'csat.opted_out': empty,

  // Delays
  'delay.opened': audit({ incidentId: id, kind: z.string(), shipmentId: optionalId }),
  'delay.closed': audit({ incidentId: id, kind: z.string(), shipmentId: optionalId, reason: z.string().nullable() }),
  'delay.dismissed': audit({ incidentId: id, kind: z.string(), shipmentId: optionalId }),
  'delay.notice_queued': audit({ incidentId: id, noticeId: id, kind: z.string(), locale: z.string() }),
  'delay.remedy_chosen': audit({ noticeId: id, incidentId: id, remedy: z.string(), compensationId: optionalId }),

  // Orders, catalog, customer access
  'order.upserted': audit({ orderNumber: z.string().optional(), created: z.boolean().optional(), lines: count.optional() }),
  'order.canceled': audit({ orderNumber: z.string(), source: z.string(), canceledAt: z.string() }),
  'order.access_link_sent': audit({ linkId: id, expiresAt: z.string() }),
  'order.access_link_used': audit({ linkId: id }),
  'variant.upserted': audit({ variantId: id, sku: z.string(), created: z.boolean() }),
  'tracking_link.created': audit({ expiresAt: z.string() }),
  'tracking_links.revoked': audit({ count }),

  // Shipments and tracking
  'shipment.created': audit({ shipmentId: id, carrier: z.string(), trackingNumber: z.string() }),
  'shipment.status_changed': audit({ shipmentId: id, from: z.string().nullable(), to: z.string() }),
  'tracking_events.received': audit({ source: z.string(), accepted: count, duplicates: count, unmatched: count }),
  'photo.uploaded': audit({ photoId: id, sizeBytes: count }),

  // Returns and withdrawals
  'return.requested': audit({ ...returnFacts }),
  'return.approved': audit({ ...returnFacts }),
  'return.rejected': audit({ ...returnFacts }),
  'return.canceled': audit({ ...returnFacts }),
  'return.label_issued': audit({ rma: z.string() }),
  'return.in_transit': audit({ ...returnFacts, shipmentId: optionalId }),
  'return.received': audit({ ...returnFacts }),
  'return.inspected': audit({ ...returnFacts }),
  'return.completed': audit({ returnId: id.optional(), rma: z.string().optional() }),
  'return.ship_now_overdue': audit({ ...returnFacts, deadline: z.string() }),
  'withdrawal.received': audit({ receiptNumber: z.string() }),

  // Refunds and payouts
  'refund.processing': audit({ ...refundFacts, rail, attemptNo: z.number().int() }),
  'refund.accepted': audit({ ...refundFacts, rail }),
  'refund.retry_scheduled': audit({ ...refundFacts, rail, attemptNo: z.number().int(), inSeconds: z.number() }),
  'refund.succeeded': audit({ ...refundFacts }),
  'refund.failed': audit({ ...refundFacts, message: z.string().nullish() }),
  'refund.retried': audit({ ...refundFacts, rail }),
  'refund.recorded': audit({ ...refundFacts, amount, currency, source: z.string() }),
  'refund.provider_mismatch': audit({ ...refundFacts, ledger: z.string(), provider: z.string().nullable() }),
  'payout.queued': audit({ refundId: id, batchId: id, payoutItemId: id, amount, currency }),
  'payout_batch.exported': audit({ batchId: id, count, total: amount, currency }),
  'payout_batch.paid': audit({ batchId: id, refundIds: z.array(id), total: amount.nullable(), currency }),

  // Reports, privacy, settings
  'report.exported': audit({ report: z.string(), rows: count }),
  'reports.refreshed': audit({ from: z.string(), to: z.string() }),
  'privacy.erased': audit({ subjectHash: z.string(), counts: z.record(z.string(), z.unknown()) }),
  'privacy.exported': audit({ subjectHash: z.string(), counts: z.record(z.string(), z.unknown()) }),
  'privacy.purged': audit({ counts: z.record(z.string(), z.unknown()) }),
  'settings.changed': audit({ key: z.string(), before: z.unknown(), after: z.unknown() }),
  'settings.secret_changed': audit({ key: z.string(), carrier: z.string(), field: z.string(), how: z.string() }),

  // Staff accounts and sign-in
  'staff.invited': audit({ ...staffTarget, role: z.string(), inviteId: id, expiresAt: z.string() }),
  'staff.invite_resent': audit({ ...staffTarget, inviteId: id, expiresAt: z.string() }),
  'staff.invite_accepted': audit({ inviteId: id }),
  'staff.role_changed': audit({ ...staffTarget, from: z.string(), to: z.string() }),
  'staff.routing_changed': audit({ ...staffTarget, before: z.looseObject({}), after: z.looseObject({ languages: z.array(z.string()), capacity: count.nullable() }) }),
  'staff.disabled': audit({ ...staffTarget, sessionsEnded: count }),
  'staff.enabled': audit({ ...staffTarget }),
  'staff.two_factor_reset': audit({ ...staffTarget, sessionsEnded: count }),
  'staff.logged_in': empty,
  'staff.login_failed': audit({ staffId: optionalId }),
  'staff.login_attack_noticed': audit({ ...staffTarget, failures: count }),
  'staff.logged_out_everywhere': audit({ sessions: count }),
  'staff.two_factor_enabled': empty,
  'staff.two_factor_failed': empty,
  'staff.two_factor_verified': audit({ recoveryCode: z.boolean() }),

  // Webhook endpoints
  'webhook_endpoint.created': audit({ ...webhookEndpoint, url: z.string(), events: z.array(z.string()) }),
  'webhook_endpoint.updated': audit({ ...webhookEndpoint, changed: z.array(z.string()) }),
  'webhook_endpoint.deleted': audit({ ...webhookEndpoint, url: z.string() }),
  'webhook_endpoint.disabled': audit({ ...webhookEndpoint, url: z.string(), reason: z.string() }),
  'webhook_endpoint.secret_rotated': audit({ ...webhookEndpoint, previousSecretExpiresAt: z.string() }),
  'webhook_endpoint.test_sent': audit({ ...webhookEndpoint, deliveryId: id }),
  'webhook_delivery.resent': audit({ ...webhookEndpoint, deliveryId: id }),
} as const;

export type AuditEventType = keyof typeof AUDIT_CATALOG;
/** What a writer passes as `data` for `T` (extra keys allowed). */
export type AuditEventData<T extends AuditEventType> = z.input<(typeof AUDIT_CATALOG)[T]>;

export const AUDIT_EVENT_TYPES = Object.keys(AUDIT_CATALOG) as AuditEventType[];

export function isAuditEventType(value: string): value is AuditEventType {
  return Object.hasOwn(AUDIT_CATALOG, value);
}

/**
 * A type name checked by the compiler, for the one set-based writer that cannot call recordCaseEvent row by
 * row: the delay sweep (lib/delays/sweep-delays.ts) opens and closes thousands of incidents in one statement.
 * Its rows are checked against the schemas by lib/delays/events.test.ts instead.
 */
export function auditType<T extends AuditEventType>(type: T): T {
  return type;
}
