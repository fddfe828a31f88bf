import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 256 bits from the CSPRNG (security checklist LK-11). */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored; the token itself exists in the email and the customer's browser. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token we could have minted: exactly 43 base64url characters. Anything else is not looked up. */
export function isWellFormedLinkToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
