import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { orders, trackingLinks } from '@/db/schema';
import { hashLinkToken, isWellFormedLinkToken } from './token';

export type RedeemableLink = { linkId: string; orderId: string; orderNumber: string; locale: string; expiresAt: Date };

/**
 * The live link behind a token, or null when it is malformed, unknown, expired or revoked (all alike).
 * A pure read: opening a link writes nothing (mail scanners open every link, LK-14).
 */
export async function findRedeemableLink(db: Db, token: string, now = new Date()): Promise<RedeemableLink | null> {
  if (!isWellFormedLinkToken(token)) return null;
  const [row] = await db
    .select({ linkId: trackingLinks.id, orderId: orders.id, orderNumber: orders.orderNumber, locale: orders.locale, expiresAt: trackingLinks.expiresAt })
    .from(trackingLinks)
    .innerJoin(orders, eq(orders.id, trackingLinks.orderId))
    .where(and(eq(trackingLinks.tokenHash, hashLinkToken(token)), isNull(trackingLinks.revokedAt), gt(trackingLinks.expiresAt, now)))
    .limit(1);
  return row ?? null;
}
