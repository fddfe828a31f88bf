import { loadEmailMessages } from '@/lib/settings/email-templates';
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { orders, withdrawals } from '@/db/schema';
import type { Ctx } from '@/lib/core/actor';
import { openCase } from '@/lib/cases/open-case';
import { recordEvent } from '@/lib/core/events';
import { AppError } from '@/lib/errors';
import { enqueueEmail } from '@/lib/outbox/enqueue-email';
import { getWithdrawalContext, getWithdrawalReceipt } from './queries';
import { receiptTranslator, renderReceiptEmail, type WithdrawalReceipt } from './receipt';
import { type ConfirmWithdrawalInput, confirmWithdrawalSchema } from './schemas';
import { canWithdraw, withdrawalRefund } from './state';

const RECEIPT_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** `W-7K3Q9XH2`: short enough to read out on the phone, no 0/O or 1/I. */
export function newReceiptNumber(): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return `W-${out}`;
}

/**
 * Records the withdrawal statement ("Confirm withdrawal") in one transaction: the statement with the
 * server's timestamp, a staff case, the audit row and the acknowledgement email in the outbox. The
 * email leaves later (worker); if the mail server is down the statement is still recorded and the
 * receipt can be downloaded. The receipt acknowledges receipt only — staff decide anything else.
 * The same idempotency key returns the first statement (double click, reload).
 */
export async function submitWithdrawal(ctx: Ctx, input: ConfirmWithdrawalInput & { orderId: string }): Promise<WithdrawalReceipt> {
  const parsed = confirmWithdrawalSchema.parse(input);
  const receiptNumber = await ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ receiptNumber: withdrawals.receiptNumber, orderId: withdrawals.orderId })
      .from(withdrawals)
      .where(eq(withdrawals.idempotencyKey, parsed.idempotencyKey))
      .limit(1);
    if (existing) {
      if (existing.orderId !== input.orderId) throw new AppError('conflict', 'Idempotency key used for another order.');
      return existing.receiptNumber;
    }
    // Serialize statements per order (two tabs): the lock also pins the order while we compute.
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, input.orderId)).for('update');
    const context = await getWithdrawalContext(tx, input.orderId);
    if (!context) throw new AppError('not_found', 'No such order.');
    if (!canWithdraw(context.period)) throw new AppError('invalid_state', 'The withdrawal period has ended.', { details: { reason: 'withdrawal_period_closed', period: context.period } });

    const lineById = new Map(context.lines.map((l) => [l.id, l]));
    const merged = new Map<string, number>();
    for (const l of parsed.lines) {
      const line = lineById.get(l.orderLineId);
      if (!line) throw new AppError('invalid_input', 'Unknown order line.', { details: { lines: ['unknownLine'] } });
      merged.set(l.orderLineId, Math.min(line.quantity, (merged.get(l.orderLineId) ?? 0) + l.quantity));
    }
    // Nothing chosen = the whole order (the model form's default).
    const chosen = merged.size ? [...merged].map(([orderLineId, quantity]) => ({ orderLineId, quantity })) : null;
    const refund = withdrawalRefund({ lines: context.lines, shippingAmount: context.order.shippingAmount, withdrawn: chosen });

    const [row] = await tx
      .insert(withdrawals)
      .values({
        receiptNumber: newReceiptNumber(),
        orderId: input.orderId,
        name: parsed.name,
        email: parsed.email,
        lines: chosen,
        locale: parsed.locale,
        timeZone: context.shop.timeZone,
        currency: context.order.currency,
        itemsAmount: refund.itemsAmount,
        deliveryRefundAmount: refund.deliveryRefundAmount,
        idempotencyKey: parsed.idempotencyKey,
      })
      .returning();
    const withdrawal = row!;
    const opened = await openCase(tx, {
      actor: ctx.actor,
      type: 'withdrawal',
      subject: `Withdrawal ${withdrawal.receiptNumber} · order ${context.order.orderNumber}`,
      customerEmail: parsed.email,
      customerName: parsed.name,
      locale: parsed.locale,
      priority: 'high',
      orderId: input.orderId,
      withdrawalId: withdrawal.id,
      tags: ['withdrawal', chosen ? 'partial' : 'whole_order'],
    });
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'withdrawal.received',
      caseId: opened.id,
      data: {
        withdrawalId: withdrawal.id,
        orderId: input.orderId,
        receiptNumber: withdrawal.receiptNumber,
        lines: chosen,
        itemsAmount: refund.itemsAmount,
        deliveryRefundAmount: refund.deliveryRefundAmount,
        submittedAt: withdrawal.submittedAt.toISOString(),
        // CRD art. 13(1): the refund is due within 14 days of receiving the statement (staff SLA).
        refundDueBy: new Date(withdrawal.submittedAt.getTime() + 14 * 86_400_000).toISOString(),
        period: context.period,
      },
    });
    const stored = await getWithdrawalReceipt(tx, withdrawal.receiptNumber);
    const t = await receiptTranslator(parsed.locale, await loadEmailMessages(tx, parsed.locale));
    await enqueueEmail(tx, {
      kind: 'withdrawal_receipt',
      dedupeKey: `withdrawal:${withdrawal.id}:receipt`,
      locale: parsed.locale,
      orderId: input.orderId,
      caseId: opened.id,
      email: { to: parsed.email, ...(await renderReceiptEmail(t, stored!.receipt, null)) },
    });
    return withdrawal.receiptNumber;
  });
  const stored = await getWithdrawalReceipt(ctx.db, receiptNumber);
  return stored!.receipt;
}
