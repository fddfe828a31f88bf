import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One order a browser may see, until `exp` (seconds since epoch). `l` (a tracking link id) marks a
 * redacted link grant; without it the grant is verified (a lookup with email or postal code).
 */
export type Grant = { o: string; exp: number; l?: string };

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
        typeof g?.o === 'string' && typeof g?.exp === 'number' && g.exp > nowSeconds && (g.l === undefined || typeof g.l === 'string'),
    );
  } catch {
    return [];
  }
}

/**
 * Adds (or renews) the grant for one order, keeping the newest few. A verified grant replaces a link
 * grant; a link grant never replaces a live verified one (opening an email link must not downgrade).
 */
export function addGrant(grants: Grant[], orderId: string, exp: number, linkId?: string): Grant[] {
  const existing = grants.find((g) => g.o === orderId);
  if (linkId !== undefined && existing && existing.l === undefined) return grants;
  const grant: Grant = linkId === undefined ? { o: orderId, exp } : { o: orderId, exp, l: linkId };
  return [...grants.filter((g) => g.o !== orderId), grant].slice(-MAX_GRANTS);
}
