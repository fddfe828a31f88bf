import { appOrigin } from '@/lib/core/url';
import { z } from 'zod';
import { API_SCOPES } from '@/lib/api-keys/schemas';
import { skuParamsSchema, upsertVariantSchema, variantSchema } from '@/lib/catalog/schemas';
import { errorStatus } from '@/lib/errors';
import { apiEventSchema, eventListSchema, listEventsQuerySchema } from './events-schemas';
import { apiOrderDtoSchema } from '@/lib/orders/api-dto';
import { apiAddressSchema, apiOrderLineSchema, countrySchema, currencySchema, orderNumberParamsSchema, upsertOrderSchema } from '@/lib/orders/schemas';
import { apiReturnDtoSchema, listReturnsQuerySchema, returnListSchema, returnStatusSchema, rmaParamsSchema } from '@/lib/returns/api-schemas';
import { carrierIdSchema, createShipmentResponseSchema, createShipmentSchema, pickupPointSchema } from '@/lib/shipments/schemas';
import { createTrackingLinkSchema, trackingLinkResponseSchema } from '@/lib/tracking-links/api-schemas';
import {
  apiTrackingEventSchema,
  exceptionSubStatusSchema,
  ingestResultSchema,
  MAX_EVENTS_PER_BATCH,
  shipmentStatusSchema,
  trackingEventsBatchSchema,
} from '@/lib/tracking/ingest-schemas';
import { EVENT_CATALOG, PUBLIC_EVENT_TYPES, publicDataSchema } from '@/lib/core/events/catalog';
import { RETRY_SCHEDULE_SECONDS } from '@/lib/webhooks/dispatch-webhooks';
import { resourceOf, webhookDataSchema, webhookShipmentSchema } from '@/lib/webhooks/resources';
import {
  createWebhookEndpointSchema,
  updateWebhookEndpointSchema,
  webhookEndpointCreatedSchema,
  webhookEndpointDtoSchema,
  webhookEndpointListSchema,
  webhookSecretSchema,
  webhookTestSentSchema,
} from '@/lib/webhooks/schemas';
import { endpointParamsSchema } from '@/lib/webhooks/api';
import { MAX_BODY_BYTES } from './read-body';
import { redeemStoreCreditSchema, storeCreditBalanceSchema, storeCreditCodeParamsSchema } from '@/lib/store-credits/schemas';

type JsonSchema = Record<string, unknown>;

// ---- The error shape: every answer that is not 2xx (405 included). ----

/** Codes of the error shape: the domain's (lib/errors.ts), the API's own 405, and `internal` (500, a bug). */
export const API_ERROR_CODES = [...(Object.keys(errorStatus) as Array<keyof typeof errorStatus>), 'method_not_allowed', 'internal'] as const;

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES).describe('Stable, machine-readable; the HTTP status follows from it'),
    message: z.string().describe('English, for the developer; not for end users'),
    details: z
      .object({
        fields: z.record(z.string(), z.array(z.string())).optional().describe('invalid_input / invalid_state: dot-separated path (`lines.0.quantity`) → messages'),
        reason: z.string().optional().describe('invalid_state / conflict / not_found: why it was refused (`currency_mismatch`, `insufficient_balance` …), with the facts that go with it'),
        scope: z.string().optional().describe('forbidden: the scope the API key lacks'),
      })
      .loose()
      .optional(),
  }),
});

// ---- Named component schemas: generated clients get named types. ----

type Component = { id: string; schema: z.ZodType; description: string };

