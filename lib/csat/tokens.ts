import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes: the link is the only credential (no login), so it must be unguessable. Only the hash is stored. */
export function newCsatToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashCsatToken(token) };
}

export function hashCsatToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isPlausibleCsatToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
