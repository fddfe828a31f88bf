'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db';
import { getOrderAccess, grantOrderAccess } from '@/lib/auth/order-access';
import { type ActionResult, AppError, toActionResult } from '@/lib/errors';
import { clientIpFrom } from '@/lib/http/client-ip';
import { toLocale } from '@/lib/i18n/locales';
import { lookupOrder } from '@/lib/orders/lookup-order';
import { findOrderIdByNumber } from '@/lib/orders/queries';
import { getWithdrawalContext, type WithdrawalLineDto } from '@/lib/withdrawals/queries';
import { receiptRows, receiptTranslator, refundText } from '@/lib/withdrawals/receipt';
import { type ConfirmWithdrawalInput, type WithdrawalIdentifyInput, withdrawalIdentifySchema } from '@/lib/withdrawals/schemas';
import type { WithdrawalPeriod } from '@/lib/withdrawals/state';
import { submitWithdrawal } from '@/lib/withdrawals/submit-withdrawal';

export type WithdrawalOrder = { orderNumber: string; lines: WithdrawalLineDto[]; period: WithdrawalPeriod };

/**
 * Guest path, step 1: name, order number and the order's email. Uses the order lookup (same
 * rate limits, the same generic "not found" for every mismatch) and opens the order in this browser.
 */
export async function identifyWithdrawalAction(input: WithdrawalIdentifyInput): Promise<ActionResult<WithdrawalOrder>> {
  try {
    const parsed = withdrawalIdentifySchema.parse(input);
    const db = getDb();
    const found = await lookupOrder({ db, clientKey: clientIpFrom(await headers()) }, { orderNumber: parsed.orderNumber, contact: parsed.email });
    await grantOrderAccess(found.orderId);
    const context = await getWithdrawalContext(db, found.orderId);
    if (!context) throw new AppError('not_found');
    return { ok: true, data: { orderNumber: context.order.orderNumber, lines: context.lines, period: context.period } };
  } catch (error) {
    return toActionResult(error);
  }
}

export type ReceiptView = { receiptNumber: string; rows: Array<{ label: string; value: string }>; statement: string; refund: string; email: string };

/** "Confirm withdrawal": records the statement for the order this browser has open. */
export async function confirmWithdrawalAction(input: ConfirmWithdrawalInput): Promise<ActionResult<ReceiptView>> {
  try {
    const db = getDb();
    const orderId = await findOrderIdByNumber(db, String(input.orderNumber ?? ''));
    if (!orderId || !(await getOrderAccess(orderId))) throw new AppError('not_found');
    const receipt = await submitWithdrawal({ db, actor: { type: 'customer', orderId } }, { ...input, orderId });
    const t = await receiptTranslator(toLocale(receipt.locale));
    return {
      ok: true,
      data: { receiptNumber: receipt.receiptNumber, rows: receiptRows(t, receipt), statement: t('statement'), refund: refundText(t, receipt), email: receipt.email },
    };
  } catch (error) {
    return toActionResult(error);
  }
}