/** Request bodies and their parts (JSON Schema of what the API accepts). */
const inputComponents: Component[] = [
  { id: 'OrderInput', schema: upsertOrderSchema, description: 'An order to create or replace (PUT semantics).' },
  { id: 'OrderLineInput', schema: apiOrderLineSchema, description: 'One line of an order; SKUs are unique within the order.' },
  { id: 'AddressInput', schema: apiAddressSchema, description: 'A shipping address.' },
  { id: 'ShipmentInput', schema: createShipmentSchema, description: 'A parcel of an order.' },
  { id: 'PickupPointInput', schema: pickupPointSchema, description: 'Where the customer collects the parcel.' },
  { id: 'TrackingEventBatch', schema: trackingEventsBatchSchema, description: `Carrier events, at most ${MAX_EVENTS_PER_BATCH}.` },
  { id: 'TrackingEventInput', schema: apiTrackingEventSchema, description: 'One carrier event: a normalized `status`, or only the carrier `code`.' },
  { id: 'TrackingLinkInput', schema: createTrackingLinkSchema, description: 'Options of a new tracking link.' },
  { id: 'VariantInput', schema: upsertVariantSchema, description: 'A catalogue variant to create or replace.' },
  { id: 'WebhookEndpointInput', schema: createWebhookEndpointSchema, description: 'A new webhook endpoint: an https URL and the event types it receives.' },
  { id: 'WebhookEndpointPatch', schema: updateWebhookEndpointSchema, description: 'Changes to a webhook endpoint; `enabled: true` re-enables one that was disabled.' },
  { id: 'StoreCreditRedemptionInput', schema: redeemStoreCreditSchema, description: 'What to take off a store credit.' },
  { id: 'Currency', schema: currencySchema, description: 'ISO 4217 currency in use (test, fund and metal codes such as XXX, XTS, XAU are refused).' },
  { id: 'Country', schema: countrySchema, description: 'ISO 3166-1 alpha-2, officially assigned, plus XK (Kosovo).' },
  { id: 'Carrier', schema: carrierIdSchema, description: 'A supported carrier.' },
  { id: 'ShipmentStatus', schema: shipmentStatusSchema, description: 'Normalized parcel status.' },
  { id: 'ExceptionSubStatus', schema: exceptionSubStatusSchema, description: 'Why a parcel is in `exception`.' },
];

const orderShipment = apiOrderDtoSchema.shape.shipments.element;
/** Response bodies and their parts (JSON Schema of what the API returns). */
const outputComponents: Component[] = [
  { id: 'Order', schema: apiOrderDtoSchema, description: 'An order with its lines (counters), shipments (status, dates) and returns.' },
  { id: 'OrderLine', schema: apiOrderDtoSchema.shape.lines.element, description: 'A line with its fulfilment and return counters.' },
  { id: 'Address', schema: apiOrderDtoSchema.shape.shippingAddress, description: 'The shipping address.' },
  { id: 'Shipment', schema: orderShipment, description: 'A parcel of the order with its derived status and dates.' },
  { id: 'ShipmentLine', schema: orderShipment.shape.lines.element, description: 'Units of one SKU in the parcel.' },
  { id: 'PickupPoint', schema: pickupPointSchema, description: 'Where the customer collects the parcel.' },
  { id: 'OrderReturn', schema: apiOrderDtoSchema.shape.returns.element, description: 'A return of the order, in short; `GET /api/v1/returns/{rma}` has all of it.' },
  { id: 'ShipmentCreated', schema: createShipmentResponseSchema, description: 'The new parcel and its carrier tracking page.' },
  { id: 'IngestResult', schema: ingestResultSchema, description: 'What happened to a batch of events.' },
  { id: 'TrackingLink', schema: trackingLinkResponseSchema, description: 'A link for the customer email; the token is shown only here.' },
  { id: 'Variant', schema: variantSchema, description: 'A catalogue variant (stock for exchanges).' },
  { id: 'Return', schema: apiReturnDtoSchema, description: 'A return (RMA) with its items and milestones.' },
  { id: 'ReturnItem', schema: apiReturnDtoSchema.shape.items.element, description: 'One returned line.' },
  { id: 'ReturnList', schema: returnListSchema, description: 'A page of returns, oldest change first.' },
  { id: 'ReturnStatus', schema: returnStatusSchema, description: 'Where a return is in its flow.' },
  { id: 'Carrier', schema: carrierIdSchema, description: 'A supported carrier.' },
  { id: 'ShipmentStatus', schema: shipmentStatusSchema, description: 'Normalized parcel status.' },
  { id: 'ExceptionSubStatus', schema: exceptionSubStatusSchema, description: 'Why a parcel is in `exception`.' },
  { id: 'Event', schema: apiEventSchema, description: 'Something that happened: its id, type, time and the resource as its GET returns it (or the facts of the change).' },
  { id: 'EventList', schema: eventListSchema, description: 'A page of events in commit order.' },
  { id: 'WebhookEndpoint', schema: webhookEndpointDtoSchema, description: 'A webhook endpoint (its secret is never shown again).' },
  { id: 'WebhookEndpointList', schema: webhookEndpointListSchema, description: "This API key's webhook endpoints." },
  { id: 'WebhookEndpointCreated', schema: webhookEndpointCreatedSchema, description: 'The new endpoint and its signing secret, shown only here.' },
  { id: 'WebhookSecret', schema: webhookSecretSchema, description: 'A rotated signing secret, shown only here.' },
  { id: 'WebhookTestSent', schema: webhookTestSentSchema, description: 'A `webhook.test` message queued for the endpoint.' },
  { id: 'WebhookShipment', schema: webhookShipmentSchema, description: "A parcel as the order's `shipments` show it, with its order number." },
  { id: 'StoreCreditBalance', schema: storeCreditBalanceSchema, description: 'A store credit: issued, spent and left, in minor units.' },
  { id: 'Error', schema: apiErrorSchema, description: 'The shape of every answer that is not 2xx.' },
];

