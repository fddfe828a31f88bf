import { z } from 'zod';

/**
 * The one event catalog: every type of the log (`domain_events`), each with its aggregate, its audience, a
 * description and ONE zod schema for `data`. `recordEvent` takes only these names (an unknown string does not
 * compile), types `data` from the schema and checks it on write (./record-event.ts says when a mismatch throws).
 *
 * Audience (docs/architecture.md, "Audit trail and event log"):
 * - `public`: merchants may subscribe (webhooks, `GET /api/v1/events`, the OpenAPI `webhooks`); the worker's
 *   subscribers read it too. Merchants see only the keys of `publicData` (the staff-only facts of the same row,
 *   such as a provider's message, stay on the staff timeline).
 * - `internal`: the worker's subscribers read it (automation rules, payouts); never sent to merchants.
 * - `audit`: the staff trail only (case timeline, settings audit, privacy export); no subscriber ever reads it.
 * Every type, whatever its audience, is one row per change; the case timeline shows a case's rows of every
 * audience, labelled `auditEvents.<type>` in messages/*.json (catalog.test.ts walks this list).
 *
 * Schemas name the keys a reader relies on (ids first); the objects are loose, so a writer may add facts
 * without a new type (they never reach a merchant unless named in `publicData`). Timestamps are ISO strings.
 */
const uuid = z.uuid();
const id = z.string().min(1);
const optionalId = id.nullish();
const count = z.number().int().min(0);
const amount = z.number().int();
const currency = z.string().length(3);
const money = { amount, currency };
const change = z.looseObject({ from: z.unknown(), to: z.unknown() });
const fieldChanges = z.record(z.string(), change);
const rail = z.string().nullable();

export type EventAudience = 'public' | 'internal' | 'audit';

function definition<A extends string, Au extends EventAudience, S extends z.ZodRawShape, P>(aggregate: A, audience: Au, description: string, shape: S, publicData: P) {
  return { aggregate, audience, description, data: z.looseObject(shape), publicData };
}

/**
 * A type merchants may subscribe to: `publicShape` is what they see (webhooks, the events API, OpenAPI),
 * `staffShape` the facts only the staff trail keeps; the row's data is both.
 */
function published<A extends string, P extends z.ZodRawShape, S extends z.ZodRawShape = Record<never, never>>(aggregate: A, description: string, publicShape: P, staffShape?: S) {
  return definition(aggregate, 'public', description, { ...publicShape, ...(staffShape ?? ({} as S)) }, z.object(publicShape));
}

/** A type of the log that the worker's subscribers read, never sent to merchants. */
function internal<A extends string, S extends z.ZodRawShape>(aggregate: A, description: string, shape: S) {
  return definition(aggregate, 'internal', description, shape, null);
}

/** A staff-trail type: `<entity>.<past_tense>`; its aggregate is the entity. */
function audit<A extends string, S extends z.ZodRawShape>(aggregate: A, description: string, shape: S) {
  return definition(aggregate, 'audit', description, shape, null);
}

const returnIds = { returnId: uuid, orderId: uuid };
const returnStaff = { rma: z.string().optional() };
const refundMoney = { refundId: uuid, orderId: uuid, ...money };
const refundFacts = { ...refundMoney, rail: rail.optional(), returnId: uuid.nullish(), compensationId: uuid.nullish() };
const compensationFacts = { compensationId: id, kind: z.string(), amount };
const webhookEndpoint = { endpointId: id };
const reportSchedule = { scheduleId: id };
const staffTarget = { staffId: id };
const integration = { integrationId: id };

