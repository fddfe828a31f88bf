// Placeholder for contract C3 (owner: tracking), implementing the contract exactly; the tracking engineer's file
// replaces this at merge.
import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTx } from '@/db';
import { trackingLinks } from '@/db/schema';

/** Opaque token = 32 random bytes base64url; stored as sha256 hex in tracking_links.token_hash; expires after
 *  ttlDays (default 180). url = `${APP_URL ?? 'http://localhost:3000'}/t/${token}`. */
export async function mintTrackingLink(db: DbOrTx, input: { orderId: string; ttlDays?: number }): Promise<{ url: string; token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (input.ttlDays ?? 180) * 86_400_000);
  await db.insert(trackingLinks).values({ tokenHash: createHash('sha256').update(token).digest('hex'), orderId: input.orderId, expiresAt });
  return { url: `${process.env.APP_URL ?? 'http://localhost:3000'}/t/${token}`, token, expiresAt };
}