const refTo = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** One io side: its components as JSON Schema, with `$ref`s between them. */
function convert(components: Component[], io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const c of components) registry.add(c.schema, { id: c.id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, unrepresentable: 'any', uri: (id) => refTo(id).$ref }) as { schemas: Record<string, JsonSchema> };
  const out: Record<string, JsonSchema> = {};
  for (const c of components) {
    const { $schema: _schema, $id: _id, ...rest } = schemas[c.id]!;
    out[c.id] = { ...rest, description: c.description };
  }
  return out;
}

let cachedComponents: { schemas: Record<string, JsonSchema>; ids: Map<z.ZodType, { input?: string; output?: string }> } | undefined;

/** All named schemas (input and output merged; a name on both sides must mean the same JSON Schema). */
function componentSchemas() {
  if (cachedComponents) return cachedComponents;
  const schemas: Record<string, JsonSchema> = {};
  const ids = new Map<z.ZodType, { input?: string; output?: string }>();
  for (const [io, list] of [
    ['input', inputComponents],
    ['output', outputComponents],
  ] as const) {
    for (const [id, json] of Object.entries(convert(list, io))) {
      if (schemas[id] && JSON.stringify(schemas[id]) !== JSON.stringify(json)) throw new Error(`OpenAPI: component ${id} differs between request and response`);
      schemas[id] = json;
    }
    for (const c of list) ids.set(c.schema, { ...ids.get(c.schema), [io]: c.id });
  }
  cachedComponents = { schemas, ids };
  return cachedComponents;
}

/** A `$ref` to the named component of this schema; every body and response schema must have one. */
function schemaRef(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const id = componentSchemas().ids.get(schema)?.[io];
  if (!id) throw new Error(`OpenAPI: the ${io} schema of an operation has no component name; add it to ${io}Components`);
  return refTo(id);
}

/** Path and query parameters stay inline (they are not types of their own). */
function inlineSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', metadata: z.registry() }) as JsonSchema;
  return rest;
}

// ---- Operations ----

const ERROR_STATUS: Record<number, string> = {
  400: 'Not JSON, wrong Content-Type, or a malformed Idempotency-Key (`bad_request`)',
  401: 'Missing, invalid or revoked API key (`unauthorized`, with `WWW-Authenticate: Bearer`)',
  403: 'The API key lacks the scope (`forbidden`)',
  404: 'Not found (`not_found`)',
  409: 'Conflict (`conflict`): already exists, or a request with the same Idempotency-Key is still running',
  413: `Body larger than ${MAX_BODY_BYTES} bytes (\`payload_too_large\`)`,
  422: 'Validation failed (`invalid_input`, field details in `details.fields`), the state forbids it (`invalid_state`), or the Idempotency-Key was used with another body (`idempotency_mismatch`)',
  429: 'Rate limit per API key exceeded (`rate_limited`); see `Retry-After`',
};

