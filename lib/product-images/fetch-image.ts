import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { checkWebhookUrl, hostOf, resolveSendAddress, type Lookup } from '@/lib/webhooks/url-guard';

/**
 * Fetches a product picture's bytes from the merchant's URL, with the webhook SSRF guard (lib/webhooks/url-guard.ts):
 * https only and no private, loopback or link-local address (both lifted by WEBHOOK_ALLOW_PRIVATE_URLS=1 for
 * development); the socket connects to the address that was checked. At most MAX_REDIRECTS redirects, each
 * re-checked the same way; one deadline for the whole fetch; the body is counted while it streams and the
 * connection is cut at the cap. No cookies, no credentials, no Referer.
 */
export const IMAGE_FETCH_LIMITS = { timeoutMs: 5000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 } as const;

/** `permanent`: retrying cannot help (refused URL, too big, not an image, 4xx); otherwise the worker retries. */
export type FetchFailure = { ok: false; error: string; permanent: boolean };
export type FetchResult = { ok: true; bytes: Buffer; contentType: string } | FetchFailure;

type Options = { timeoutMs?: number; maxBytes?: number; maxRedirects?: number; lookup?: Lookup };

const fail = (error: string, permanent: boolean): FetchFailure => ({ ok: false, error: error.slice(0, 500), permanent });

export async function fetchImage(url: string, options: Options = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? IMAGE_FETCH_LIMITS.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  let current = url;
  for (let hop = 0; ; hop += 1) {
    const result = await fetchOnce(current, { ...options, timeoutMs, deadline });
    if (result.kind !== 'redirect') return result.outcome;
    if (hop >= (options.maxRedirects ?? IMAGE_FETCH_LIMITS.maxRedirects)) return fail(`Too many redirects (last to ${result.location}).`, true);
    current = result.location;
  }
}

type Once = { kind: 'done'; outcome: FetchResult } | { kind: 'redirect'; location: string };

async function fetchOnce(value: string, options: Options & { deadline: number; timeoutMs: number }): Promise<Once> {
  const done = (outcome: FetchResult): Once => ({ kind: 'done', outcome });
  const problem = checkWebhookUrl(value);
  if (problem) return done(fail(`Refused URL (${problem}): ${value}`, true));
  const url = new URL(value);
  let address: LookupAddress;
  try {
    address = await resolveSendAddress(hostOf(url), options.lookup);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return done(fail(message, error instanceof Error && error.name === 'PrivateAddressError'));
  }
  const remaining = options.deadline - Date.now();
  if (remaining <= 0) return done(fail(`No answer within ${options.timeoutMs} ms.`, false));
  const maxBytes = options.maxBytes ?? IMAGE_FETCH_LIMITS.maxBytes;
  const secure = url.protocol === 'https:';
  const pinned = (_host: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (lookupOptions?.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  return new Promise<Once>((resolve) => {
    let settled = false;
    const finish = (once: Once) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(once);
    };
    const request = (secure ? https : http).get(
      url,
      { agent: false, lookup: pinned as never, headers: { accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif', 'user-agent': 'Paluu-Images/1' } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          const location = response.headers.location;
          if (!location) return finish(done(fail(`HTTP ${status} without a Location.`, true)));
          let next: string;
          try {
            next = new URL(location, url).toString();
          } catch {
            return finish(done(fail(`HTTP ${status} to an invalid Location.`, true)));
          }
          return finish({ kind: 'redirect', location: next });
        }
        if (status < 200 || status >= 300) return finish(done(fail(`HTTP ${status}`, status >= 400 && status < 500 && status !== 408 && status !== 429)));
        const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!contentType.startsWith('image/') || contentType === 'image/svg+xml') return finish(done(fail(`Not an image (content type "${contentType || 'none'}").`, true)));
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) return finish(done(fail(`Too big: ${declared} bytes (at most ${maxBytes}).`, true)));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return finish(done(fail(`Too big: more than ${maxBytes} bytes.`, true)));
          chunks.push(chunk);
        });
        response.on('end', () => finish(done({ ok: true, bytes: Buffer.concat(chunks), contentType })));
        response.on('error', (error) => finish(done(fail(error.message, false))));
      },
    );
    const timer = setTimeout(() => finish(done(fail(`No answer within ${options.timeoutMs} ms.`, false))), options.deadline - Date.now());
    request.on('error', (error) => finish(done(fail(error.message, false))));
  });
}
