import { and, eq, inArray, sql } from 'drizzle-orm';
import { cases, compensations, orderLines, orders, refunds, returnItems, returnPolicies, returns, shipments } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordCaseEvent } from '@/lib/audit/record-case-event';
import { variants } from '@/db/schema';
import type { Tx } from '@/db';
import type { Actor } from '@/lib/core/actor';
import { issueCompensation } from '@/lib/compensations/issue-compensation';
import { mapRefundError, refusal } from '@/lib/compensations/money-errors';
import { toMinorUnits } from '@/lib/compensations/schemas';
import { queueCsatSurvey } from '@/lib/csat/queue-csat-survey';
import { newOutboundTrackingNumber } from '@/lib/shipments/new-tracking-number';
import { releaseReturnQuantity, releaseStock } from '../counters';
import { damagedDeductionPercents } from '../damaged-deduction';
import { settleReturn } from '../settlement';
import { queueReturnEmail } from '../return-emails';
import { lockReturnFor } from './lock-return';
import { type ResolveReturnInput, resolveReturnSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';
import { queueExchangeShippedEmail, queueRefundIssuedEmail } from '../resolution-emails';
import { recordEvent } from '@/lib/core/events';

export { settleReturn, type ReturnSettlement } from '../settlement';

/**
 * Resolves an inspected return in one transaction: the refund (a `refunds` row — the database
 * refuses a total above the captured amount; a lower amount is a partial refund), the store credit
 * code, the exchange parcel (the stock was reserved at request time; units that never came back are
 * released), the leftover requested units released, the case resolved (CSAT survey), the email.
 */
export async function completeReturn(ctx: Ctx, raw: ResolveReturnInput): Promise<{ refund: number; proposedRefund: number; credit: number; exchangeShipmentId: string | null; partial: boolean }> {
  const actor = authorize(ctx.actor, 'returns.process');
  const input = resolveReturnSchema.parse(raw);
  try {
    return await ctx.db.transaction(async (tx) => {
      const { r, next, caseId } = await lockReturnFor(tx, input.returnId, 'complete');
      const items = await tx
        .select({ item: returnItems, unitPrice: orderLines.unitPrice })
        .from(returnItems)
        .innerJoin(orderLines, eq(orderLines.id, returnItems.orderLineId))
        .where(eq(returnItems.returnId, r.id));
      const [policy] = await tx
        .select({ bonus: returnPolicies.exchangeBonusPercent, reasons: returnPolicies.reasons })
        .from(returnPolicies)
        .where(eq(returnPolicies.isActive, true))
        .limit(1);
      const due = settleReturn(
        items.map(({ item, unitPrice }) => ({ resolution: item.resolution, receivedQuantity: item.receivedQuantity, unitPrice, inspectionGrade: item.inspectionGrade, reasonCode: item.reasonCode })),
        { fee: r.fee, bonusPercent: policy?.bonus ?? 0, deductionPercents: damagedDeductionPercents(policy?.reasons ?? []) },
      );
      // The policy's proposal (damaged items of a reason with a deduction rule cost that percent) is
      // what is due; the agent may still refund up to the full value, but never more.
      const refund = input.refundAmount === '' ? due.proposedRefund : toMinorUnits(input.refundAmount);
      if (refund > due.refund) throw refusal('amount_above_entitlement');
      // Less than the proposal — or nothing at all for items the customer sent back for a refund —
      // is never silent: the customer's email and the case carry the agent's reason.
      const refundItems = items.some(({ item }) => item.resolution === 'refund');
      if ((refund < due.proposedRefund || (refund === 0 && refundItems)) && !input.note) throw refusal('short_refund_needs_reason');
      const deductions = due.deductions.map((d) => ({ returnItemId: items[d.index]!.item.id, reasonCode: d.reasonCode, percent: d.percent, amount: d.amount }));
      const deductionNote = deductions.length
        ? `policy deduction: ${deductions.map((d) => `-${d.percent} % (${(d.amount / 100).toFixed(2)}) damaged, reason ${d.reasonCode}`).join('; ')}`
        : '';
      const deductionTaken = deductions.length > 0 && refund < due.refund;

      if (refund > 0) {
        const reason = [input.note || `Return ${r.rmaNumber}`, deductionTaken ? deductionNote : ''].filter(Boolean).join(' — ');
        const [row] = await tx
          .insert(refunds)
          .values({ orderId: r.orderId, returnId: r.id, caseId, amount: refund, currency: r.currency, reason: reason.slice(0, 1000), createdByStaffId: actor.staffId })
          .returning({ id: refunds.id });
        // Requested only: the worker carries it out on the order's rail (lib/refunds/execute-refunds.ts), and
        // the customer hears of it (the "refund issued" email) once it succeeded.
        const refundData = { refundId: row!.id, orderId: r.orderId, returnId: r.id, amount: refund, currency: r.currency };
        await recordEvent(tx, { type: 'refund.requested', actor, caseId, data: refundData });
      }
      if (due.credit > 0) {
        const [comp] = await tx
          .insert(compensations)
          .values({ caseId, orderId: r.orderId, returnId: r.id, kind: 'store_credit', status: 'approved', amount: due.credit, currency: r.currency, reason: `Return ${r.rmaNumber}`, requestedByStaffId: actor.staffId })
          .returning({ id: compensations.id });
        await issueCompensation(tx, { compensationId: comp!.id, actor, staffId: actor.staffId });
      }

      let exchangeShipmentId: string | null = null;
      if (due.exchangeUnits > 0) {
        const [first] = await tx.select({ carrier: shipments.carrier }).from(shipments).where(and(eq(shipments.orderId, r.orderId), eq(shipments.direction, 'outbound'))).limit(1);
        const carrier = first?.carrier ?? r.carrier ?? 'posti';
        const [parcel] = await tx
          .insert(shipments)
          .values({ orderId: r.orderId, direction: 'outbound', carrier, service: 'exchange', trackingNumber: newOutboundTrackingNumber(carrier), status: 'info_received' })
          .returning({ id: shipments.id });
        exchangeShipmentId = parcel!.id;
        await recordExchange(tx, { r, caseId, actor, shipmentId: parcel!.id, items: items.map(({ item }) => item) });
      }
      for (const { item } of items) {
        const open = item.quantity - item.receivedQuantity;
        if (open > 0) await releaseReturnQuantity(tx, item.orderLineId, open);
        // Exchange stock was held for every requested unit; only units that came back are sent.
        const unsent = item.inspectionGrade === 'missing' ? item.quantity : open;
        if (item.resolution === 'exchange' && item.exchangeVariantId && unsent > 0) await releaseStock(tx, item.exchangeVariantId, unsent);
      }

      const now = new Date();
      await tx.update(returns).set({ status: next, completedAt: now, exchangeShipmentId }).where(eq(returns.id, r.id));
      await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, r.orderId));
      await recordCaseEvent(tx, {
        actor,
        type: 'return.completed',
        caseId,
        orderId: r.orderId,
        data: {
          returnId: r.id,
          rma: r.rmaNumber,
          refund,
          refundDue: due.proposedRefund,
          refundFullValue: due.refund,
          deductions: deductions.length ? deductions : undefined,
          partial: refund < due.proposedRefund,
          credit: due.credit,
          exchangeShipmentId,
          note: input.note || undefined,
        },
      });
      await recordEvent(tx, {
        type: 'return.completed',
        actor,
        caseId,
        data: { returnId: r.id, orderId: r.orderId, rma: r.rmaNumber, refund, credit: due.credit, currency: r.currency, exchangeShipmentId },
      });
      await queueReturnEmail(tx, { returnId: r.id, step: 'completed' });
      // Store credit alone is told now; a refund is told once it succeeded on its rail (the refund.succeeded
      // subscriber in ../subscribers.ts, which also names the credit).
      if (refund === 0) await queueRefundIssuedEmail(tx, { returnId: r.id, refund: 0, credit: due.credit, issuedAt: now });
      if (exchangeShipmentId) await queueExchangeShippedEmail(tx, { returnId: r.id, shipmentId: exchangeShipmentId });
      if (caseId) {
        const resolved = await tx
          .update(cases)
          .set({ status: 'resolved', resolvedAt: now, version: sql`${cases.version} + 1` })
          .where(and(eq(cases.id, caseId), inArray(cases.status, ['open', 'waiting_customer', 'waiting_carrier'])))
          .returning({ id: cases.id });
        if (resolved.length) {
          await recordCaseEvent(tx, { actor, type: 'case.resolved', caseId, orderId: r.orderId, data: { via: 'return.completed' } });
          await recordEvent(tx, { type: 'case.resolved', actor, caseId, data: { caseId, orderId: r.orderId, via: 'return.completed' } });
          await queueCsatSurvey(tx, { caseId, actor });
        }
      }
      return { refund, proposedRefund: due.proposedRefund, credit: due.credit, exchangeShipmentId, partial: refund < due.proposedRefund };
    });
  } catch (error) {
    throw mapRefundError(error);
  }
}