export const TAGS = [
  { name: 'Orders', description: 'Orders pushed from the shop; the customer looks them up by number and email or postal code.' },
  { name: 'Shipments', description: 'Parcels of an order; their status is derived from carrier events.' },
  { name: 'Tracking', description: 'Carrier events sent by the merchant system (carriers with push send theirs to /api/webhooks/carriers/{carrier}).' },
  { name: 'Tracking links', description: 'Signed links for customer emails that open the order without a lookup.' },
  { name: 'Catalogue', description: 'Variants and stock, for exchanges.' },
  { name: 'Returns', description: "Returns for the merchant's back office." },
  { name: 'Events', description: 'What happened (returns approved, refunds, exchanges to ship, withdrawals…), for systems that poll instead of receiving webhooks.' },
  { name: 'Webhooks', description: 'Endpoints that receive signed event messages (Standard Webhooks); the messages are listed under `webhooks`.' },
  { name: 'Store credit', description: 'Balances of store-credit codes issued here, and spending them at the checkout.' },
  { name: 'Meta', description: 'This description.' },
] as const;
type Tag = (typeof TAGS)[number]['name'];

export type Operation = {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description: string;
  scope?: (typeof API_SCOPES)[number];
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request body; its schema must be one of the named input components. */
  body?: z.ZodType;
  bodyOptional?: boolean;
  /** Success answers: `schema` is a named output component; neither `schema` nor `json` for an answer without a body (204). */
  responses: Record<number, { description: string; schema?: z.ZodType; json?: JsonSchema }>;
  errors: number[];
};

const orderPath = '/api/v1/orders/{orderNumber}';

