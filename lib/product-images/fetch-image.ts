import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { checkWebhookUrl, hostOf, resolveSendAddress, type Lookup } from '@/lib/webhooks/url-guard';

/**
 * Fetches a product picture's bytes from the merchant's URL, with the webhook SSRF guard (lib/webhooks/url-guard.ts):
 * https only and no private, loopback or link-local address (both lifted by WEBHOOK_ALLOW_PRIVATE_URLS=1 for
 * development); the socket connects to the address that was checked. Redirects are not followed (a 3xx fails,
 * as for webhooks: security checklist API-09), so the checked address is the only one we ever connect to; one
 * deadline for the whole fetch; the body is counted while it streams and the connection is cut at the cap.
 * No cookies, no credentials, no Referer.
 */
export const IMAGE_FETCH_LIMITS = { timeoutMs: 5000, maxBytes: 5 * 1024 * 1024 } as const;

/** `permanent`: retrying cannot help (refused URL, too big, not an image, 4xx); otherwise the worker retries. */
export type FetchFailure = { ok: false; error: string; permanent: boolean };
export type FetchResult = { ok: true; bytes: Buffer; contentType: string } | FetchFailure;

type Options = { timeoutMs?: number; maxBytes?: number; lookup?: Lookup };

const fail = (error: string, permanent: boolean): FetchFailure => ({ ok: false, error: error.slice(0, 500), permanent });

export async function fetchImage(value: string, options: Options = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? IMAGE_FETCH_LIMITS.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  const problem = checkWebhookUrl(value);
  if (problem) return fail(`Refused URL (${problem}): ${value}`, true);
  const url = new URL(value);
  let address: LookupAddress;
  try {
    address = await resolveSendAddress(hostOf(url), options.lookup);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(message, error instanceof Error && error.name === 'PrivateAddressError');
  }
  const remaining = deadline - Date.now();
  if (remaining <= 0) return fail(`No answer within ${timeoutMs} ms.`, false);
  const maxBytes = options.maxBytes ?? IMAGE_FETCH_LIMITS.maxBytes;
  const secure = url.protocol === 'https:';
  const pinned = (_host: string, lookupOptions: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (lookupOptions?.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  return new Promise<FetchResult>((resolve) => {
    let settled = false;
    const finish = (outcome: FetchResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    const request = (secure ? https : http).get(
      url,
      { agent: false, lookup: pinned as never, headers: { accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif', 'user-agent': 'Paluu-Images/1' } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) return finish(fail(`HTTP ${status}: redirects are not followed (${response.headers.location ?? 'no Location'}).`, true));
        if (status < 200 || status >= 300) return finish(fail(`HTTP ${status}`, status >= 400 && status < 500 && status !== 408 && status !== 429));
        const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!contentType.startsWith('image/') || contentType === 'image/svg+xml') return finish(fail(`Not an image (content type "${contentType || 'none'}").`, true));
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) return finish(fail(`Too big: ${declared} bytes (at most ${maxBytes}).`, true));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return finish(fail(`Too big: more than ${maxBytes} bytes.`, true));
          chunks.push(chunk);
        });
        response.on('end', () => finish({ ok: true, bytes: Buffer.concat(chunks), contentType }));
        response.on('error', (error) => finish(fail(error.message, false)));
      },
    );
    const timer = setTimeout(() => finish(fail(`No answer within ${timeoutMs} ms.`, false)), remaining);
    request.on('error', (error) => finish(fail(error.message, false)));
  });
}
