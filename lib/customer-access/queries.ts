import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { orderAccessLinks, orders } from '@/db/schema';
import { hashLinkToken, isWellFormedLinkToken } from '@/lib/tracking-links/token';

/**
 * The order a one-time link would open, or null when it is malformed, unknown, used or expired (all
 * alike). A pure read: opening the link page writes nothing (mail scanners follow every link).
 */
export async function findLiveAccessLink(db: Db, token: string): Promise<{ orderNumber: string } | null> {
  if (!isWellFormedLinkToken(token)) return null;
  const [row] = await db
    .select({ orderNumber: orders.orderNumber })
    .from(orderAccessLinks)
    .innerJoin(orders, eq(orders.id, orderAccessLinks.orderId))
    .where(and(eq(orderAccessLinks.tokenHash, hashLinkToken(token)), isNull(orderAccessLinks.usedAt), gt(orderAccessLinks.expiresAt, new Date())))
    .limit(1);
  return row ?? null;
}