/** Every operation of the merchant API. A route file's methods and this list are checked against each other (app/api/v1/methods.test.ts). */
export const operations: Operation[] = [
  {
    method: 'put',
    path: orderPath,
    operationId: 'upsertOrder',
    tag: 'Orders',
    summary: 'Create or replace an order',
    description:
      'Creates the order (201) or replaces it (200); the answer is the order as `GET` returns it. Lines are matched by SKU; a line with fulfilled, returned or written-off units cannot be removed or shrink below them (422 `invalid_state`). `capturedAmount` may not exceed the lines plus `shippingAmount`, nor (on a replace) fall below what was already refunded. With `updatedAt`, an update not newer than the last applied one changes nothing and answers 200 with the current order.',
    scope: 'orders:write',
    params: orderNumberParamsSchema,
    body: upsertOrderSchema,
    responses: { 200: { description: 'Replaced (or a stale update ignored)', schema: apiOrderDtoSchema }, 201: { description: 'Created', schema: apiOrderDtoSchema } },
    errors: [400, 401, 403, 409, 413, 422, 429],
  },
  {
    method: 'get',
    path: orderPath,
    operationId: 'getOrder',
    tag: 'Orders',
    summary: 'Read an order',
    description: 'The order with its lines (and their fulfilment and return counters), its shipments (status and dates) and its returns. The order number matches case-insensitively.',
    scope: 'orders:read',
    params: orderNumberParamsSchema,
    responses: { 200: { description: 'The order', schema: apiOrderDtoSchema } },
    errors: [401, 403, 404, 422, 429],
  },
  {
    method: 'post',
    path: `${orderPath}/shipments`,
    operationId: 'createShipment',
    tag: 'Shipments',
    summary: 'Record a parcel of the order',
    description:
      'The tracking number is normalized (case, spaces, dashes and brackets ignored) and names one parcel per carrier: a second shipment with it answers 409 `conflict`. Lines must exist on the order (422 `invalid_input`) and not exceed the unfulfilled quantity (422 `invalid_state`), except the SKUs of a parcel awaiting the shop: an exchange\'s new item (announced by `exchange.created`, whose SKU need not be an order line) or a reshipped item. A shipment carrying such a SKU fills that parcel in (the response\'s `id` is the `shipmentId` of `exchange.created` / `compensation.issued`) instead of adding one. Events already received for the tracking number are attached, and the "shipped" email (for an exchange: "your new item is on its way") is queued.',
    scope: 'shipments:write',
    params: orderNumberParamsSchema,
    body: createShipmentSchema,
    responses: { 201: { description: 'Created', schema: createShipmentResponseSchema } },
    errors: [400, 401, 403, 404, 409, 413, 422, 429],
  },
  {
    method: 'post',
    path: '/api/v1/tracking-events',
    operationId: 'postTrackingEvents',
    tag: 'Tracking',
    summary: `Send carrier events (at most ${MAX_EVENTS_PER_BATCH} per request)`,
    description:
      'Each event gives a normalized `status` or only the carrier `code`. Tracking numbers are normalized like shipments\'. Duplicates (same eventId, or same parcel, time and code) are counted, not stored twice; events for unknown parcels are kept and matched when the shipment is created. A parcel\'s status is derived from all its events ordered by time, so late or repeated events never move it backwards.',
    scope: 'events:write',
    body: trackingEventsBatchSchema,
    responses: { 200: { description: 'Stored', schema: ingestResultSchema } },
    errors: [400, 401, 403, 409, 413, 422, 429],
  },
  {
    method: 'post',
    path: `${orderPath}/tracking-links`,
    operationId: 'createTrackingLink',
    tag: 'Tracking links',
    summary: 'Mint a tracking link for the customer email',
    description: 'A signed link that opens the order for the customer without a lookup, until `expiresAt`. Only a hash of the token is stored, so the URL is shown only in this answer.',
    scope: 'links:write',
    params: orderNumberParamsSchema,
    body: createTrackingLinkSchema,
    bodyOptional: true,
    responses: { 201: { description: 'Created', schema: trackingLinkResponseSchema } },
    errors: [400, 401, 403, 404, 409, 413, 422, 429],
  },
  {
    method: 'delete',
    path: `${orderPath}/tracking-links`,
    operationId: 'revokeTrackingLinks',
    tag: 'Tracking links',
    summary: 'Revoke every tracking link of the order',
    description: 'For a link sent to the wrong person: the next request through any link of the order is refused (the link-expired page). Idempotent.',
    scope: 'links:write',
    params: orderNumberParamsSchema,
    responses: { 204: { description: 'Revoked (no body)' } },
    errors: [401, 403, 404, 422, 429],
  },
  {
    method: 'put',
    path: '/api/v1/variants/{sku}',
    operationId: 'upsertVariant',
    tag: 'Catalogue',
    summary: 'Create or replace a catalogue variant',
    description: 'Exchanges offer variants of the same `productKey` that have stock. Creates (201) or replaces (200) the variant with this SKU.',
    scope: 'catalog:write',
    params: skuParamsSchema,
    body: upsertVariantSchema,
    responses: { 200: { description: 'Replaced', schema: variantSchema }, 201: { description: 'Created', schema: variantSchema } },
    errors: [400, 401, 403, 409, 413, 422, 429],
  },
  {
    method: 'get',
    path: '/api/v1/returns',
    operationId: 'listReturns',
    tag: 'Returns',
    summary: 'List returns',
    description: 'Returns ordered by their last change, oldest first, with keyset pagination: pass `nextCursor` as `cursor` until it is null. Filter by `status` and `updatedSince` to sync a back office.',
    scope: 'returns:read',
    query: listReturnsQuerySchema,
    responses: { 200: { description: 'A page of returns', schema: returnListSchema } },
    errors: [401, 403, 422, 429],
  },
  {
    method: 'get',
    path: '/api/v1/returns/{rma}',
    operationId: 'getReturn',
    tag: 'Returns',
    summary: 'Read a return',
    description: 'One return by its RMA number, with its items, inspection results and milestones.',
    scope: 'returns:read',
    params: rmaParamsSchema,
    responses: { 200: { description: 'The return', schema: apiReturnDtoSchema } },
    errors: [401, 403, 404, 422, 429],
  },
  {
    method: 'get',
    path: '/api/v1/events',
    operationId: 'listEvents',
    tag: 'Events',
    summary: 'List events',
    description:
      'The public events of the last 30 days in commit order, with keyset pagination: pass `nextCursor` as `after`. `nextCursor` is also given on the last page, so polling with it returns only newer events; a page never skips an event that commits later. Filter with `types` (comma-separated, e.g. `return.approved,refund.succeeded`). `data` is what the webhook of the event carries: the resource as its GET returns it now for orders, returns, exchanges and shipments, otherwise the facts of the change. An unknown type or a malformed cursor is a 422.',
    scope: 'events:read',
    query: listEventsQuerySchema,
    responses: { 200: { description: 'A page of events', schema: eventListSchema } },
    errors: [401, 403, 422, 429],
  },
];


