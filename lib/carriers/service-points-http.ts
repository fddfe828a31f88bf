/**
 * One call to a carrier's service-point API for a waiting page: one attempt, at most 5 s (the page falls
 * back to the cache rather than wait), no redirects (carrierRequest). A non-2xx answer is a CarrierHttpError,
 * except the statuses in `readStatuses`, whose body the caller reads (DHL answers "no locations" with a 404 document).
 */
import { CarrierHttpError, carrierRequest } from './pollers/http';
import type { ServicePointDeps } from './service-point';

export async function servicePointRequest(url: string, init: RequestInit, deps: ServicePointDeps, readStatuses: readonly number[] = []): Promise<string> {
  const result = await carrierRequest(url, init, {
    timeoutMs: Math.min(deps.config.requestTimeoutMs, 5000),
    attempts: 1,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  if ((result.status < 200 || result.status >= 300) && !readStatuses.includes(result.status)) throw new CarrierHttpError(`HTTP ${result.status}`, 'client', result.status);
  return result.text;
}
