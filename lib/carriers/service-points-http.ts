/**
 * One call to a carrier's service-point API for a waiting page: one attempt, at most 5 s (the page falls
 * back to the cache rather than wait), no redirects (carrierRequest). A non-2xx answer is a CarrierHttpError.
 */
import { CarrierHttpError, carrierRequest } from './pollers/http';
import type { ServicePointDeps } from './service-point';

export async function servicePointRequest(url: string, init: RequestInit, deps: ServicePointDeps): Promise<string> {
  const result = await carrierRequest(url, init, {
    timeoutMs: Math.min(deps.config.requestTimeoutMs, 5000),
    attempts: 1,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  if (result.status < 200 || result.status >= 300) throw new CarrierHttpError(`HTTP ${result.status}`, 'client', result.status);
  return result.text;
}
