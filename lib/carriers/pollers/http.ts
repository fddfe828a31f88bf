/**
 * Outbound calls to carrier tracking APIs: a request timeout, retries with exponential backoff on
 * 429/5xx/timeouts (honouring Retry-After, capped), and spacing between requests to stay within the
 * carrier's rate limit. No redirects are followed (security-checklist API-09).
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type HttpOptions = {
  timeoutMs: number;
  /** Attempts per request including the first. */
  attempts?: number;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait we accept from a Retry-After before giving up for this run. */
  maxRetryAfterMs?: number;
};

export type HttpResult = { status: number; text: string; headers: Headers };

export class CarrierHttpError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'rate_limited' | 'server' | 'network' | 'client',
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CarrierHttpError';
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as seconds or an HTTP date → milliseconds (null when absent or unreadable). */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export async function carrierRequest(url: string, init: RequestInit, options: HttpOptions): Promise<HttpResult> {
  const attempts = options.attempts ?? 3;
  const doFetch = options.fetch ?? ((u: string, i: RequestInit) => fetch(u, i));
  const sleep = options.sleep ?? realSleep;
  const maxWait = options.maxRetryAfterMs ?? 60_000;
  let lastError: CarrierHttpError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    let wait = 500 * 2 ** (attempt - 1);
    try {
      const response = await doFetch(url, { ...init, redirect: 'manual', signal: controller.signal });
      const text = await response.text();
      if (response.status === 429 || response.status >= 500) {
        const after = retryAfterMs(response.headers.get('retry-after'));
        lastError = new CarrierHttpError(`HTTP ${response.status}`, response.status === 429 ? 'rate_limited' : 'server', response.status, after ?? undefined);
        if (after !== null) {
          // A carrier asking for a long pause gets it: stop this run instead of hammering it.
          if (after > maxWait) throw lastError;
          wait = Math.max(wait, after);
        }
      } else {
        return { status: response.status, text, headers: response.headers };
      }
    } catch (e) {
      if (e instanceof CarrierHttpError) throw e;
      lastError = controller.signal.aborted ? new CarrierHttpError(`timed out after ${options.timeoutMs} ms`, 'timeout') : new CarrierHttpError(e instanceof Error ? e.message : String(e), 'network');
    } finally {
      clearTimeout(timer);
    }
    if (attempt < attempts) await sleep(wait);
  }
  throw lastError ?? new CarrierHttpError('request failed', 'network');
}

/** Spaces requests to at most `perMinute` per minute within one run. */
export function rateLimiter(perMinute: number, sleep: (ms: number) => Promise<void> = realSleep) {
  const gap = 60_000 / perMinute;
  let next = 0;
  return async () => {
    const now = Date.now();
    if (next > now) await sleep(next - now);
    next = Math.max(now, next) + gap;
  };
}
