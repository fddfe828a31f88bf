import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One order a browser may see, until `exp` (seconds since epoch). `l` (a tracking link id) marks a
 * redacted link grant; `r: 1` a redacted grant from a lookup with the postal code (a postal code is
 * guessable, so it never opens more than a tracking link would); with neither the grant is verified
 * (a lookup with the order's email, or a one-time link sent to it).
 */
export type Grant = { o: string; exp: number; l?: string; r?: 1 };

/** A grant that opens the full view and every change (not a link or postal-code grant). */
export function isVerifiedGrant(g: Grant): boolean {
  return g.l === undefined && g.r === undefined;
}

const MAX_GRANTS = 5;

/** The cookie that carries a browser's signed grants. */
export const ORDER_ACCESS_COOKIE = 'paluu_order_access';

function mac(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** `<base64url json>.<hmac>`: the grants a browser holds, signed so they cannot be forged or edited. */
export function signGrants(secret: Buffer, grants: Grant[]): string {
  const payload = Buffer.from(JSON.stringify(grants.slice(-MAX_GRANTS))).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The unexpired grants in a cookie value; anything tampered, malformed or stale yields none. */
export function readGrants(secret: Buffer, value: string | undefined, nowSeconds: number): Grant[] {
  if (!value || value.length > 4096) return [];
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return [];
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (g): g is Grant =>
        typeof g?.o === 'string' &&
        typeof g?.exp === 'number' &&
        g.exp > nowSeconds &&
        (g.l === undefined || typeof g.l === 'string') &&
        (g.r === undefined || g.r === 1),
    );
  } catch {
    return [];
  }
}

/**
 * Adds (or renews) the grant for one order, keeping the newest few. A verified grant replaces a
 * redacted one; a redacted grant (tracking link or postal code) never replaces a live verified one
 * (opening an email link or a postal-code lookup must not downgrade). `redacted`: a tracking link id,
 * or `{ postalCode: true }`.
 */
export function addGrant(grants: Grant[], orderId: string, exp: number, redacted?: string | { postalCode: true }): Grant[] {
  const existing = grants.find((g) => g.o === orderId);
  if (redacted !== undefined && existing && isVerifiedGrant(existing)) return grants;
  const grant: Grant = redacted === undefined ? { o: orderId, exp } : typeof redacted === 'string' ? { o: orderId, exp, l: redacted } : { o: orderId, exp, r: 1 };
  return [...grants.filter((g) => g.o !== orderId), grant].slice(-MAX_GRANTS);
}
