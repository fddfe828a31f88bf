import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { orders, photos, returnItems, returns, variants } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { openCase } from '@/lib/cases/open-case';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { isLocale } from '@/lib/core/locales';
import { issueReturnLabel } from '@/lib/returns/issue-return-label';
import { isMethodOffered } from './methods';
import { evaluateReturn, type ExchangeTarget, type Refusal, type RequestedItem, shipNowDeadline, shipNowRefusal } from './policy';
import { createExchangeParcel } from './exchange-parcel';
import { countOpenReturns, loadPolicy, loadPolicyLines } from './queries';
import { reserveReturnQuantity, reserveStock } from './counters';
import type { ReturnRequestInput } from './schemas';
import { isUniqueViolation } from '@/lib/core/pg-error';
import { paymentMethodNeedsIban } from '@/lib/core/payment-methods';
import { saveRefundBankAccount } from '@/lib/payouts/bank-accounts';
import { checkRefundAccount, maskIban } from '@/lib/payouts/iban';

export type SubmitReturnInput = { orderId: string; request: ReturnRequestInput; timeZone: string; now?: Date };
export type SubmitReturnResult = { returnId: string; rma: string; status: 'requested' | 'approved' | 'label_issued'; duplicate: boolean };

/** Refusals travel in `details` so the wizard can show each next to its item. */
export type RefusalDetails = { refusals: Array<{ orderLineId: string | null; refusal: Refusal }> };

const refuse = (refusals: RefusalDetails['refusals']) => new AppError('invalid_state', 'The return is not allowed.', { details: { refusals } satisfies RefusalDetails });

/**
 * The customer's return, in one transaction: the order row is locked (open-returns cap and
 * counters are decided one request at a time per order), the policy decides, counters and
 * exchange stock move with guarded UPDATEs, the RMA comes from the sequence, photos are attached,
 * a staff case opens, the email is queued. A repeated idempotency key returns the first result.
 */