const endpointPath = '/api/v1/webhook-endpoints/{id}';
const webhookOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/webhook-endpoints',
    operationId: 'createWebhookEndpoint',
    tag: 'Webhooks',
    summary: 'Add a webhook endpoint',
    description:
      'The URL must be https and must not point into a private network (loopback, 10/8, 172.16/12, 192.168/16, link-local, unique-local, …; checked again on every send after DNS resolution). Redirects are not followed. The `secret` (`whsec_…`) is shown only in this answer: verify each message\'s `webhook-signature` with it. At most 20 endpoints per API key.',
    scope: 'webhooks:write',
    body: createWebhookEndpointSchema,
    responses: { 201: { description: 'Created', schema: webhookEndpointCreatedSchema } },
    errors: [400, 401, 403, 409, 413, 422, 429],
  },
  {
    method: 'get',
    path: '/api/v1/webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    tag: 'Webhooks',
    summary: "List this API key's webhook endpoints",
    description: 'Endpoints created with this API key (another key\'s are not shown), oldest first. Secrets are never shown.',
    scope: 'webhooks:write',
    responses: { 200: { description: 'The endpoints', schema: webhookEndpointListSchema } },
    errors: [401, 403, 429],
  },
  {
    method: 'get',
    path: endpointPath,
    operationId: 'getWebhookEndpoint',
    tag: 'Webhooks',
    summary: 'Read a webhook endpoint',
    description: 'One endpoint of this API key; any other id answers 404.',
    scope: 'webhooks:write',
    params: endpointParamsSchema,
    responses: { 200: { description: 'The endpoint', schema: webhookEndpointDtoSchema } },
    errors: [401, 403, 404, 422, 429],
  },
  {
    method: 'patch',
    path: endpointPath,
    operationId: 'updateWebhookEndpoint',
    tag: 'Webhooks',
    summary: 'Change a webhook endpoint',
    description: 'Change the URL, event types, description, or `enabled`. An endpoint that failed for 5 days is disabled; `enabled: true` turns it on again and the messages that waited are sent.',
    scope: 'webhooks:write',
    params: endpointParamsSchema,
    body: updateWebhookEndpointSchema,
    responses: { 200: { description: 'The endpoint', schema: webhookEndpointDtoSchema } },
    errors: [400, 401, 403, 404, 413, 422, 429],
  },
  {
    method: 'delete',
    path: endpointPath,
    operationId: 'deleteWebhookEndpoint',
    tag: 'Webhooks',
    summary: 'Delete a webhook endpoint',
    description: 'Nothing more is sent to it; its delivery log is removed.',
    scope: 'webhooks:write',
    params: endpointParamsSchema,
    responses: { 204: { description: 'Deleted (no body)' } },
    errors: [401, 403, 404, 422, 429],
  },
  {
    method: 'post',
    path: `${endpointPath}/rotate-secret`,
    operationId: 'rotateWebhookSecret',
    tag: 'Webhooks',
    summary: 'Rotate the signing secret',
    description: 'A new secret, shown only in this answer. For 24 hours every message carries two signatures (new and previous secret, space-separated), so the receiver can switch without losing a message.',
    scope: 'webhooks:write',
    params: endpointParamsSchema,
    responses: { 200: { description: 'The new secret', schema: webhookSecretSchema } },
    errors: [401, 403, 404, 409, 422, 429],
  },
  {
    method: 'post',
    path: `${endpointPath}/test`,
    operationId: 'sendTestWebhook',
    tag: 'Webhooks',
    summary: 'Send a test message',
    description: 'Queues a `webhook.test` message (`data`: `{endpointId, message}`), signed and retried like every other.',
    scope: 'webhooks:write',
    params: endpointParamsSchema,
    responses: { 202: { description: 'Queued', schema: webhookTestSentSchema } },
    errors: [401, 403, 404, 409, 422, 429],
  },
];

