/** One call to a carrier's subscription API: a timeout, no redirects; 429/5xx/timeouts become retryable errors. */
import { PushApiError, type PushContext } from './push-api';
import { CarrierHttpError, carrierRequest } from './pollers/http';

export type PushHttpResult = { status: number; text: string; json: unknown };

export async function pushRequest(ctx: PushContext, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<PushHttpResult> {
  try {
    const res = await carrierRequest(
      url,
      { method, headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) },
      // One attempt per run: the subscription job retries with its own backoff across runs.
      { timeoutMs: ctx.config.requestTimeoutMs, attempts: 1, fetch: ctx.fetch, sleep: ctx.sleep },
    );
    let json: unknown = null;
    try {
      json = res.text ? JSON.parse(res.text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, text: res.text, json };
  } catch (e) {
    if (e instanceof CarrierHttpError) throw new PushApiError(e.message, e.status ?? null, true);
    throw e;
  }
}

/** A non-success answer as an error: 401/403/400/422 are our fault (not retryable without a change), others are. */
export function pushFailure(what: string, res: PushHttpResult): PushApiError {
  const detail = res.json && typeof res.json === 'object' ? ((res.json as Record<string, unknown>).detail ?? (res.json as Record<string, unknown>).reason ?? (res.json as Record<string, unknown>).title) : null;
  const message = `${what}: HTTP ${res.status}${typeof detail === 'string' && detail ? ` (${detail.slice(0, 200)})` : ''}`;
  return new PushApiError(message, res.status, ![400, 401, 403, 422].includes(res.status));
}

/** `yyyy-MM-dd'T'HH:mm:ssZ` (Bring: `+0000`), ISO with offset, or a JS date string (DHL's examples); null when unreadable. */
export function readCarrierInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const v = value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = new Date(v);
  return Number.isNaN(at.getTime()) ? null : at;
}
