import { createHmac, randomBytes } from 'node:crypto';
import type { DbOrTx } from '@/db';
import { openSecret, sealSecret } from '@/lib/core/secret-box';
import { readAppSecret } from '@/lib/settings/read-app-secret';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-signature` is `v1,<base64 HMAC-SHA256>`
 * of `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the base64-decoded part of the `whsec_…` secret.
 * Several signatures are space-separated (during a rotation both the new and the previous secret sign).
 * No `server-only`: the worker signs.
 */
export const SECRET_PREFIX = 'whsec_';
/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
const PURPOSE = 'webhook-secret';

/** `whsec_` + base64 of 32 random bytes (the spec asks for 24 to 64). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export function sign(secret: string, webhookId: string, timestamp: number, body: string): string {
  return 'v1,' + createHmac('sha256', keyOf(secret)).update(`${webhookId}.${timestamp}.${body}`).digest('base64');
}

/** The `webhook-signature` header value: one `v1,…` per secret, space-separated. */
export function signatureHeader(secrets: readonly string[], webhookId: string, timestamp: number, body: string): string {
  return secrets.map((secret) => sign(secret, webhookId, timestamp, body)).join(' ');
}

export async function sealWebhookSecret(db: DbOrTx, secret: string): Promise<string> {
  return sealSecret(secret, await readAppSecret(db), PURPOSE);
}

export async function openWebhookSecret(db: DbOrTx, sealed: string): Promise<string> {
  return openSecret(sealed, await readAppSecret(db), PURPOSE);
}

/** The secrets that sign now: the current one, and the previous one until its overlap has run out. */
export async function signingSecrets(
  db: DbOrTx,
  endpoint: { secretSealed: string; previousSecretSealed: string | null; previousSecretExpiresAt: Date | null },
  now = new Date(),
): Promise<string[]> {
  const secrets = [await openWebhookSecret(db, endpoint.secretSealed)];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
    secrets.push(await openWebhookSecret(db, endpoint.previousSecretSealed));
  }
  return secrets;
}
