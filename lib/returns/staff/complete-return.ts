import { and, eq, inArray, sql } from 'drizzle-orm';
import { cases, compensations, orderLines, orders, refunds, returnItems, returnPolicies, returns } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import { issueCompensation } from '@/lib/compensations/issue-compensation';
import { platformOfOrder } from '@/lib/compensations/platform-code-target';
import { mapRefundError, refusal } from '@/lib/compensations/money-errors';
import { toMinorUnits } from '@/lib/compensations/schemas';
import { queueCsatSurvey } from '@/lib/csat/queue-csat-survey';
import { createExchangeParcel } from '../exchange-parcel';
import { releaseReturnQuantity, releaseStock } from '../counters';
import { damagedDeductionPercents } from '../damaged-deduction';
import { settleReturn } from '../settlement';
import { queueReturnEmail } from '../return-emails';
import { lockReturnFor } from './lock-return';
import { type ResolveReturnInput, resolveReturnSchema } from './schemas';
import { authorize } from '@/lib/core/authorize';
import { queueRefundIssuedEmail } from '../resolution-emails';

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

      // A "ship now" exchange went out when it was requested (its parcel and exchange.created then).
      let exchangeShipmentId: string | null = r.shipNow ? r.exchangeShipmentId : null;
      if (!r.shipNow && due.exchangeUnits > 0) {
        const sent = items
          .map(({ item }) => item)
          .filter((item) => item.resolution === 'exchange' && item.exchangeVariantId && item.inspectionGrade !== 'missing' && item.receivedQuantity > 0)
          .map((item) => ({ variantId: item.exchangeVariantId!, quantity: item.receivedQuantity }));
        exchangeShipmentId = await createExchangeParcel(tx, { r, caseId, actor, sent });
      }
      for (const { item } of items) {
        const open = item.quantity - item.receivedQuantity;
        if (open > 0) await releaseReturnQuantity(tx, item.orderLineId, open);
        // Exchange stock was held for every requested unit; only units that came back are sent.
        const unsent = item.inspectionGrade === 'missing' ? item.quantity : open;
        // (A ship-now exchange item has left the warehouse: nothing of it goes back to stock.)
        if (!r.shipNow && item.resolution === 'exchange' && item.exchangeVariantId && unsent > 0) await releaseStock(tx, item.exchangeVariantId, unsent);
      }

      const now = new Date();
      await tx.update(returns).set({ status: next, completedAt: now, exchangeShipmentId }).where(eq(returns.id, r.id));
      await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, r.orderId));
      await recordEvent(tx, {
        actor,
        type: 'return.completed',
        caseId,
        data: {
          returnId: r.id,
          orderId: r.orderId,
          rma: r.rmaNumber,
          refund,
          refundDue: due.proposedRefund,
          refundFullValue: due.refund,
          deductions: deductions.length ? deductions : undefined,
          partial: refund < due.proposedRefund,
          credit: due.credit,
          currency: r.currency,
          exchangeShipmentId,
          note: input.note || undefined,
        },
      });
      await queueReturnEmail(tx, { returnId: r.id, step: 'completed' });
      // Store credit alone is told now; a refund is told once it succeeded on its rail (the refund.succeeded
      // subscriber in ../subscribers.ts, which also names the credit).
      // On a platform order the credit's code is told once the platform has it (lib/platforms/platform-codes.ts).
      if (refund === 0 && (due.credit === 0 || !(await platformOfOrder(tx, r.orderId)))) await queueRefundIssuedEmail(tx, { returnId: r.id, refund: 0, credit: due.credit, issuedAt: now });
      // The exchange parcel awaits the shop: "your new item is on its way" goes out when it reports the tracking
      // number (lib/shipments/fill-pending-parcel.ts), never with a parcel no carrier has.
      if (caseId) {
        const resolved = await tx
          .update(cases)
          .set({ status: 'resolved', resolvedAt: now, version: sql`${cases.version} + 1` })
          .where(and(eq(cases.id, caseId), inArray(cases.status, ['open', 'waiting_customer', 'waiting_carrier'])))
          .returning({ id: cases.id });
        if (resolved.length) {
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
