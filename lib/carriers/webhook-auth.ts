/**
 * Authenticates a carrier push (security-checklist WH-01, WH-02, WH-04, WH-05). Bring Event Cast and DHL
 * Unified Push cannot sign; they send a header we configure, compared in constant time. A sender that can
 * sign (a relay, our simulator) uses `hmac`: `x-paluu-timestamp` (unix seconds) and `x-paluu-signature:
 * v1=<hex>` (space-separated list during rotation) over `${timestamp}.${rawBody}`, valid ±5 minutes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CarrierConfig } from './config';

export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const TIMESTAMP_HEADER = 'x-paluu-timestamp';
export const SIGNATURE_HEADER = 'x-paluu-signature';

export type AuthResult = 'ok' | 'missing' | 'bad_signature' | 'stale' | 'not_configured';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Lengths first (timingSafeEqual throws on a mismatch); the length of a secret is not the secret.
  return left.length === right.length && timingSafeEqual(left, right);
}

export function signBody(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

export function verifyWebhook(config: CarrierConfig, headers: Headers, rawBody: Buffer, now = new Date()): AuthResult {
  const secrets = [config.webhookSecret, config.webhookSecretPrevious].filter((s): s is string => !!s);
  // No secret configured: nothing can authenticate, so nothing is accepted (WH-05).
  if (secrets.length === 0) return 'not_configured';
  if (config.webhookAuth === 'header') {
    const presented = headers.get(config.webhookHeader);
    if (!presented) return 'missing';
    // Check every secret so the timing does not tell which one matched.
    let ok = false;
    for (const secret of secrets) ok = safeEqual(presented, secret) || ok;
    return ok ? 'ok' : 'bad_signature';
  }
  const timestamp = headers.get(TIMESTAMP_HEADER);
  const signature = headers.get(SIGNATURE_HEADER);
  if (!timestamp || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad_signature';
  const ts = Number(timestamp);
  const presented = signature
    .split(' ')
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
  let ok = false;
  for (const secret of secrets) {
    const expected = signBody(secret, ts, rawBody);
    for (const candidate of presented) ok = safeEqual(candidate, expected) || ok;
  }
  if (!ok) return 'bad_signature';
  // Checked after the MAC so an attacker learns nothing about the window from a forged request.
  if (Math.abs(now.getTime() / 1000 - ts) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  return 'ok';
}
