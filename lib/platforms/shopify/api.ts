/**
 * A minimal Shopify Admin GraphQL client: POST {origin}/admin/api/{ADMIN_API_VERSION}/graphql.json with
 * `X-Shopify-Access-Token`. Errors are classified once, for every caller (backfill, refund rail, test connection):
 * network errors, timeouts, 5xx and throttling (429 or a `THROTTLED` GraphQL error) are retryable; 4xx are not.
 */
import { ApiVersion } from '@shopify/shopify-api';
import { PlatformApiError } from '../api-error';
import type { OpenIntegration } from '../platform';
import { loopbackOriginSchema } from '../schemas';

/** The one pinned Admin API version (@shopify/shopify-api 13.1.0 knows up to 2026-07). */
export const ADMIN_API_VERSION: string = ApiVersion.July26;
export const REQUEST_TIMEOUT_MS = 15_000;

export class ShopifyApiError extends PlatformApiError {
  override name = 'ShopifyApiError';
}

/**
 * Every shop's Admin API at one local origin instead of https://{shop}.myshopify.com: for end-to-end tests (the
 * e2e server reaches the test's local Shopify) and a developer's local stub or forwarding proxy. Loopback origins
 * only, like a connection's own `apiOrigin`, so the setting cannot make the portal send access tokens elsewhere.
 */
export const API_ORIGIN_ENV = 'SHOPIFY_API_ORIGIN';

/**
 * Where the shop's Admin API lives: the connection's own loopback origin (CLI `--api-origin`), else
 * SHOPIFY_API_ORIGIN, else https://{shop}.myshopify.com. A SHOPIFY_API_ORIGIN that is not a loopback origin is a
 * configuration error (not retryable): no request is sent.
 */
export function adminOrigin(integration: Pick<OpenIntegration, 'domain' | 'credentials'>): string {
  if (integration.credentials.apiOrigin) return integration.credentials.apiOrigin;
  const override = process.env[API_ORIGIN_ENV]?.trim();
  if (override) {
    const parsed = loopbackOriginSchema.safeParse(override);
    if (!parsed.success) throw new ShopifyApiError(`${API_ORIGIN_ENV} must be a loopback origin such as http://127.0.0.1:3300; no request was sent.`, false, null, 'CONFIG');
    return parsed.data;
  }
  return `https://${integration.domain}`;
}

export function graphqlUrl(integration: Pick<OpenIntegration, 'domain' | 'credentials'>): string {
  return `${adminOrigin(integration)}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
}

type GraphqlError = { message?: string; extensions?: { code?: string } };

/** Runs one query or mutation; returns `data` or throws ShopifyApiError. */
export async function shopifyGraphql<T>(
  integration: Pick<OpenIntegration, 'domain' | 'credentials'>,
  query: string,
  variables: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  const url = graphqlUrl(integration);
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Shopify-Access-Token': integration.credentials.accessToken ?? '' },
      body: JSON.stringify({ query, variables }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'error',
    });
  } catch (error) {
    throw new ShopifyApiError(`Shopify could not be reached: ${error instanceof Error ? error.message : String(error)}`, true, null, 'network');
  }
  if (response.status === 429) throw new ShopifyApiError('Shopify throttled the request (429).', true, 429, 'THROTTLED');
  if (response.status >= 500) throw new ShopifyApiError(`Shopify answered ${response.status}.`, true, response.status);
  if (response.status === 401 || response.status === 403) throw new ShopifyApiError(`Shopify refused the access token (${response.status}).`, false, response.status, 'UNAUTHORIZED');
  if (!response.ok) throw new ShopifyApiError(`Shopify answered ${response.status}.`, false, response.status);
  let body: { data?: T; errors?: GraphqlError[] | string };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ShopifyApiError('Shopify answered with something that is not JSON.', true, response.status);
  }
  if (body.errors && (!Array.isArray(body.errors) || body.errors.length > 0)) {
    const errors = Array.isArray(body.errors) ? body.errors : [{ message: String(body.errors) }];
    const throttled = errors.some((e) => e.extensions?.code === 'THROTTLED');
    const internal = errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
    throw new ShopifyApiError(
      `Shopify GraphQL error: ${errors.map((e) => e.message ?? 'unknown').join('; ')}`,
      throttled || internal,
      response.status,
      errors[0]?.extensions?.code,
    );
  }
  if (!body.data) throw new ShopifyApiError('Shopify answered without data.', true, response.status);
  return body.data;
}