operations.push(...webhookOperations);

const storeCreditPath = '/api/v1/store-credits/{code}';
const storeCreditOperations: Operation[] = [
  {
    method: 'get',
    path: storeCreditPath,
    operationId: 'getStoreCredit',
    tag: 'Store credit',
    summary: 'Read the balance of a store credit',
    description: 'What is left of a store-credit code issued here (returns settled as store credit, goodwill). The code matches case-insensitively.',
    scope: 'store_credits:read',
    params: storeCreditCodeParamsSchema,
    responses: { 200: { description: 'The balance', schema: storeCreditBalanceSchema } },
    errors: [401, 403, 404, 422, 429],
  },
  {
    method: 'post',
    path: `${storeCreditPath}/redeem`,
    operationId: 'redeemStoreCredit',
    tag: 'Store credit',
    summary: 'Spend part of a store credit',
    description:
      'Takes `amount` off the balance in one step: parallel redemptions never take it below 0. Send an `Idempotency-Key` so a retry spends once. Unknown code: 404. Another currency (`details.reason: currency_mismatch`) or more than the balance (`details.reason: insufficient_balance`, `details.balance`): 422 `invalid_state`, and nothing is spent. Emits `store_credit.redeemed`.',
    scope: 'store_credits:write',
    params: storeCreditCodeParamsSchema,
    body: redeemStoreCreditSchema,
    responses: { 200: { description: 'Redeemed; the balance after it', schema: storeCreditBalanceSchema } },
    errors: [400, 401, 403, 404, 409, 413, 422, 429],
  },
];
operations.push(...storeCreditOperations);

/** The document itself: public, no key. */
const openApiOperation: Operation = {
  method: 'get',
  path: '/api/v1/openapi.json',
  operationId: 'getOpenApi',
  tag: 'Meta',
  summary: 'This OpenAPI document',
  description: 'The OpenAPI 3.1 description of this API, generated from the schemas the routes validate with. No key needed.',
  responses: { 200: { description: 'OpenAPI 3.1', json: { type: 'object', required: ['openapi'], properties: { openapi: { type: 'string' } } } } },
  errors: [],
};

function parameters(op: Operation): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [location, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema) continue;
    const json = inlineSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property as JsonSchema & { description?: string };
      out.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  if (op.method === 'post') {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Same key and body within 24 h: the stored response is replayed (header `Idempotent-Replayed: true`). Other body: 422. Still running: 409.',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
  }
  return out;
}

function operationObject(op: Operation): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(op.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.schema || response.json ? { content: { 'application/json': { schema: response.schema ? schemaRef(response.schema, 'output') : response.json } } } : {}),
    };
  }
  for (const status of op.errors) {
    responses[String(status)] = {
      description: ERROR_STATUS[status],
      ...(status === 429 ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } } : {}),
      ...(status === 401 ? { headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Bearer realm="paluu-api"' } } } : {}),
      content: { 'application/json': { schema: schemaRef(apiErrorSchema, 'output') } },
    };
  }
  const params = parameters(op);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    ...(op.scope ? { security: [{ bearerAuth: [op.scope] }], 'x-required-scope': op.scope } : { security: [] }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: !op.bodyOptional, content: { 'application/json': { schema: schemaRef(op.body, 'input') } } } } : {}),
    responses,
  };
}


