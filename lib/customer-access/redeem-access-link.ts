import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { recordEvent } from '@/lib/core/events';
import { hashLinkToken, isWellFormedLinkToken } from '@/lib/tracking-links/token';

export type RedeemedAccessLink = { orderId: string; orderNumber: string; locale: string };

/**
 * Uses a one-time link (the POST behind the link page's button): ONE conditional update marks it used
 * only if it is unused and unexpired, so of two parallel clicks exactly one wins. Null alike for a
 * malformed, unknown, used or expired token. The audit row is written in the same transaction.
 */
export async function redeemAccessLink(db: Db, token: string): Promise<RedeemedAccessLink | null> {
  if (!isWellFormedLinkToken(token)) return null;
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<{ id: string; order_id: string; order_number: string; locale: string }>(sql`
      update order_access_links l set used_at = now()
      from orders o
      where l.token_hash = ${hashLinkToken(token)} and l.used_at is null and l.expires_at > now() and o.id = l.order_id
      returning l.id, l.order_id, o.order_number, o.locale`);
    if (!row) return null;
    await recordEvent(tx, { actor: { type: 'customer', orderId: row.order_id }, type: 'order.access_link_used', orderId: row.order_id, data: { linkId: row.id } });
    return { orderId: row.order_id, orderNumber: row.order_number, locale: row.locale };
  });
}
