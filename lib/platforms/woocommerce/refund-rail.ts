/**
 * The WooCommerce refund rail (contract: lib/core/refund-rail.ts). Claims orders that came from a connected
 * WooCommerce store. An attempt: `POST orders/{id}/refunds` (REST API v3, "Create a refund") with `amount` (a
 * decimal string), `reason`, `line_items` (the WooCommerce line item id, quantity and `refund_total`),
 * `api_restock`/`restock_items` and `api_refund: true` (the store's payment gateway moves the money).
 *
 * Idempotency: WooCommerce has no idempotency header. The attempt's key travels in the refund's `meta_data`
 * (`paluu_idempotency_key`) and at the end of its `reason` (`[paluu:KEY]`); before creating, the rail lists the
 * order's refunds and takes one carrying the key as already done. So a retry after a timeout whose refund did go
 * through returns that refund instead of paying twice. Limit: two attempts of one refund running at the same
 * moment could both miss each other; the ledger runs one attempt of a refund at a time.
 *
 * Restocking: WooCommerce restocks all of a refund's lines or none (`api_restock`); lines are restocked only
 * when every line of the return is to be restocked, so a damaged item is never put back on sale.
 * A refusal (4xx, or WooCommerce's `woocommerce_rest_cannot_create_order_refund`, which core sends with status
 * 500) → failed, not retryable, with WooCommerce's message;
 * network errors, timeouts, 429 and 5xx → failed, retryable.
 */
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orderLines } from '@/db/schema';
import { decimalAmount } from '@/lib/core/money';
import type { RefundAttemptRequest, RefundAttemptResult, RefundRail } from '@/lib/core/refund-rail';
import { openIntegration, platformOrderLink } from '../integrations';
import { WooApiError, wooRequest } from './api';

export const IDEMPOTENCY_META_KEY = 'paluu_idempotency_key';
export const reasonTag = (key: string) => `[paluu:${key}]`;

type WooRefund = { id: number; amount?: string; reason?: string | null; meta_data?: Array<{ key?: string; value?: unknown }> };

const failed = (retryable: boolean, message: string, providerCode?: string): RefundAttemptResult => ({ outcome: 'failed', retryable, message, ...(providerCode ? { providerCode } : {}) });

export const providerReference = (domain: string, orderId: string, refundId: number) => `${domain}/orders/${orderId}/refunds/${refundId}`.slice(0, 255);

function carriesKey(refund: WooRefund, key: string): boolean {
  return (refund.meta_data ?? []).some((m) => m.key === IDEMPOTENCY_META_KEY && m.value === key) || (refund.reason ?? '').includes(reasonTag(key));
}

export async function executeWooRefund(db: DbOrTx, request: RefundAttemptRequest, signal: AbortSignal): Promise<RefundAttemptResult> {
  const link = await platformOrderLink(db, 'woocommerce', request.order.id);
  if (!link) return failed(false, 'The order did not come from a connected WooCommerce store.');
  const integration = await openIntegration(db, link.integrationId);
  if (!integration) return failed(false, 'The WooCommerce integration of this order was removed or its secrets no longer open.');
  const orderId = link.externalId;
  if (!/^\d+$/.test(orderId)) return failed(false, `The WooCommerce order id ${JSON.stringify(orderId)} is not a number.`);
  const unmapped = request.lines.filter((l) => !l.externalLineId || !/^\d+$/.test(l.externalLineId));
  if (unmapped.length > 0) return failed(false, `Lines without a WooCommerce line item id: ${unmapped.map((l) => l.sku).join(', ')}.`);
  try {
    // A refund carrying this key exists already: an earlier attempt went through (its answer was lost).
    const { data: existing } = await wooRequest<WooRefund[]>(integration, 'GET', `orders/${orderId}/refunds`, { query: { per_page: 100 }, signal });
    const done = Array.isArray(existing) ? existing.find((r) => carriesKey(r, request.idempotencyKey)) : undefined;
    if (done) return { outcome: 'succeeded', providerReference: providerReference(integration.domain, orderId, done.id) };

    // refund_total per line: the line's value, allotted in order until the refund's amount is used up.
    const prices = request.lines.length
      ? await db.select({ id: orderLines.id, unitPrice: orderLines.unitPrice }).from(orderLines).where(inArray(orderLines.id, request.lines.map((l) => l.orderLineId)))
      : [];
    const priceOf = new Map(prices.map((p) => [p.id, p.unitPrice]));
    let left = request.amount;
    const lineItems = request.lines.map((l) => {
      const total = Math.min(left, (priceOf.get(l.orderLineId) ?? 0) * l.quantity);
      left -= total;
      return { id: Number(l.externalLineId), quantity: l.quantity, refund_total: decimalAmount(total) };
    });
    const restock = request.lines.length > 0 && request.lines.every((l) => l.restock);
    const reason = `${(request.reason ?? 'Return').slice(0, 900)} ${reasonTag(request.idempotencyKey)}`;
    const body = {
      amount: decimalAmount(request.amount),
      reason,
      api_refund: true,
      // WooCommerce core reads `api_restock` (current REST controller) or `restock_items` (older ones).
      api_restock: restock,
      restock_items: restock,
      line_items: lineItems,
      meta_data: [{ key: IDEMPOTENCY_META_KEY, value: request.idempotencyKey }],
    };
    const { data: refund } = await wooRequest<WooRefund>(integration, 'POST', `orders/${orderId}/refunds`, { body, signal });
    if (!refund || typeof refund.id !== 'number') return failed(true, 'WooCommerce answered without a refund.');
    return { outcome: 'succeeded', providerReference: providerReference(integration.domain, orderId, refund.id) };
  } catch (error) {
    if (signal.aborted) return failed(true, 'The attempt was aborted (timeout); the same key is safe to retry.');
    if (error instanceof WooApiError) return failed(error.retryable, error.message, error.code);
    throw error;
  }
}

export const wooRefundRail: RefundRail = {
  id: 'woocommerce',
  async claims(db, orderId) {
    return Boolean(await platformOrderLink(db, 'woocommerce', orderId));
  },
  execute: executeWooRefund,
};
