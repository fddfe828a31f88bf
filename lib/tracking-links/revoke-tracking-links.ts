import { and, eq, isNull } from 'drizzle-orm';
import { trackingLinks } from '@/db/schema';
import type { Ctx } from '@/lib/auth/actor';
import { recordCaseEvent } from '@/lib/cases/record-case-event';

/**
 * Revokes every live link of one order (e.g. after a misdirected email). Takes effect on the next
 * request: link grants already swapped into cookies are re-checked against the row on every read.
 */
export async function revokeTrackingLinks(ctx: Ctx, input: { orderId: string }): Promise<{ revoked: number }> {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .update(trackingLinks)
      .set({ revokedAt: new Date() })
      .where(and(eq(trackingLinks.orderId, input.orderId), isNull(trackingLinks.revokedAt)))
      .returning({ id: trackingLinks.id });
    await recordCaseEvent(tx, { actor: ctx.actor, type: 'tracking_links.revoked', orderId: input.orderId, data: { count: rows.length } });
    return { revoked: rows.length };
  });
}
