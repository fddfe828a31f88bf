import { z } from 'zod';
import { API_SCOPES } from '@/lib/api-keys/schemas';
import { skuParamsSchema, upsertVariantSchema, variantSchema } from '@/lib/catalog/schemas';
import { apiOrderDtoSchema } from '@/lib/orders/api-dto';
import { orderNumberParamsSchema, upsertOrderSchema } from '@/lib/orders/schemas';
import { listReturnsQuerySchema, apiReturnDtoSchema, returnListSchema, rmaParamsSchema } from '@/lib/returns/api-schemas';
import { createShipmentResponseSchema, createShipmentSchema } from '@/lib/shipments/schemas';
import { createTrackingLinkSchema, trackingLinkResponseSchema } from '@/lib/tracking-links/api-schemas';
import { ingestResultSchema, MAX_EVENTS_PER_BATCH, trackingEventsBatchSchema } from '@/lib/tracking/ingest-schemas';
import { MAX_BODY_BYTES } from './read-body';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERROR_STATUS: Record<number, string> = {
  400: 'Not JSON, wrong Content-Type, or a malformed Idempotency-Key',
  401: 'Missing, invalid or revoked API key (`WWW-Authenticate: Bearer`)',
  403: 'The API key lacks the scope',
  404: 'Not found',
  409: 'Conflict: already exists, or a request with the same Idempotency-Key is still running',
  413: `Body larger than ${MAX_BODY_BYTES} bytes`,
  422: 'Validation failed (`invalid_input`, field details in `details.fields`), the state forbids it (`invalid_state`), or the Idempotency-Key was used with another body (`idempotency_mismatch`)',
  429: 'Rate limit per API key exceeded; see `Retry-After`',
};

type Operation = {
  method: 'get' | 'put' | 'post' | 'delete';
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  scope?: (typeof API_SCOPES)[number];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyOptional?: boolean;
  /** No schema: an empty answer (204). */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  errors: number[];
};

const orderPath = '/api/v1/orders/{orderNumber}';
const operations: Operation[] = [
  {
    method: 'put',
    path: orderPath,
    operationId: 'upsertOrder',
    summary: 'Create or replace an order',
    description: 'Lines are matched by SKU. A line with fulfilled or returned units cannot be removed or shrink below them (422 invalid_state).',
    scope: 'orders:write',
    params: orderNumberParamsSchema,
    body: upsertOrderSchema,
    responses: { 200: { description: 'Replaced', schema: apiOrderDtoSchema }, 201: { description: 'Created', schema: apiOrderDtoSchema } },
    errors: [400, 401, 403, 413, 422, 429],
  },
  {
    method: 'get',
    path: orderPath,
    operationId: 'getOrder',
    summary: 'An order with its lines (counters), shipments (status, dates) and returns',
    scope: 'orders:read',
    params: orderNumberParamsSchema,
    responses: { 200: { description: 'The order', schema: apiOrderDtoSchema } },
    errors: [401, 403, 404, 422, 429],
  },
  {
    method: 'post',
    path: `${orderPath}/shipments`,
    operationId: 'createShipment',
    summary: 'Record a parcel of the order',
    description: 'Lines must exist on the order and not exceed the unfulfilled quantity. Events already received for the tracking number are attached.',
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
    summary: `Carrier events, at most ${MAX_EVENTS_PER_BATCH} per request`,
    description:
      'Each event gives a normalized `status` or only the carrier `code`. Duplicates (same eventId, or same parcel, time and code) are ignored; events for unknown parcels are kept and matched when the shipment is created.',
    scope: 'events:write',
    body: trackingEventsBatchSchema,
    responses: { 200: { description: 'Stored', schema: ingestResultSchema } },
    errors: [400, 401, 403, 409, 413, 422, 429],
  },
  {
    method: 'post',
    path: `${orderPath}/tracking-links`,
    operationId: 'createTrackingLink',
    summary: 'Mint a tracking link for the customer email',
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
    summary: 'Create or replace a catalogue variant (stock for exchanges)',
    scope: 'catalog:write',
    params: skuParamsSchema,
    body: upsertVariantSchema,
    responses: { 200: { description: 'Replaced', schema: variantSchema }, 201: { description: 'Created', schema: variantSchema } },
    errors: [400, 401, 403, 413, 422, 429],
  },
  {
    method: 'get',
    path: '/api/v1/returns',
    operationId: 'listReturns',
    summary: 'Returns, oldest change first, paginated with a cursor',
    scope: 'returns:read',
    query: listReturnsQuerySchema,
    responses: { 200: { description: 'A page of returns', schema: returnListSchema } },
    errors: [401, 403, 422, 429],
  },
  {
    method: 'get',
    path: '/api/v1/returns/{rma}',
    operationId: 'getReturn',
    summary: 'One return by its RMA number',
    scope: 'returns:read',
    params: rmaParamsSchema,
    responses: { 200: { description: 'The return', schema: apiReturnDtoSchema } },
    errors: [401, 403, 404, 422, 429],
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.object({ openapi: z.string() }).loose() } },
    errors: [],
  },
];

function parameters(op: Operation): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [location, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
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

/** The OpenAPI 3.1 document of the merchant API, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(serverUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(op.responses)) {
      responses[status] = response.schema
        ? { description: response.description, content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } } }
        : { description: response.description };
    }
    for (const status of op.errors) {
      responses[String(status)] = {
        description: ERROR_STATUS[status],
        ...(status === 429 ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } } } : {}),
        ...(status === 401 ? { headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const params = parameters(op);
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.scope ? { security: [{ bearerAuth: [op.scope] }], 'x-required-scope': op.scope } : { security: [] }),
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(op.body
        ? { requestBody: { required: !op.bodyOptional, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Paluu Merchant API',
      version: '1.0.0',
      description: `Push orders, shipments, catalogue stock and tracking events; mint tracking links; read returns. JSON only, bodies up to ${MAX_BODY_BYTES} bytes. Create keys with \`npm run apikey -- create --name NAME\`. Scopes: ${API_SCOPES.join(', ')}.`,
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key `pal_<prefix>_<secret>`' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  enum: ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'invalid_input', 'invalid_state', 'idempotency_mismatch', 'rate_limited', 'unavailable'],
                },
                message: { type: 'string' },
                details: {
                  type: 'object',
                  properties: { fields: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'Path (dot-separated) → messages' } },
                },
              },
            },
          },
        },
      },
    },
  };
}
