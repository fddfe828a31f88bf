import { z } from 'zod';

/**
 * The typed domain-event union: one zod schema per event type. `data` carries the ids of what changed and
 * the facts a subscriber needs without reading back; a webhook's body is built from the resource's API DTO
 * (lib/webhooks), not from this.
 *
 * `public: true` types are what merchants can subscribe to (webhooks, `GET /api/v1/events`) and what the
 * OpenAPI document lists under `webhooks`; the others are internal audit events (staff sign-ins, settings).
 * Extra keys in `data` are kept (looseObject), so an event can carry more facts without a new type.
 */
const uuid = z.uuid();
const money = { amount: z.number().int(), currency: z.string().length(3) };

function event<A extends string, S extends z.ZodRawShape>(aggregate: A, isPublic: boolean, description: string, shape: S) {
  return { aggregate, public: isPublic, description, data: z.looseObject(shape) };
}

export const EVENT_CATALOG = {
  'order.upserted': event('order', true, 'An order was created or updated through the API or a platform.', { orderId: uuid }),
  'shipment.created': event('shipment', true, 'A parcel (outbound or return) was added to an order.', {
    shipmentId: uuid,
    orderId: uuid,
  }),
  'shipment.status_changed': event('shipment', true, "A parcel's normalized status changed.", {
    shipmentId: uuid,
    orderId: uuid,
    from: z.string().nullable(),
    to: z.string(),
  }),
  'shipment.delivered': event('shipment', true, 'A parcel was delivered (or picked up).', { shipmentId: uuid, orderId: uuid }),
  'delay.detected': event('delay', true, 'A parcel was found late (a delay incident opened); no shipmentId when the order was not dispatched in time.', {
    incidentId: uuid,
    shipmentId: uuid.nullable(),
    orderId: uuid,
    kind: z.string(),
  }),
  'delay.notice_sent': event('delay', true, 'The customer was told about a delay.', {
    noticeId: uuid,
    incidentId: uuid,
    orderId: uuid,
  }),
  'delay.remedy_chosen': event('delay', true, 'The customer chose a remedy offered in a delay notice.', {
    incidentId: uuid,
    orderId: uuid,
    remedy: z.string(),
  }),
  'return.requested': event('return', true, 'A customer or agent started a return.', { returnId: uuid, orderId: uuid }),
  'return.approved': event('return', true, 'A return was approved.', { returnId: uuid, orderId: uuid }),
  'return.rejected': event('return', true, 'A return was rejected.', { returnId: uuid, orderId: uuid }),
  'return.label_issued': event('return', true, 'A return label or printerless code was issued.', {
    returnId: uuid,
    orderId: uuid,
  }),
  'return.in_transit': event('return', true, 'The return parcel was handed to the carrier.', { returnId: uuid, orderId: uuid }),
  'return.received': event('return', true, 'The returned items arrived at the warehouse.', { returnId: uuid, orderId: uuid }),
  'return.inspected': event('return', true, 'The returned items were graded.', { returnId: uuid, orderId: uuid }),
  'return.completed': event('return', true, 'The return was settled (refund, credit or exchange).', {
    returnId: uuid,
    orderId: uuid,
  }),
  'return.canceled': event('return', true, 'The return was canceled.', { returnId: uuid, orderId: uuid }),
  'exchange.created': event('exchange', true, 'An exchange must ship: what to ship and to whom. `shipNow: true` when the customer chose to get the new item before the return arrives (emitted at request time).', {
    returnId: uuid,
    orderId: uuid,
    /** The outbound parcel created for it (its tracking number is given when the shop ships it). */
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
  'refund.requested': event('refund', true, 'A refund is due.', { refundId: uuid, orderId: uuid, ...money }),
  'refund.succeeded': event('refund', true, 'A refund moved money.', { refundId: uuid, orderId: uuid, ...money }),
  'refund.failed': event('refund', true, 'A refund failed (refused by its rail, or no answer after the last retry); staff must act.', {
    refundId: uuid,
    orderId: uuid,
    ...money,
    /** The provider's message, as staff see it. */
    message: z.string().optional(),
  }),
  'store_credit.issued': event('compensation', true, 'Store credit was issued.', { compensationId: uuid, orderId: uuid, ...money }),
  'payout_batch.paid': event('payout_batch', false, 'The finance user marked a SEPA credit transfer batch paid: the bank ran it; its bank-transfer refunds settle.', {
    batchId: uuid,
    refundIds: z.array(uuid),
  }),
  'store_credit.redeemed': event('store_credit', true, 'Store credit was spent (POST /api/v1/store-credits/{code}/redeem); `balance` is what is left.', {
    storeCreditId: uuid,
    code: z.string(),
    ...money,
    balance: z.number().int().min(0),
    orderNumber: z.string().nullable(),
  }),
  'compensation.issued': event('compensation', true, 'A compensation (discount, gift card, reship…) was issued.', {
    compensationId: uuid,
    orderId: uuid,
  }),
  'claim.created': event('claim', true, 'A claim (damaged, wrong or missing item, not received) was filed.', {
    claimId: uuid,
    orderId: uuid,
  }),
  'withdrawal.received': event('withdrawal', true, 'An EU withdrawal notice was received.', {
    withdrawalId: uuid,
    orderId: uuid,
  }),
  'case.opened': event('case', true, 'A support case was opened.', { caseId: uuid }),
  'case.resolved': event('case', true, 'A support case was resolved.', { caseId: uuid }),
  'case.updated': event('case', false, "A support case's status, priority, tags or assignee changed; `source: 'automation'` when a rule did it (rules ignore those: no loops).", {
    caseId: uuid,
    source: z.enum(['staff', 'automation']),
  }),
  'case.customer_replied': event('case', false, 'The customer wrote on a support case (reply link or email).', { caseId: uuid, messageId: uuid }),
  'csat.answered': event('case', true, 'A customer answered the satisfaction survey.', { caseId: uuid, score: z.number().int() }),
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]['data']>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];
export const PUBLIC_EVENT_TYPES = EVENT_TYPES.filter((type) => EVENT_CATALOG[type].public);

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_CATALOG, value);
}

/** One event as written: its type and data, checked against the type's schema by the writer. */
export type DomainEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];
