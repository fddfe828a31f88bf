/**
 * A minimal Vendure Admin API client: one GraphQL POST to `{site}/admin-api` with the API key in `vendure-api-key`
 * (Vendure ≥ 3.6, `authOptions.tokenMethod` including 'api-key'). Errors are classified once, for every caller:
 * network errors, timeouts, 429 and 5xx are retryable; GraphQL errors (FORBIDDEN, a bad query) and other 4xx are not.
 */
import { PlatformApiError } from '../api-error';
import type { OpenIntegration } from '../platform';

export const REQUEST_TIMEOUT_MS = 15_000;

export class VendureApiError extends PlatformApiError {
  override name = 'VendureApiError';
}

type Target = Pick<OpenIntegration, 'domain' | 'credentials'>;

/** The server's origin and path: the stored URL, or the loopback origin a test server gave. */
export function vendureBase(integration: Target): string {
  const base = integration.credentials.apiOrigin ?? integration.credentials.url ?? `https://${integration.domain}`;
  return base.replace(/\/+$/, '');
}

export async function vendureAdmin<T>(integration: Target, query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`${vendureBase(integration)}/admin-api`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'vendure-api-key': integration.credentials.token ?? '' },
      body: JSON.stringify({ query, variables }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'error',
    });
  } catch (error) {
    throw new VendureApiError(`Vendure could not be reached: ${error instanceof Error ? error.message : String(error)}`, true, null, 'network');
  }
  const text = await response.text().catch(() => '');
  let body: { data?: T | null; errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> } | null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const first = body?.errors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code.slice(0, 100) : undefined;
    const message = typeof first.message === 'string' ? first.message.slice(0, 500) : 'Vendure refused the request.';
    throw new VendureApiError(message, response.status === 429 || response.status >= 500, response.status, code);
  }
  if (!response.ok) throw new VendureApiError(`Vendure answered ${response.status}.`, response.status === 429 || response.status >= 500, response.status);
  if (!body?.data) throw new VendureApiError('Vendure answered with something that is not a GraphQL result.', true, response.status);
  return body.data;
}