export const EVENT_CATALOG = {
  // API keys and integrations (admin settings)
  'api_key.created': audit('api_key', 'An API key was created.', { apiKeyId: id, name: z.string(), prefix: z.string(), scopes: z.array(z.string()) }),
  'api_key.revoked': audit('api_key', 'An API key was revoked.', { apiKeyId: id, prefix: z.string() }),
  'integration.added': audit('integration', 'A shop platform was connected.', { ...integration, platform: z.string(), domain: z.string() }),
  'integration.removed': audit('integration', 'A shop platform was disconnected.', { ...integration, platform: z.string(), domain: z.string() }),
  'integration.backfilled': audit('integration', "A platform's order history was imported.", { ...integration }),
  'integration.backfill_failed': audit('integration', "A platform's order history could not be imported.", { ...integration, days: z.number(), error: z.string() }),

  // Automation rules (lib/automation): each step a rule took, naming the rule; the timeline words it itself.
  'automation.applied': audit('automation', 'An automation rule changed a case.', { ruleId: id.optional(), ruleName: z.string().optional(), action: z.string().optional(), eventId: optionalId }),
  'automation.auto_closed': audit('automation', 'A waiting case was closed after its days without an answer.', { days: z.number().int().nullable(), waitedDays: count }),

  // Cases
  'case.opened': published('case', 'A support case was opened.', { caseId: uuid, orderId: uuid.nullable(), type: z.string() }),
  'case.assigned': audit('case', 'A case was assigned.', { to: optionalId, from: optionalId, reason: z.string().optional(), bulk: z.boolean().optional() }),
  'case.team_changed': audit('case', "A case moved to another team's queue.", { from: optionalId, to: optionalId }),
  'case.transferred': audit('case', 'A case was transferred.', { from: optionalId, to: optionalId, reason: z.string().optional() }),
  'case.reassigned': audit('case', 'A case was reassigned.', { from: optionalId, to: optionalId, reason: z.string() }),
  'case.updated': internal('case', "A support case's status, priority, tags or assignee changed; `source: 'automation'` when a rule did it (rules ignore those: no loops).", {
    caseId: uuid,
    source: z.enum(['staff', 'customer', 'automation']),
    changes: fieldChanges.optional(),
    /** The fields a rule changed (automation writes these names, not their values). */
    changed: z.array(z.string()).optional(),
    reason: z.string().optional(),
    bulk: z.boolean().optional(),
  }),
  'case.resolved': published('case', 'A support case was resolved; `via` names the change that resolved it (e.g. `return.completed`).', { caseId: uuid, orderId: uuid.nullish(), via: z.string().optional() }),
  'case.replied': audit('case', 'Staff replied to the customer.', { messageId: id, outboxId: optionalId, firstResponse: z.boolean(), attachments: z.number().int().optional() }),
  'case.note_added': audit('case', 'Staff added an internal note.', { messageId: id.optional(), attachments: z.number().int().optional() }),
  'case.customer_replied': internal('case', 'The customer wrote on a support case (reply link or email).', { caseId: uuid, messageId: uuid, reopened: z.boolean().optional() }),
  'case.customer_asked': audit('case', 'The customer asked a question from the portal.', { messageId: id, source: z.string() }),
  'case.email_received': audit('case', 'An email from the customer arrived on a case.', { messageId: id, via: z.string() }),
  'case.auto_answered': audit('case', 'A question was answered automatically.', { messageId: id, outboxId: optionalId, shipmentId: optionalId }),
  'case.delay_escalated': audit('case', 'Delays were escalated to a case.', { incidentIds: z.array(id), kinds: z.array(z.string()), caseOpened: z.boolean() }),
  'case.carrier_investigation_opened': audit('case', 'A carrier investigation was opened.', { reason: z.string().nullish(), shipmentId: optionalId }),

  // Claims, compensations, store credit
  'claim.created': published(
    'claim',
    'A claim (damaged, wrong or missing item, not received) was filed.',
    { claimId: uuid, orderId: uuid, type: z.string(), shipmentId: uuid.nullish(), remedy: z.string().nullish() },
    { lines: z.array(z.unknown()).optional(), photos: count.optional() },
  ),
  // History only (rows written before migration 0035, still labelled on the timeline): claim.created is that change now.
  'claim.submitted': audit('claim', 'A claim was filed (history; claim.created since 0035).', { claimId: id, type: z.string() }),
  'claim.decided': audit('claim', 'A claim was decided.', { claimId: id, decision: z.string() }),
  'compensation.requested': audit('compensation', 'A compensation was requested.', { ...compensationFacts, currency }),
  'compensation.granted': audit('compensation', 'A compensation was granted.', { ...compensationFacts, currency }),
  'compensation.approved': audit('compensation', 'A compensation was approved.', { ...compensationFacts }),
  'compensation.rejected': audit('compensation', 'A compensation was rejected.', { ...compensationFacts, reason: z.string().nullish() }),
  'compensation.released': audit('compensation', 'A held compensation was released.', { ...compensationFacts }),
  'compensation.issued': published(
    'compensation',
    'A compensation (discount, gift card, reship…) was issued.',
    { compensationId: uuid, orderId: uuid, kind: z.string(), ...money, returnId: uuid.nullish(), code: z.string().nullish(), shipmentId: uuid.nullish() },
    { approvedFromPending: z.boolean().optional() },
  ),
  'compensation.platform_code_created': audit('compensation', "A compensation's code (gift card, discount, free shipping) was created on the shop's platform with the same code; the customer's email follows.", {
    compensationId: uuid,
    orderId: uuid,
    kind: z.string(),
    platform: z.string(),
    externalId: id,
  }),
  'compensation.platform_code_failed': audit('compensation', "The shop's platform refused a compensation's code, or did not answer after every retry: the customer was not emailed it, staff must act.", {
    compensationId: uuid,
    orderId: uuid,
    kind: z.string(),
    platform: z.string(),
    message: z.string(),
    attempts: z.number().int(),
  }),
  'compensation.platform_code_retried': audit('compensation', "Staff sent a compensation's code to the shop's platform again after it was refused.", {
    compensationId: uuid,
    orderId: uuid,
    platform: z.string(),
    previousMessage: z.string().nullable(),
  }),
  'store_credit.issued': published('compensation', 'Store credit was issued.', { compensationId: uuid, orderId: uuid, ...money, code: z.string().nullish() }),
  'store_credit.redeemed': published('store_credit', 'Store credit was spent (POST /api/v1/store-credits/{code}/redeem); `balance` is what is left.', {
    storeCreditId: uuid,
    code: z.string(),
    ...money,
    balance: z.number().int().min(0),
    orderNumber: z.string().nullable(),
  }),

  // Customer survey
  'csat.sent': audit('csat', 'The satisfaction survey was sent.', {}),
  'csat.resent': audit('csat', 'The satisfaction survey was sent again.', {}),
  'csat.answered': published('case', 'A customer answered the satisfaction survey.', { caseId: uuid, orderId: uuid.nullish(), score: z.number().int() }),
  'csat.commented': audit('csat', 'The customer commented in the survey.', {}),
  'csat.opted_out': audit('csat', 'The customer opted out of surveys.', {}),

  // Delays
  'delay.detected': published('delay', 'A parcel was found late (a delay incident opened); no shipmentId when the order was not dispatched in time.', {
    incidentId: uuid,
    shipmentId: uuid.nullable(),
    orderId: uuid,
    kind: z.string(),
  }),
  // History only (written before migration 0035): delay.detected and delay.notice_sent are those changes now.
  'delay.opened': audit('delay', 'A delay incident opened (history; delay.detected since 0035).', { incidentId: id, kind: z.string(), shipmentId: optionalId }),
  'delay.closed': audit('delay', 'A delay incident closed.', { incidentId: id, kind: z.string(), shipmentId: optionalId, reason: z.string().nullable() }),
  'delay.dismissed': audit('delay', 'Staff dismissed a delay incident.', { incidentId: id, kind: z.string(), shipmentId: optionalId }),
  'delay.notice_queued': audit('delay', 'A delay notice was queued for the customer (history; delay.notice_sent since 0035).', { incidentId: id, noticeId: id, kind: z.string(), locale: z.string() }),
  'delay.notice_sent': published(
    'delay',
    'The customer was told about a delay.',
    { noticeId: uuid, incidentId: uuid, orderId: uuid, kind: z.string().optional(), remedies: z.array(z.string()).optional() },
    { episodeId: id.optional(), locale: z.string().optional(), subject: z.string().optional() },
  ),
  'delay.remedy_chosen': published('delay', 'The customer chose a remedy offered in a delay notice.', {
    incidentId: uuid,
    orderId: uuid,
    remedy: z.string(),
    noticeId: uuid,
    compensationId: uuid.nullish(),
  }),

  // Orders, catalog, customer access
  'order.upserted': published('order', 'An order was created or updated through the API or a platform.', { orderId: uuid }, { orderNumber: z.string().optional(), created: z.boolean().optional(), lines: count.optional() }),
  'order.canceled': audit('order', 'An order was canceled in its shop.', { orderNumber: z.string(), source: z.string(), canceledAt: z.string() }),
  'order.access_link_sent': audit('order', 'A sign-in link to the order was sent.', { linkId: id, expiresAt: z.string() }),
  'order.access_link_used': audit('order', 'A sign-in link to the order was used.', { linkId: id }),
  'variant.upserted': audit('variant', 'A product variant was created or updated.', { variantId: id, sku: z.string(), created: z.boolean() }),
  'tracking_link.created': audit('tracking_link', 'A tracking link was shared.', { expiresAt: z.string() }),
  'tracking_links.revoked': audit('tracking_links', 'Shared tracking links were revoked.', { count }),

  // Shipments and tracking
  'shipment.created': published('shipment', 'A parcel (outbound or return) was added to an order, or a parcel awaiting the shop (an exchange\'s or a reship\'s, same `shipmentId`) got its carrier and tracking number.', { shipmentId: uuid, orderId: uuid }, { carrier: z.string().optional(), trackingNumber: z.string().optional() }),
  'shipment.booked': audit('shipment', "Staff booked a parcel awaiting the shop (an exchange's or a reship's) with its carrier; `shipment.created` follows with the carrier's number.", {
    shipmentId: uuid,
    orderId: uuid,
    carrier: z.string(),
    trackingNumber: z.string(),
    bookedVia: z.string(),
    service: z.string().nullable(),
    labelPending: z.boolean(),
  }),
  'shipment.booking_not_applied': audit('shipment', "The carrier booked a parcel awaiting the shop, but its number could not be added to the parcel (the reason is kept; the next attempt adds this booking, the carrier is not asked again).", { shipmentId: uuid, orderId: uuid, reference: z.string(), carrier: z.string(), trackingNumber: z.string(), reason: z.string() }),
  'shipment.booking_uncertain': audit('shipment', "A call to the carrier's booking API for a parcel awaiting the shop got no answer on record: a parcel may have been booked; staff check the carrier's portal before booking again.", { shipmentId: uuid, orderId: uuid, reference: z.string(), carrier: z.string(), calledAt: z.string() }),
  'shipment.booking_abandoned': audit('shipment', 'Staff chose to book a parcel awaiting the shop again past a booking whose outcome was unknown.', { shipmentId: uuid, orderId: uuid, reference: z.string(), carrier: z.string(), bookingId: id }),
  'shipment.booking_dismissed': audit('shipment', "Staff closed a parcel's booking with the carrier that was not on the parcel (booked but not added, or a call without an answer) after checking or cancelling it in the carrier's portal; the parcel can then be booked again or get a number entered by hand.", { shipmentId: uuid, orderId: uuid, reference: z.string(), carrier: z.string(), bookingId: id, state: z.enum(['booked', 'uncertain', 'calling']), trackingNumber: z.string().nullable() }),
  'shipment.booking_superseded': audit('shipment', "The shop reported its own tracking number for a parcel awaiting the shop while Paluu's booking with the carrier was open (booked but not added, or a call without an answer): the shop's number went on the parcel and the booking was closed; the parcel's panel tells staff to cancel it in the carrier's portal.", {
    shipmentId: uuid,
    orderId: uuid,
    reference: z.string(),
    carrier: z.string(),
    bookingId: id,
    state: z.enum(['booked', 'uncertain', 'calling']),
    bookedTrackingNumber: z.string().nullable(),
    sentCarrier: z.string(),
    sentTrackingNumber: z.string(),
  }),
  'shipment.status_changed': published('shipment', "A parcel's normalized status changed.", { shipmentId: uuid, orderId: uuid, from: z.string().nullable(), to: z.string() }),
  'shipment.delivered': published('shipment', 'A parcel was delivered (or picked up).', { shipmentId: uuid, orderId: uuid }),
  'tracking_events.received': audit('tracking_events', 'Carrier scans arrived.', { source: z.string(), accepted: count, duplicates: count, unmatched: count }),
  'photo.uploaded': audit('photo', 'The customer uploaded a photo.', { photoId: id, sizeBytes: count }),

  // Returns, exchanges and withdrawals
  // `autoApprove` and `rule` tell the customer-email subscriber (lib/returns/subscribers.ts) which email follows.
  'return.requested': published('return', 'A customer or agent started a return.', returnIds, { ...returnStaff, autoApprove: z.boolean().optional() }),
  'return.approved': published('return', 'A return was approved.', returnIds, { ...returnStaff, rule: z.string().optional() }),
  'return.rejected': published('return', 'A return was rejected.', returnIds, returnStaff),
  'return.label_issued': published('return', 'A return label or printerless code was issued.', returnIds, returnStaff),
  'return.label_fetched': audit('return', "The carrier's label of a booked return, missing at booking, was fetched.", { returnId: id, rma: z.string(), shipmentId: id, attempts: count }),
  'return.booking_not_applied': audit('return', 'The carrier booked the return parcel, but it could not be added to the return (the reason is kept; the next attempt adds this booking).', { returnId: id, rma: z.string(), carrier: z.string(), trackingNumber: z.string(), reason: z.string() }),
  'return.booking_uncertain': audit('return', "A call to the carrier's booking API got no answer on record: a parcel may have been booked; staff check the carrier's portal before booking again.", { returnId: id, rma: z.string(), carrier: z.string(), calledAt: z.string() }),
  'return.booking_abandoned': audit('return', 'Staff chose to book the return parcel again past a booking whose outcome was unknown.', { returnId: id, rma: z.string(), carrier: z.string(), bookingId: id }),
  'return.in_transit': published('return', 'The return parcel was handed to the carrier.', returnIds, { ...returnStaff, shipmentId: optionalId }),
  'return.received': published('return', 'The returned items arrived at the warehouse.', returnIds, returnStaff),
  'return.inspected': published('return', 'The returned items were graded.', returnIds, returnStaff),
  'return.completed': published('return', 'The return was settled (refund, credit or exchange).', returnIds, { rma: z.string().optional() }),
  'return.canceled': published('return', 'The return was canceled.', returnIds, returnStaff),
  'return.ship_now_overdue': audit('return', 'The old item of a ship-now exchange did not arrive by its deadline.', { returnId: id, rma: z.string(), deadline: z.string() }),
  'exchange.created': published('exchange', 'An exchange must ship: what to ship and to whom. `shipNow: true` when the customer chose to get the new item before the return arrives (emitted at request time). The parcel `shipmentId` awaits the shop\'s tracking number: POST the shipment with the new item\'s SKU to /api/v1/orders/{orderNumber}/shipments and it fills this parcel in (then `shipment.created` with the same `shipmentId`).', {
    returnId: uuid,
    orderId: uuid,
    /** The outbound parcel created for it, awaiting the shop: no tracking number until the shop reports the shipment. */
    shipmentId: uuid,
    items: z.array(z.object({ sku: z.string().nullable(), title: z.string().nullable(), variantId: uuid, quantity: z.number().int().positive() })),
    shipTo: z
      .object({
        name: z.string(),
        email: z.string(),
        line1: z.string(),
        line2: z.string().nullable(),
        postalCode: z.string(),
        city: z.string(),
        country: z.string(),
      })
      .nullable(),
    /** True: "ship now" — sent at request time, before the return arrives; the old item is due by `shipNowDeadline`. */
    shipNow: z.boolean().optional(),
    shipNowDeadline: z.string().optional(),
  }),
  'exchange.order_created': audit('exchange', "An exchange's replacement order was created on the shop's platform (free of charge, the RMA in its note).", {
    ...returnIds,
    rma: z.string(),
    platform: z.string(),
    externalId: id,
    externalName: z.string(),
    adminUrl: z.string().nullable(),
  }),
  'exchange.order_failed': audit('exchange', "The shop's platform refused an exchange's replacement order, or did not answer after every retry: staff must act.", {
    ...returnIds,
    rma: z.string(),
    platform: z.string(),
    message: z.string(),
    attempts: z.number().int(),
  }),
  'withdrawal.received': published('withdrawal', 'An EU withdrawal notice was received.', {
    withdrawalId: uuid,
    orderId: uuid,
    receiptNumber: z.string(),
    lines: z.array(z.object({ orderLineId: uuid, quantity: z.number().int().positive() })).nullable(),
    itemsAmount: amount,
    deliveryRefundAmount: amount,
    refundDueBy: z.string(),
  }),

  // Refunds and payouts
  'refund.requested': published('refund', 'A refund is due; `retry: true` when staff retried a failed one.', {
    ...refundMoney,
    compensationId: uuid.nullish(),
    returnId: uuid.nullish(),
    retry: z.boolean().optional(),
  }),
  'refund.processing': audit('refund', 'A refund attempt started.', { refundId: id, rail, attemptNo: z.number().int() }),
  'refund.accepted': audit('refund', "A refund's rail accepted it.", { refundId: id, rail }),
  'refund.retry_scheduled': audit('refund', 'A refund attempt failed and will be retried.', { refundId: id, rail, attemptNo: z.number().int(), inSeconds: z.number() }),
  'refund.succeeded': published('refund', 'A refund moved money.', refundFacts, { providerReference: z.string().nullish() }),
  'refund.failed': published('refund', 'A refund failed (refused by its rail, or no answer after the last retry); staff must act.', refundFacts, {
    /** The provider's message and code, for staff only. */
    message: z.string().nullish(),
    code: z.string().nullish(),
  }),
  'refund.retried': audit('refund', 'Staff retried a failed refund.', { refundId: id, rail }),
  'refund.recorded': audit('refund', 'A refund made in the shop was recorded.', { refundId: id, amount, currency, source: z.string() }),
  'refund.provider_mismatch': audit('refund', "A refund's provider state disagrees with the ledger.", { refundId: id, ledger: z.string(), provider: z.string().nullable() }),
  'payout.queued': audit('payout', 'A bank-transfer refund joined a payout batch.', { refundId: id, batchId: id, payoutItemId: id, amount, currency }),
  'payout_batch.exported': audit('payout_batch', 'A SEPA credit transfer batch was exported.', { batchId: id, count, total: amount, currency }),
  'payout_batch.paid': internal('payout_batch', 'The finance user marked a SEPA credit transfer batch paid: the bank ran it; its bank-transfer refunds settle.', {
    batchId: uuid,
    refundIds: z.array(uuid),
    total: amount.nullish(),
    currency: currency.optional(),
  }),

  // Reports, privacy, settings
  'report.exported': audit('report', 'A report was exported.', { report: z.string(), rows: count }),
  'report_schedule.created': audit('report_schedule', 'A scheduled report email was added.', { ...reportSchedule, report: z.string(), recipients: count }),
  'report_schedule.updated': audit('report_schedule', 'A scheduled report email was changed.', { ...reportSchedule, report: z.string(), changed: z.array(z.string()) }),
  'report_schedule.deleted': audit('report_schedule', 'A scheduled report email was deleted.', { ...reportSchedule, report: z.string() }),
  'reports.refreshed': audit('reports', 'Reports were recomputed.', { from: z.string(), to: z.string() }),
  'privacy.erased': audit('privacy', "A customer's data was erased.", { subjectHash: z.string(), counts: z.record(z.string(), z.unknown()) }),
  'privacy.exported': audit('privacy', "A customer's data was exported.", { subjectHash: z.string(), counts: z.record(z.string(), z.unknown()) }),
  'privacy.purged': audit('privacy', 'Data past its retention was purged.', { counts: z.record(z.string(), z.unknown()) }),
  'settings.changed': audit('settings', 'A setting changed.', { key: z.string(), before: z.unknown(), after: z.unknown() }),
  'settings.secret_changed': audit('settings', 'A carrier secret changed.', { key: z.string(), carrier: z.string(), field: z.string(), how: z.string() }),

  // Staff accounts and sign-in
  'staff.invited': audit('staff', 'A staff member was invited.', { ...staffTarget, role: z.string(), inviteId: id, expiresAt: z.string() }),
  'staff.invite_resent': audit('staff', 'An invitation was sent again.', { ...staffTarget, inviteId: id, expiresAt: z.string() }),
  'staff.invite_accepted': audit('staff', 'An invitation was accepted.', { inviteId: id }),
  'staff.role_changed': audit('staff', "A staff member's role changed.", { ...staffTarget, from: z.string(), to: z.string() }),
  'staff.routing_changed': audit('staff', "A staff member's routing changed.", { ...staffTarget, before: z.looseObject({}), after: z.looseObject({ languages: z.array(z.string()), capacity: count.nullable() }) }),
  'staff.disabled': audit('staff', 'A staff account was disabled.', { ...staffTarget, sessionsEnded: count }),
  'staff.enabled': audit('staff', 'A staff account was enabled.', { ...staffTarget }),
  'staff.two_factor_reset': audit('staff', "A staff member's two-factor sign-in was reset.", { ...staffTarget, sessionsEnded: count }),
  'staff.logged_in': audit('staff', 'A staff member signed in.', {}),
  'staff.login_failed': audit('staff', 'A sign-in failed.', { staffId: optionalId }),
  'staff.login_attack_noticed': audit('staff', 'Many failed sign-ins were noticed.', { ...staffTarget, failures: count }),
  'staff.logged_out_everywhere': audit('staff', 'A staff member signed out everywhere.', { sessions: count }),
  'staff.two_factor_enabled': audit('staff', 'Two-factor sign-in was turned on.', {}),
  'staff.two_factor_failed': audit('staff', 'A two-factor code was wrong.', {}),
  'staff.two_factor_verified': audit('staff', 'A two-factor code was accepted.', { recoveryCode: z.boolean() }),

  // Teams of the staff desk (lib/teams)
  'team.created': audit('team', 'A team was created.', { teamId: uuid, name: z.string() }),
  'team.renamed': audit('team', 'A team was renamed.', { teamId: uuid, from: z.string(), to: z.string() }),
  'team.deleted': audit('team', 'A team was deleted.', { teamId: uuid, name: z.string(), openCasesCleared: count }),
  'team.members_changed': audit('team', "A team's members changed.", { teamId: uuid, added: z.array(z.string()), removed: z.array(z.string()) }),

  // Webhook endpoints
  'webhook_endpoint.created': audit('webhook_endpoint', 'A webhook endpoint was added.', { ...webhookEndpoint, url: z.string(), events: z.array(z.string()) }),
  'webhook_endpoint.updated': audit('webhook_endpoint', 'A webhook endpoint was changed.', { ...webhookEndpoint, changed: z.array(z.string()) }),
  'webhook_endpoint.deleted': audit('webhook_endpoint', 'A webhook endpoint was deleted.', { ...webhookEndpoint, url: z.string() }),
  'webhook_endpoint.disabled': audit('webhook_endpoint', 'A failing webhook endpoint was disabled.', { ...webhookEndpoint, url: z.string(), reason: z.string() }),
  'webhook_endpoint.secret_rotated': audit('webhook_endpoint', "A webhook endpoint's secret was rotated.", { ...webhookEndpoint, previousSecretExpiresAt: z.string() }),
  'webhook_endpoint.test_sent': audit('webhook_endpoint', 'A test webhook was sent.', { ...webhookEndpoint, deliveryId: id }),
  'webhook_delivery.resent': audit('webhook_delivery', 'A webhook delivery was sent again.', { ...webhookEndpoint, deliveryId: id }),
} as const;

