import type { DbOrTx } from '@/db';
import { trackingLinks } from '@/db/schema';
import { appOrigin, hashLinkToken, newLinkToken } from './token';

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
  return { url: `${appOrigin()}/t/${token}`, token, expiresAt };
}
