import type { DbOrTx } from '@/db';
import { trackingLinks } from '@/db/schema';
import { appUrl } from '@/lib/core/url';
import { hashLinkToken, newLinkToken } from './token';

export const DEFAULT_LINK_TTL_DAYS = 180;

/**
 * C3. A link for merchant and milestone emails: opaque token (32 random bytes, base64url), stored only
 * as its SHA-256, expiring after `ttlDays` (default 180). Opening `/t/{token}` shows the redacted view.
 */
export async function mintTrackingLink(
  db: DbOrTx,
  input: { orderId: string; ttlDays?: number },
): Promise<{ url: string; token: string; expiresAt: Date }> {
  const ttlDays = input.ttlDays ?? DEFAULT_LINK_TTL_DAYS;
  const token = newLinkToken();
  const expiresAt = new Date(Date.now() + ttlDays * 86_400_000);
  await db.insert(trackingLinks).values({ tokenHash: hashLinkToken(token), orderId: input.orderId, expiresAt });
  return { url: appUrl(`/t/${token}`), token, expiresAt };
}

/** One link per order id given (repeats allowed), in one insert; the results follow the input order. */
export async function mintTrackingLinks(
  db: DbOrTx,
  orderIds: ReadonlyArray<string>,
  ttlDays = DEFAULT_LINK_TTL_DAYS,
): Promise<Array<{ url: string; token: string; expiresAt: Date }>> {
  if (orderIds.length === 0) return [];
  const expiresAt = new Date(Date.now() + ttlDays * 86_400_000);
  const tokens = orderIds.map(() => newLinkToken());
  await db.insert(trackingLinks).values(orderIds.map((orderId, i) => ({ tokenHash: hashLinkToken(tokens[i]!), orderId, expiresAt })));
  return tokens.map((token) => ({ url: appUrl(`/t/${token}`), token, expiresAt }));
}
