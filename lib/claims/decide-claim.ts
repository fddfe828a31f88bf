import { and, eq } from 'drizzle-orm';
import { cases, claims, orders } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { authorize } from '@/lib/core/authorize';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { appUrl } from '@/lib/core/url';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { emailBrand } from '@/lib/outbox/service-email-layout';
import { readShopSettings } from '@/lib/settings/shop';
import { loadEmailMessages } from '@/lib/settings/email-templates';
import { renderClaimAnswerEmail } from './claim-email';
import { type DecideClaimInput, decideClaimSchema } from './schemas';

/**
 * Staff answer an open claim, in one transaction: the claim becomes approved or rejected, the case gets
 * an audit row, and the customer's email (decision, what they get, staff's message, what happens next)
 * is queued in the outbox, in the case's language. A claim is answered once: a second answer (another
 * agent, a double click) is a conflict and sends nothing.
 */
export async function decideClaim(ctx: Ctx, raw: DecideClaimInput): Promise<{ caseNumber: number }> {
  const actor = authorize(ctx.actor, 'cases.work');
  const input = decideClaimSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [claim] = await tx.select().from(claims).where(eq(claims.id, input.claimId)).for('update');
    if (!claim) throw new AppError('not_found', 'No such claim.');
    if (claim.status !== 'open') throw new AppError('conflict', 'The claim has been answered already.');
    const [order] = await tx.select({ orderNumber: orders.orderNumber, email: orders.email }).from(orders).where(eq(orders.id, claim.orderId));
    const [claimCase] = await tx.select({ id: cases.id, number: cases.number, locale: cases.locale }).from(cases).where(eq(cases.claimId, claim.id)).limit(1);
    if (!order || !claimCase) throw new AppError('not_found', 'The claim has no order or case.');

    await tx
      .update(claims)
      .set({ status: input.decision, updatedAt: new Date() })
      .where(and(eq(claims.id, claim.id), eq(claims.status, 'open')));
    await recordEvent(tx, {
      actor,
      type: 'claim.decided',
      caseId: claimCase.id,
      orderId: claim.orderId,
      data: { claimId: claim.id, decision: input.decision, remedy: input.remedy, requestedRemedy: claim.requestedRemedy, message: input.message || null },
    });

    const shop = await readShopSettings(tx);
    const locale = claimCase.locale;
    const email = await renderClaimAnswerEmail(
      locale,
      {
        shopName: shop.name,
        supportEmail: shop.supportEmail,
        brand: emailBrand(shop),
        orderNumber: order.orderNumber,
        caseNumber: claimCase.number,
        decision: input.decision,
        remedy: input.decision === 'approved' ? input.remedy : null,
        message: input.message,
        statusUrl: appUrl(`/${locale}/orders/${encodeURIComponent(order.orderNumber)}/claims/${claim.id}`),
      },
      await loadEmailMessages(tx, locale),
    );
    await enqueueEmail(tx, {
      kind: 'claim_answered',
      dedupeKey: `claim:${claim.id}:answered`,
      locale,
      orderId: claim.orderId,
      caseId: claimCase.id,
      email: { to: order.email, ...email },
    });
    return { caseNumber: claimCase.number };
  });
}