export async function submitReturn(ctx: Ctx, input: SubmitReturnInput): Promise<SubmitReturnResult> {
  const { request } = input;
  const now = input.now ?? new Date();
  try {
    return await ctx.db.transaction(async (tx) => {
      const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for('update').limit(1);
      if (!order) throw new AppError('not_found');

      const [existing] = await tx
        .select({ id: returns.id, rma: returns.rmaNumber, status: returns.status, orderId: returns.orderId })
        .from(returns)
        .where(eq(returns.idempotencyKey, request.idempotencyKey))
        .limit(1);
      if (existing) return duplicateResult(existing, order.id);

      const selected = request.items.filter((item) => item.selected);
      const [policy, lines, openReturns] = await Promise.all([loadPolicy(tx), loadPolicyLines(tx, order.id), countOpenReturns(tx, order.id)]);
      const exchangeIds = selected.map((i) => i.exchangeVariantId).filter((id): id is string => Boolean(id));
      const targets = exchangeIds.length ? await tx.select().from(variants).where(inArray(variants.id, exchangeIds)) : [];

      const requested: RequestedItem[] = selected.map((item) => {
        const target = targets.find((v) => v.id === item.exchangeVariantId);
        const exchange: ExchangeTarget | null = target
          ? { variantId: target.id, productKey: target.productKey, price: target.price, currency: target.currency, stock: target.discontinuedAt ? 0 : target.stock }
          : null;
        return {
          orderLineId: item.orderLineId,
          quantity: item.quantity,
          reasonCode: item.reasonCode,
          resolution: item.resolution === 'refund' || item.resolution === 'store_credit' ? item.resolution : 'exchange',
          photoCount: new Set(item.photoIds).size,
          exchange: item.resolution === 'exchange_variant' || item.resolution === 'exchange_product' ? exchange : null,
        };
      });
      const evaluation = evaluateReturn(policy, { market: order.market, currency: order.currency, canceled: order.canceledAt !== null, openReturns }, lines, requested, now, input.timeZone);
      if (!evaluation.ok) throw refuse(evaluation.refusals);
      if (!request.method || !request.carrier || !isMethodOffered(order.market, request.carrier, request.method)) {
        throw new AppError('invalid_input', 'This return method is not offered.', { details: { fieldErrors: { method: ['methodRequired'] } } });
      }
      // "Send my new item now": only where the policy offers it, for this order's value, every item an exchange in
      // stock, and only for a return approved at once (one that waits for review may yet be rejected).
      let shipNow: { deadline: Date } | null = null;
      if (request.shipNow) {
        const orderValue = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
        const refusal = shipNowRefusal(policy, orderValue, requested, evaluation.autoApprove);
        if (refusal) throw refuse([{ orderLineId: null, refusal }]);
        shipNow = { deadline: shipNowDeadline(now, policy.shipNowChargeAfterDays) };
      }
      // A refund of an invoice, BNPL or bank-transfer order is paid to the customer's bank account.
      const needsAccount = paymentMethodNeedsIban(order.paymentMethod) && requested.some((item) => item.resolution === 'refund');
      const account = needsAccount ? checkRefundAccount(request.refundAccount) : null;
      if (account && !account.ok) {
        const fieldErrors = Object.fromEntries(Object.entries(account.errors).map(([field, key]) => [`refundAccount.${field}`, [key]]));
        throw new AppError('invalid_input', 'The bank account is not valid.', { details: { fieldErrors } });
      }
      // Same product means another size or colour of it; another product is paid by credit.
      for (const [index, item] of selected.entries()) {
        const line = lines.find((l) => l.id === item.orderLineId)!;
        const target = requested[index]!.exchange;
        if (target && (item.resolution === 'exchange_variant') !== (target.productKey === line.productKey)) {
          throw refuse([{ orderLineId: line.id, refusal: { code: 'exchange_variant_required' } }]);
        }
      }

      for (const item of requested) {
        if (!(await reserveReturnQuantity(tx, item.orderLineId, item.quantity))) {
          throw refuse([{ orderLineId: item.orderLineId, refusal: { code: 'quantity_too_high', values: { max: 0 } } }]);
        }
        if (item.exchange && !(await reserveStock(tx, item.exchange.variantId, item.quantity))) {
          throw refuse([{ orderLineId: item.orderLineId, refusal: { code: 'exchange_out_of_stock', values: { available: 0 } } }]);
        }
      }

      const [next] = await tx.execute<{ seq: string }>(sql`select nextval('rma_number_seq')::text as seq`);
      const rma = `R-${next!.seq}`;
      const { quote } = evaluation;
      const [created] = await tx
        .insert(returns)
        .values({
          rmaNumber: rma,
          orderId: order.id,
          status: 'requested',
          method: request.method,
          carrier: request.carrier,
          fee: quote.fee,
          currency: order.currency,
          estimatedRefund: quote.refund,
          estimatedCredit: quote.credit,
          idempotencyKey: request.idempotencyKey,
          requestedAt: now,
          shipNow: shipNow !== null,
          shipNowDeadline: shipNow?.deadline ?? null,
        })
        .returning({ id: returns.id });
      const returnId = created!.id;
      const insertedItems = await tx
        .insert(returnItems)
        .values(
          requested.map((item, index) => ({
            returnId,
            orderLineId: item.orderLineId,
            quantity: item.quantity,
            reasonCode: item.reasonCode,
            comment: selected[index]!.comment || null,
            resolution: item.resolution,
            exchangeVariantId: item.exchange?.variantId ?? null,
          })),
        )
        .returning({ id: returnItems.id, orderLineId: returnItems.orderLineId });
      await attachPhotos(tx, order.id, selected, insertedItems);
      if (account?.ok) await saveRefundBankAccount(tx, { returnId, orderId: order.id, account: account.account });

      const locale = isLocale(order.locale) ? order.locale : 'fi';
      const kase = await openCase(tx, {
        actor: ctx.actor,
        type: evaluation.kind,
        subject: `${evaluation.kind === 'exchange' ? 'Exchange' : 'Return'} ${rma} · ${order.orderNumber}`,
        customerEmail: order.email,
        customerName: order.customerName,
        locale,
        orderId: order.id,
        returnId,
        tags: [evaluation.kind, evaluation.autoApprove ? 'auto_approved' : 'needs_review', ...(shipNow ? ['ship_now'] : [])],
      });
      await recordEvent(tx, {
        actor: ctx.actor,
        type: 'return.requested',
        caseId: kase.id,
        data: { returnId, orderId: order.id, rma, method: request.method, autoApprove: evaluation.autoApprove, carrier: request.carrier, ...(shipNow ? { shipNow: true, shipNowDeadline: shipNow.deadline.toISOString() } : {}), ...(account?.ok ? { refundAccount: maskIban(account.account.iban) } : {}), fee: quote.fee, refund: quote.refund, credit: quote.credit, items: requested.map(({ orderLineId, quantity, reasonCode, resolution }) => ({ orderLineId, quantity, reasonCode, resolution })) },
      });
      if (shipNow) {
        // Ship now: the exchange parcel and exchange.created now, not at receipt (the stock is held above).
        const sent = requested.map((item) => ({ variantId: item.exchange!.variantId, quantity: item.quantity }));
        const exchangeShipmentId = await createExchangeParcel(tx, { r: { id: returnId, orderId: order.id, rmaNumber: rma, carrier: request.carrier }, caseId: kase.id, actor: ctx.actor, sent, shipNow });
        await tx.update(returns).set({ exchangeShipmentId }).where(eq(returns.id, returnId));
      }

      // The customer's "requested" / "approved" emails follow from these events (lib/returns/subscribers.ts).
      if (!evaluation.autoApprove) {
        return { returnId, rma, status: 'requested' as const, duplicate: false };
      }
      await tx.update(returns).set({ status: 'approved', approvedAt: now }).where(eq(returns.id, returnId));
      await recordEvent(tx, { type: 'return.approved', actor: { type: 'system' }, caseId: kase.id, data: { returnId, orderId: order.id, rma, rule: 'auto_approve' } });
      try {
        // A savepoint: if the label cannot be made now, the return stays approved and staff retry.
        await tx.transaction((sp) => issueReturnLabel(ctx.db, sp, { returnId, actor: { type: 'system' } }));
        return { returnId, rma, status: 'label_issued' as const, duplicate: false };
      } catch (error) {
        console.error('Return label could not be issued', rma, error);
        return { returnId, rma, status: 'approved' as const, duplicate: false };
      }
    });
  } catch (error) {
    // Two submits with one key racing past the lock-free read: the loser reports the winner.
    if (isUniqueViolation(error, 'returns_idempotency_key_key')) {
      const [existing] = await ctx.db
        .select({ id: returns.id, rma: returns.rmaNumber, status: returns.status, orderId: returns.orderId })
        .from(returns)
        .where(eq(returns.idempotencyKey, request.idempotencyKey))
        .limit(1);
      if (existing) return duplicateResult(existing, input.orderId);
    }
    throw error;
  }
}

function duplicateResult(existing: { id: string; rma: string; status: string; orderId: string }, orderId: string): SubmitReturnResult {
  if (existing.orderId !== orderId) throw new AppError('conflict', 'This request key belongs to another order.');
  const status = existing.status === 'requested' || existing.status === 'approved' ? existing.status : 'label_issued';
  return { returnId: existing.id, rma: existing.rma, status, duplicate: true };
}

async function attachPhotos(tx: Tx, orderId: string, selected: ReturnRequestInput['items'], inserted: Array<{ id: string; orderLineId: string }>): Promise<void> {
  for (const item of selected) {
    const ids = [...new Set(item.photoIds)];
    if (ids.length === 0) continue;
    const returnItemId = inserted.find((i) => i.orderLineId === item.orderLineId)!.id;
    const attached = await tx
      .update(photos)
      .set({ returnItemId })
      .where(and(inArray(photos.id, ids), eq(photos.orderId, orderId), isNull(photos.returnItemId), isNull(photos.claimId)))
      .returning({ id: photos.id });
    if (attached.length !== ids.length) throw new AppError('invalid_input', 'A photo is missing or belongs elsewhere.', { details: { fieldErrors: { photos: ['photoMissing'] } } });
  }
}
