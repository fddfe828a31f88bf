'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db';
import { getVerifiedOrderAccess, grantOrderAccess } from '@/lib/auth/order-access';
import { type ActionResult, AppError, toActionResult } from '@/lib/errors';
import { clientKeyFrom } from '@/lib/http/client-ip';
import { toLocale } from '@/lib/i18n/locales';
import { findOrderIdByNumber } from '@/lib/orders/queries';
import { identifyWithdrawal } from '@/lib/withdrawals/identify-withdrawal';
import type { WithdrawalLineDto } from '@/lib/withdrawals/queries';
import { receiptRows, receiptTranslator, refundText } from '@/lib/withdrawals/receipt';
import type { ConfirmWithdrawalInput, WithdrawalIdentifyInput } from '@/lib/withdrawals/schemas';
import type { WithdrawalPeriod } from '@/lib/withdrawals/state';
import { submitWithdrawal } from '@/lib/withdrawals/submit-withdrawal';

export type WithdrawalOrder = { orderNumber: string; lines: WithdrawalLineDto[]; period: WithdrawalPeriod };

/**
 * Guest path, step 1: name, order number and the order's email. Uses the order lookup (same
 * rate limits, the same generic "not found" for every mismatch) and opens the order in this browser.
 */
export async function identifyWithdrawalAction(input: WithdrawalIdentifyInput): Promise<ActionResult<WithdrawalOrder>> {
  try {
    const found = await identifyWithdrawal({ db: getDb(), clientKey: clientKeyFrom(await headers()) }, input);
    await grantOrderAccess(found.orderId);
    return { ok: true, data: { orderNumber: found.orderNumber, lines: found.lines, period: found.period } };
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
    if (!orderId || !(await getVerifiedOrderAccess(orderId))) throw new AppError('not_found');
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
