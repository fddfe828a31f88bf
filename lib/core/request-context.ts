import type { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the web request being handled (set by scripts/server.mjs around every request; see
 * scripts/lib/log.mjs). Rows a request queues for the worker (outbox mail, domain events) carry it, so
 * the worker's log lines for them name the request that caused them. Undefined outside a request.
 */
export function currentRequestId(): string | undefined {
  const store = (globalThis as Record<symbol, AsyncLocalStorage<{ requestId: string }> | undefined>)[Symbol.for('paluu.requestContext')];
  return store?.getStore()?.requestId;
}
