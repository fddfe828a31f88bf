import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { hostOf, resolveSendAddress, type Lookup } from './url-guard';

/** A receiver has this long to answer 2xx (Standard Webhooks' usual 15 s). */
export const SEND_TIMEOUT_MS = 15_000;
/** What we read of a receiver's answer (kept for the delivery log's error line); the rest is discarded. */
const MAX_RESPONSE_BYTES = 4096;

// Keep-alive: a dispatcher sending many deliveries to one receiver reuses its connections.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 }),
};

export type SendOutcome = { ok: boolean; statusCode: number | null; durationMs: number; error: string | null };

/**
 * POSTs one webhook. The host is resolved and checked here (lib/webhooks/url-guard.ts) and the socket connects
 * to that checked address; redirects are not followed (a 3xx is a failed attempt); anything but 2xx within
 * `timeoutMs` is a failure.
 */
export async function postWebhook(input: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
  lookup?: Lookup;
}): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  let address: LookupAddress;
  try {
    url = new URL(input.url);
    address = await resolveSendAddress(hostOf(url), input.lookup);
  } catch (error) {
    return { ok: false, statusCode: null, durationMs: elapsed(), error: error instanceof Error ? error.message : String(error) };
  }
  const secure = url.protocol === 'https:';
  const pinned = (_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<SendOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: elapsed() });
    };
    const request = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        lookup: pinned as never,
        headers: { 'content-type': 'application/json', 'user-agent': 'Paluu-Webhooks/1', 'content-length': Buffer.byteLength(input.body), ...input.headers },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          const ok = status >= 200 && status < 300;
          const text = Buffer.concat(chunks).toString('utf8').slice(0, 500);
          let error: string | null = null;
          if (!ok) error = status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed (${response.headers.location ?? 'no Location'})` : `HTTP ${status}${text ? `: ${text}` : ''}`;
          finish({ ok, statusCode: status, error });
        });
        response.on('error', (error) => finish({ ok: false, statusCode: status, error: error.message }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `No answer within ${input.timeoutMs ?? SEND_TIMEOUT_MS} ms.` });
      request.destroy();
    }, input.timeoutMs ?? SEND_TIMEOUT_MS);
    request.on('error', (error) => finish({ ok: false, statusCode: null, error: error.message }));
    request.end(input.body);
  });
}