/**
 * `exchange.created`: what the warehouse must ship (sku, variant, quantity: the exchange units that came
 * back, not missing) and to whom (the order's shipping address), for the shop's own fulfilment.
 */
async function recordExchange(
  tx: Tx,
  input: { r: { id: string; orderId: string; rmaNumber: string }; caseId: string | null; actor: Actor; shipmentId: string; items: Array<typeof returnItems.$inferSelect> },
): Promise<void> {
  const sent = input.items
    .filter((item) => item.resolution === 'exchange' && item.exchangeVariantId && item.inspectionGrade !== 'missing' && item.receivedQuantity > 0)
    .map((item) => ({ variantId: item.exchangeVariantId!, quantity: item.receivedQuantity, returnItemId: item.id }));
  const skus = sent.length
    ? await tx.select({ id: variants.id, sku: variants.sku, title: variants.title }).from(variants).where(inArray(variants.id, sent.map((s) => s.variantId)))
    : [];
  const [to] = await tx
    .select({
      name: orders.shippingName,
      email: orders.email,
      line1: orders.shippingLine1,
      line2: orders.shippingLine2,
      postalCode: orders.shippingPostalCode,
      city: orders.shippingCity,
      country: orders.shippingCountry,
    })
    .from(orders)
    .where(eq(orders.id, input.r.orderId));
  await recordEvent(tx, {
    type: 'exchange.created',
    actor: input.actor,
    caseId: input.caseId,
    data: {
      returnId: input.r.id,
      orderId: input.r.orderId,
      rma: input.r.rmaNumber,
      shipmentId: input.shipmentId,
      items: sent.map((s) => {
        const variant = skus.find((v) => v.id === s.variantId);
        return { sku: variant?.sku ?? null, title: variant?.title ?? null, variantId: s.variantId, quantity: s.quantity };
      }),
      shipTo: to ?? null,
    },
  });
}
