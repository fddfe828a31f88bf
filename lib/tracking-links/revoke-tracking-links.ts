import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db';
import { cases, trackingLinks } from '@/db/schema';
import type { Actor, Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { authorize } from '@/lib/core/authorize';

/**
 * Revokes every live link of one order (e.g. after a misdirected email). Takes effect on the next
 * request: link grants already swapped into cookies are re-checked against the row on every read, and
 * the tracking page cache asks the row before it serves a stored page.
 */
export async function revokeTrackingLinks(ctx: Ctx, input: { orderId: string }): Promise<{ revoked: number }> {
  return ctx.db.transaction((tx) => revokeOrderLinks(tx, { actor: ctx.actor, orderId: input.orderId, caseId: null }));
}

async function revokeOrderLinks(tx: Tx, input: { actor: Actor; orderId: string; caseId: string | null }): Promise<{ revoked: number }> {
  const rows = await tx
    .update(trackingLinks)
    .set({ revokedAt: new Date() })
    .where(and(eq(trackingLinks.orderId, input.orderId), isNull(trackingLinks.revokedAt)))
    .returning({ id: trackingLinks.id });
  await recordEvent(tx, { actor: input.actor, type: 'tracking_links.revoked', orderId: input.orderId, caseId: input.caseId, data: { count: rows.length } });
  return { revoked: rows.length };
}

export const revokeCaseLinksSchema = z.object({ caseId: z.uuid() });

/**
 * Staff, from a case: revoke every link of the case's order. The audit row is on the case, so the
 * revocation (and how many links it ended) shows in the case timeline.
 */
export async function revokeCaseTrackingLinks(ctx: Ctx, raw: { caseId: string }): Promise<{ revoked: number }> {
  const actor = authorize(ctx.actor, 'trackingLinks.revoke');
  const input = revokeCaseLinksSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [kase] = await tx.select({ id: cases.id, orderId: cases.orderId }).from(cases).where(eq(cases.id, input.caseId)).limit(1);
    if (!kase) throw new AppError('not_found');
    if (!kase.orderId) throw new AppError('invalid_state', 'The case has no order.', { details: { reason: 'case_without_order' } });
    return revokeOrderLinks(tx, { actor, orderId: kase.orderId, caseId: kase.id });
  });
}
