import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getDb, type Db } from '@/db';
import { authenticateApiKey, type ApiPrincipal } from '@/lib/api-keys/authenticate-api-key';
import type { ApiScope } from '@/lib/api-keys/schemas';
import type { Actor } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { AppError } from '@/lib/errors';
import { checkLimit, hitLimit, type Limit } from '@/lib/rate-limit/rate-limit';
import { invalidInput, toApiResponse } from './errors';
import { claimIdempotencyKey, completeIdempotencyKey, requestHash, type StoredResponse } from './idempotency';
import { parseJsonBody, readBodyText } from './read-body';

/** Requests per key per minute (env API_RATE_LIMIT_PER_MINUTE, default 600). */
export function apiKeyLimit(): Limit {
  const max = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return { bucket: 'api_key', max: Number.isFinite(max) && max > 0 ? max : 600, windowSeconds: 60 };
}

export type ApiContext<P, Q, B> = {
  db: Db;
  request: Request;
  principal: ApiPrincipal;
  actor: Extract<Actor, { type: 'merchant_api' }>;
  params: P;
  query: Q;
  body: B;
};

export type ApiResult = { status: number; body: unknown; headers?: Record<string, string> };

type RouteOptions<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  scope: ApiScope;
  params?: P;
  query?: Q;
  /** JSON body schema (PUT/POST). An empty body is parsed as `{}` when `bodyOptional`. */
  body?: B;
  bodyOptional?: boolean;
};

const idempotencyKeySchema = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/);

