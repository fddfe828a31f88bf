/**
 * A minimal WooCommerce REST API v3 client: `{site}/wp-json/wc/v3/{path}` with HTTP Basic auth (consumer key and
 * secret), which WooCommerce accepts over HTTPS (docs: "Authentication over HTTPS"). Not the
 * `@woocommerce/woocommerce-rest-api` package: on an http:// URL that package switches to OAuth 1.0a signatures
 * in the query string, so tests against a local http server would exercise an auth path production (https,
 * Basic) never takes; it also brings axios as a second HTTP stack. Errors are classified once, for every caller:
 * network errors, timeouts, 429 and 5xx are retryable; 4xx, and any answer with WooCommerce's own `woocommerce_rest_*`
 * code (even a 500), are not and carry WooCommerce's `code` and `message`.
 */
import { PlatformApiError } from '../api-error';
import type { OpenIntegration } from '../platform';

export const REQUEST_TIMEOUT_MS = 15_000;

export class WooApiError extends PlatformApiError {
  override name = 'WooApiError';
}

type Target = Pick<OpenIntegration, 'domain' | 'credentials'>;

/** The site's origin and path: the stored site URL, or the loopback origin a test server gave. */
export function siteBase(integration: Target): string {
  const base = integration.credentials.apiOrigin ?? integration.credentials.url ?? `https://${integration.domain}`;
  return base.replace(/\/+$/, '');
}

export type WooResponse<T> = { data: T; headers: Headers };

/** One request; `path` is below /wp-json/wc/v3/ (e.g. `orders/727/refunds`). */
export async function wooRequest<T>(
  integration: Target,
  method: 'GET' | 'POST',
  path: string,
  options: { query?: Record<string, string | number>; body?: unknown; signal?: AbortSignal } = {},
): Promise<WooResponse<T>> {
  const url = new URL(`${siteBase(integration)}/wp-json/wc/v3/${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
  const auth = Buffer.from(`${integration.credentials.consumerKey ?? ''}:${integration.credentials.consumerSecret ?? ''}`, 'utf8').toString('base64');
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: 'application/json', Authorization: `Basic ${auth}`, ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      redirect: 'error',
    });
  } catch (error) {
    throw new WooApiError(`WooCommerce could not be reached: ${error instanceof Error ? error.message : String(error)}`, true, null, 'network');
  }
  let body: unknown;
  const text = await response.text().catch(() => '');
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown };
    const code = typeof error.code === 'string' ? error.code.slice(0, 100) : undefined;
    const said = typeof error.message === 'string' ? error.message.slice(0, 500) : `WooCommerce answered ${response.status}.`;
    // WooCommerce answers its own refusals with a `woocommerce_rest_*` code, some with status 500 (a refused refund
    // is `woocommerce_rest_cannot_create_order_refund`, 500, in WC_REST_Order_Refunds_Controller): those are
    // decisions, not outages. A 5xx without such a code (PHP fatal, proxy) and 429 are retryable.
    const decided = code !== undefined && code.startsWith('woocommerce_rest_');
    const retryable = response.status === 429 || (response.status >= 500 && !decided);
    throw new WooApiError(said, retryable, response.status, code);
  }
  if (body === null) throw new WooApiError('WooCommerce answered with something that is not JSON.', true, response.status);
  return { data: body as T, headers: response.headers };
}
