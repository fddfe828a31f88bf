import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { compensations, orderLines, orders, refunds, shipmentLines, shipments } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { pendingTrackingNumber } from '@/lib/core/pending-parcel';
import { newCompensationCode } from './codes';
import { queueCompensationEmail } from './compensation-email';
import { PLATFORM_CODE_KIND, platformOfOrder } from './platform-code-target';
import { mapRefundError } from './money-errors';
import { issueStoreCredit } from '@/lib/store-credits/issue-store-credit';

const CODE_PREFIX = { discount_code: 'DC', free_shipping: 'FS', store_credit: 'SC', gift_card: 'GC' } as const;

/**
 * Carries out a compensation that may now be issued (within the limit, or approved by an admin),
 * inside the caller's transaction: money back as a `refunds` row (the database refuses anything above
 * the captured amount), a code for discounts and credits, a new parcel for a reship. Then the audit
 * row and the customer's email — for a code on a platform order, once the platform has it (lib/platforms/platform-codes.ts).
 * Refund errors surface as `refund_exceeds_captured`.
 */
export async function issueCompensation(tx: Tx, input: { compensationId: string; actor: Actor; staffId: string | null }): Promise<void> {
  const [comp] = await tx.select().from(compensations).where(eq(compensations.id, input.compensationId)).for('update').limit(1);
  if (!comp) throw new AppError('not_found');
  if (comp.status === 'issued') return;
  if (comp.status === 'rejected') throw new AppError('invalid_state');
  const patch: Partial<typeof compensations.$inferInsert> = { status: 'issued' };
  let refundId: string | null = null;
  /** The order came from a platform: the code is created there too (lib/platforms/platform-codes.ts), which then emails it. */
  let onPlatform = false;

  if (comp.kind === 'refund' || comp.kind === 'partial_refund') {
    try {
      // A savepoint, so the caller can report the refusal without losing its transaction.
      const [refund] = await tx.transaction((sp) =>
        sp
          .insert(refunds)
          .values({ orderId: comp.orderId, returnId: comp.returnId, compensationId: comp.id, caseId: comp.caseId, amount: comp.amount, currency: comp.currency, reason: comp.reason, createdByStaffId: comp.requestedByStaffId })
          .returning({ id: refunds.id }),
      );
      refundId = refund!.id;
    } catch (error) {
      throw mapRefundError(error);
    }
  } else if (comp.kind === 'reship') {
    patch.shipmentId = await createReshipParcel(tx, comp.orderId, comp.id);
  } else {
    // A Shopify gift card's code must be 8–20 letters and digits: the same code goes to the shop's platform.
    const target = await platformOfOrder(tx, comp.orderId);
    onPlatform = target !== null;
    patch.code = newCompensationCode(CODE_PREFIX[comp.kind], { compact: target?.platform === 'shopify' && PLATFORM_CODE_KIND[comp.kind] === 'gift_card' });
  }
  if (comp.status === 'pending_approval') Object.assign(patch, { approvedByStaffId: input.staffId, approvedAt: new Date() });
  await tx.update(compensations).set(patch).where(eq(compensations.id, comp.id));
  const money = { orderId: comp.orderId, amount: comp.amount, currency: comp.currency };
  await recordEvent(tx, {
    type: 'compensation.issued',
    actor: input.actor,
    caseId: comp.caseId,
    data: {
      compensationId: comp.id,
      ...money,
      kind: comp.kind,
      returnId: comp.returnId,
      code: patch.code ?? null,
      shipmentId: patch.shipmentId ?? null,
      approvedFromPending: comp.status === 'pending_approval',
    },
  });
  if (comp.kind === 'store_credit') {
    // The balance the redemption API spends (shops without a platform: on a platform order the gift card is the balance).
    if (patch.code && !onPlatform) await issueStoreCredit(tx, { code: patch.code, compensationId: comp.id, orderId: comp.orderId, amount: comp.amount, currency: comp.currency });
    await recordEvent(tx, { type: 'store_credit.issued', actor: input.actor, caseId: comp.caseId, data: { compensationId: comp.id, ...money, code: patch.code ?? null } });
  }
  if (refundId) {
    // Requested only: the worker carries it out on the order's rail (lib/refunds/execute-refunds.ts), which
    // writes refund.succeeded or refund.failed.
    const refundData = { refundId, ...money, compensationId: comp.id, returnId: comp.returnId };
    await recordEvent(tx, { type: 'refund.requested', actor: input.actor, caseId: comp.caseId, data: refundData });
  }
  // A code on a platform order is emailed once the platform has it, never before.
  if (!onPlatform) await queueCompensationEmail(tx, comp.id);
}

/** The value of a reship: every fulfilled unit of the order's outbound parcels, sent again. */
export async function reshipLines(tx: Tx, orderId: string) {
  return tx
    .select({ id: orderLines.id, quantity: orderLines.fulfilledQuantity, unitPrice: orderLines.unitPrice })
    .from(orderLines)
    .where(and(eq(orderLines.orderId, orderId)));
}

/** The reship's parcel, awaiting the shop (`PENDING-<compensation id>`) until it reports the carrier's tracking number. */
async function createReshipParcel(tx: Tx, orderId: string, compensationId: string): Promise<string> {
  const [first] = await tx
    .select({ carrier: shipments.carrier })
    .from(shipments)
    .where(and(eq(shipments.orderId, orderId), inArray(shipments.direction, ['outbound'])))
    .limit(1);
  const carrier = first?.carrier ?? 'posti';
  const [parcel] = await tx
    .insert(shipments)
    .values({ orderId, direction: 'outbound', carrier, service: 'reship', trackingNumber: pendingTrackingNumber(compensationId), status: 'info_received' })
    .returning({ id: shipments.id });
  const lines = (await reshipLines(tx, orderId)).filter((l) => l.quantity > 0);
  if (lines.length) await tx.insert(shipmentLines).values(lines.map((l) => ({ shipmentId: parcel!.id, orderLineId: l.id, quantity: l.quantity })));
  await tx.update(orders).set({ updatedAt: new Date() }).where(eq(orders.id, orderId));
  return parcel!.id;
}