function jsonResponse(result: StoredResponse, headers: Record<string, string> = {}): Response {
  // 204 No Content carries no body at all (a Response with a body and status 204 is an error).
  if (result.status === 204) return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store', ...headers } });
  return Response.json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/**
 * The merchant API's route wrapper: Bearer key → rate limit → scope → params/query → body (1 MB cap, JSON)
 * → Idempotency-Key (POST) → schema → handler. Every failure becomes the `{error:{code,message,details?}}` shape.
 */
export function apiRoute<P extends z.ZodType = z.ZodType<Record<string, never>>, Q extends z.ZodType = z.ZodType<Record<string, never>>, B extends z.ZodType = z.ZodType<undefined>>(
  options: RouteOptions<P, Q, B>,
  run: (ctx: ApiContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<ApiResult>,
) {
  return async (request: Request, routeContext?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    // Correlation id on every answer, so a merchant can quote it and we can find the log line.
    const requestId = randomUUID();
    const response = await handle(request, routeContext, requestId);
    response.headers.set('X-Request-Id', requestId);
    return response;
  };

  async function handle(request: Request, routeContext: { params?: Promise<Record<string, string | string[]>> } | undefined, requestId: string): Promise<Response> {
    let claimId: string | null = null;
    let db: Db | undefined;
    try {
      db = getDb();
      const authorization = request.headers.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new AppError('unauthorized', 'Send your API key as "Authorization: Bearer <key>".');
      const principal = await authenticateApiKey(db, match[1]!);
      if (!principal) throw new AppError('unauthorized', 'The API key is invalid or revoked.');

      const limit = apiKeyLimit();
      const count = await hitLimit(db, limit, principal.apiKeyId);
      if (count > limit.max) {
        const state = await checkLimit(db, limit, principal.apiKeyId);
        throw new AppError('rate_limited', `Rate limit of ${limit.max} requests per minute exceeded.`, { retryAfterSeconds: Math.max(1, state.retryAfterSeconds) });
      }
      authorize({ type: 'merchant_api', apiKeyId: principal.apiKeyId, scopes: principal.scopes }, `api:${options.scope}`);

      const rawParams = (await routeContext?.params) ?? {};
      const params = options.params ? options.params.safeParse(rawParams) : { success: true as const, data: {} };
      if (!params.success) throw invalidInput(params.error, 'The path is not valid.');
      const url = new URL(request.url);
      const query = options.query ? options.query.safeParse(Object.fromEntries(url.searchParams)) : { success: true as const, data: {} };
      if (!query.success) throw invalidInput(query.error, 'The query parameters are not valid.');

      const method = request.method.toUpperCase();
      let json: unknown = undefined;
      let raw = '';
      if (options.body) {
        raw = await readBodyText(request);
        json = parseJsonBody(request, raw);
        if (json === undefined) {
          if (!options.bodyOptional) throw new AppError('bad_request', 'A JSON body is required.');
          json = {};
        }
      }

      const idempotencyHeader = request.headers.get('idempotency-key');
      if (method === 'POST' && idempotencyHeader !== null) {
        const key = idempotencyKeySchema.safeParse(idempotencyHeader);
        if (!key.success) throw new AppError('bad_request', 'Idempotency-Key must be 1–200 visible ASCII characters.');
        const claim = await claimIdempotencyKey(db, {
          apiKeyId: principal.apiKeyId,
          key: key.data,
          method,
          path: url.pathname,
          hash: requestHash(method, url.pathname, raw),
        });
        if (claim.kind === 'replay') return jsonResponse(claim.response, { 'Idempotent-Replayed': 'true' });
        claimId = claim.id;
      }

      const body = options.body ? options.body.safeParse(json) : { success: true as const, data: undefined };
      if (!body.success) throw invalidInput(body.error);

      const result = await run({
        db,
        request,
        principal,
        actor: { type: 'merchant_api', apiKeyId: principal.apiKeyId, scopes: principal.scopes },
        params: params.data as z.output<P>,
        query: query.data as z.output<Q>,
        body: body.data as z.output<B>,
      });
      if (claimId) await completeIdempotencyKey(db, claimId, { status: result.status, body: result.body });
      return jsonResponse({ status: result.status, body: result.body }, result.headers);
    } catch (error) {
      const response = toApiResponse(error);
      if (response.status >= 500) console.error(`[api] ${requestId} ${request.method} ${new URL(request.url).pathname} → ${response.status}`);
      if (claimId && db) {
        const body = await response
          .clone()
          .json()
          .catch(() => null);
        await completeIdempotencyKey(db, claimId, { status: response.status, body }).catch(() => {});
      }
      return response;
    }
  }
}

/** The methods a merchant API route may implement (Next.js answers HEAD from GET by itself). */
export const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type ApiMethod = (typeof API_METHODS)[number];
type PlainHandler = (request: Request) => Promise<Response>;

/** The `Allow` header of a path that implements `allowed`: HEAD comes with GET, OPTIONS always. */
export function allowHeader(allowed: readonly ApiMethod[]): string {
  return [...API_METHODS.filter((m) => allowed.includes(m)), ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
}

/**
 * Handlers for the methods a route does not have: 405 in the API's error shape with an `Allow` header,
 * instead of Next.js's empty 405; and OPTIONS (204) with the same `Allow` (Next's own would list these
 * 405 handlers as allowed). Export the ones the route lacks next to its real handlers:
 *
 *   export const { POST, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'PUT');
 *
 * Destructuring a method the route implements is a type error; a test checks every route file and
 * every method against the OpenAPI document (app/api/v1/methods.test.ts).
 */
export function methodsNotAllowed<const A extends readonly ApiMethod[]>(...allowed: A): Record<Exclude<ApiMethod, A[number]> | 'OPTIONS', PlainHandler> {
  const allow = allowHeader(allowed);
  const notAllowed: PlainHandler = async (request) =>
    Response.json(
      {
        error: {
          code: 'method_not_allowed',
          message: `${request.method.toUpperCase()} is not supported on this path. Allowed: ${allow}.`,
          details: { allow: allow.split(', ') },
        },
      },
      { status: 405, headers: { Allow: allow, 'Cache-Control': 'no-store', 'X-Request-Id': randomUUID() } },
    );
  const handlers: Record<string, PlainHandler> = {
    OPTIONS: async () => new Response(null, { status: 204, headers: { Allow: allow, 'Cache-Control': 'no-store' } }),
  };
  for (const method of API_METHODS) if (!allowed.includes(method)) handlers[method] = notAllowed;
  return handlers as Record<Exclude<ApiMethod, A[number]> | 'OPTIONS', PlainHandler>;
}