/** The `data` of one message type: a `$ref` to the API DTO, or the event's own data schema inline. */
function webhookDataJson(type: (typeof PUBLIC_EVENT_TYPES)[number]): JsonSchema {
  if (resourceOf(type)) return schemaRef(webhookDataSchema(type), 'output');
  const { $schema: _drop, ...rest } = z.toJSONSchema(publicDataSchema(type), { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const RETRY_TEXT = RETRY_SCHEDULE_SECONDS.map((s) => (s < 60 ? `${s} s` : s < 3600 ? `${s / 60} min` : `${s / 3600} h`)).join(', ');

/** OpenAPI 3.1 `webhooks`: one entry per public event type (lib/core/events/catalog.ts), from the same zod schemas. */
export function webhooksObject(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const type of PUBLIC_EVENT_TYPES) {
    out[type] = {
      post: {
        operationId: `webhook_${type.replace(/[^a-z]/g, '_')}`,
        tags: ['Webhooks'],
        summary: type,
        description: `${EVENT_CATALOG[type].description} Sent to each endpoint subscribed to \`${type}\`, signed per Standard Webhooks (headers \`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\`). Retried after ${RETRY_TEXT} until the endpoint answers 2xx within 15 s; every retry carries the same \`webhook-id\`.`,
        security: [],
        parameters: [
          { name: 'webhook-id', in: 'header', required: true, description: 'The event id: the same on every retry; dedupe on it.', schema: { type: 'string' } },
          { name: 'webhook-timestamp', in: 'header', required: true, description: 'Seconds since the epoch when this attempt was signed.', schema: { type: 'integer' } },
          { name: 'webhook-signature', in: 'header', required: true, description: '`v1,<base64 HMAC-SHA256>` of `id.timestamp.body`; two, space-separated, during a secret rotation.', schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['type', 'timestamp', 'data'],
                properties: { type: { type: 'string', const: type }, timestamp: { type: 'string', format: 'date-time' }, data: webhookDataJson(type) },
              },
            },
          },
        },
        responses: { '200': { description: 'Any 2xx within 15 s: delivered. Anything else (3xx included) is retried.' } },
      },
    };
  }
  return out;
}

/** The methods each path implements, upper case (what `Allow` lists and the route files export). */
export function documentedMethods(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const op of [...operations, openApiOperation]) out.set(op.path, [...(out.get(op.path) ?? []), op.method.toUpperCase()]);
  return out;
}

/** The OpenAPI 3.1 document of the merchant API, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(serverUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of [...operations, openApiOperation]) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Paluu Merchant API',
      version: '1.0.0',
      summary: 'Orders, shipments, tracking events, tracking links, catalogue and returns for a Paluu post-purchase portal.',
      description: [
        `Push orders, shipments, catalogue stock and tracking events; mint tracking links; read returns. JSON only, bodies up to ${MAX_BODY_BYTES} bytes.`,
        `Authenticate with \`Authorization: Bearer <key>\`; create keys with \`npm run apikey -- create --name NAME\`. Scopes: ${API_SCOPES.join(', ')}.`,
        'Every answer that is not 2xx has the body `{"error":{"code","message","details"?}}` (schema `Error`) — a method a path does not have included: 405 `method_not_allowed` with an `Allow` header. Every answer has `X-Request-Id`.',
        'The human-readable contract is docs/merchant-api.md in the Paluu repository; it and this document describe the same API.',
      ].join('\n\n'),
    },
    servers: [{ url: (serverUrl || appOrigin()).replace(/\/+$/, ''), description: 'This Paluu instance (APP_URL, else the address it listens on)' }],
    tags: TAGS.map((t) => ({ ...t })),
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearerAuth: [] }],
    paths,
    webhooks: webhooksObject(),
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key `pal_<prefix>_<secret>`' } },
      schemas: componentSchemas().schemas,
    },
  };
}
