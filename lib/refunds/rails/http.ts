import type { RefundAttemptResult } from '@/lib/core/refund-rail';

/**
 * One HTTP call to a payment provider's API for the provider rails (Paytrail, Klarna) that have no SDK we can
 * point at another host: `fetch` with a per-request timeout joined to the executor's own abort signal. The
 * ledger retries (with backoff and the same idempotency key); nothing here retries.
 */
type ProviderAnswer = { status: number; headers: Headers; text: string };

class ProviderUnreachable extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

export async function providerFetch(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number; signal?: AbortSignal }): Promise<ProviderAnswer> {
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  try {
    const response = await fetch(url, { method: init.method, headers: init.headers, body: init.body, signal, redirect: 'error' });
    // Bodies are small JSON documents; a body that never ends counts against the same timeout.
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (timeout.aborted) throw new ProviderUnreachable(`No answer within ${init.timeoutMs} ms (timeout)`, true);
    if (init.signal?.aborted) throw new ProviderUnreachable('The attempt was aborted (timeout)', true);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ProviderUnreachable(`Connection failed: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`, false);
  }
}

/** A connection that failed or timed out: retried with the same idempotency key. */
export function unreachableResult(provider: string, error: unknown): RefundAttemptResult {
  if (error instanceof ProviderUnreachable) return { outcome: 'failed', retryable: true, message: `${provider}: ${error.message}`, providerCode: error.timedOut ? 'timeout' : 'connection_error' };
  return { outcome: 'failed', retryable: true, message: `${provider}: ${error instanceof Error ? error.message : String(error)}`, providerCode: 'connection_error' };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