type Catalog = typeof EVENT_CATALOG;
export type EventType = keyof Catalog;
/** What a writer passes as `data` for `T` (extra keys allowed). */
export type EventData<T extends EventType> = z.input<Catalog[T]['data']>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

/** Types merchants may subscribe to (webhooks, `GET /api/v1/events`, the OpenAPI `webhooks`). */
export type PublicEventType = { [T in EventType]: Catalog[T]['audience'] extends 'public' ? T : never }[EventType];
/** Types of the log the worker's subscribers read (public and internal; never audit). */
export type LogEventType = { [T in EventType]: Catalog[T]['audience'] extends 'audit' ? never : T }[EventType];

export const PUBLIC_EVENT_TYPES = EVENT_TYPES.filter((type): type is PublicEventType => EVENT_CATALOG[type].audience === 'public');

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_CATALOG, value);
}

export function isPublicEventType(value: string): value is PublicEventType {
  return isEventType(value) && EVENT_CATALOG[value].audience === 'public';
}

/** The zod schema of what merchants see of a public type's data (the OpenAPI document is generated from it). */
export function publicDataSchema(type: PublicEventType) {
  return EVENT_CATALOG[type].publicData;
}

/**
 * What merchants see of a row's data: only the keys its type publishes (`publicData`), as stored; the staff-only
 * facts of the same row stay behind. Not parsed: a row written as given in production (see record-event.ts)
 * still shows its public keys.
 */
export function publicDataOf(type: PublicEventType, data: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(EVENT_CATALOG[type].publicData.shape);
  return Object.fromEntries(keys.filter((key) => Object.hasOwn(data, key)).map((key) => [key, data[key]]));
}

/**
 * A type name checked by the compiler, for the one set-based writer that cannot call recordEvents row by row: the
 * delay sweep (lib/delays/sweep-delays.ts) opens and closes thousands of incidents in one statement. Its rows are
 * checked against the schemas by lib/delays/events.test.ts instead.
 */
export function auditType<T extends EventType>(type: T): T {
  return type;
}
