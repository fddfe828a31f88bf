/**
 * Contract A (owner: delays). The remedy link in a delay notice: an opaque token (32 random bytes from the
 * CSPRNG, base64url — 256 bits), stored only as its SHA-256 in notices.remedy_token_hash.
 * No `server-only`: the worker mints tokens when it queues notices.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Locale } from '@/lib/core/locales';

export function newRemedyToken(): string {
  return randomBytes(32).toString('base64url');
}

/** sha256 hex → notices.remedy_token_hash. */
export function hashRemedyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token we could have minted: exactly 43 base64url characters; anything else is never looked up. */
export function isWellFormedRemedyToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The customer's remedy page. */
export function remedyPath(locale: Locale, token: string): string {
  return `/${locale}/delays/${token}`;
}
