/**
 * The Shopify refund rail (contract: lib/core/refund-rail.ts). Claims orders that came from a connected Shopify shop.
 * An attempt: read the order's successful sale/capture transaction (the parent a refund transaction needs), then
 * `refundCreate` with the return's line items (lineItemId = order_lines.external_id, RETURN when restocked) and
 * one REFUND transaction of the amount. The ledger's idempotency key travels as Shopify's `@idempotent(key:)`
 * directive (optional from 2026-01, mandatory from 2026-04), so a retry after a timeout returns the first refund
 * instead of paying twice. userErrors → failed, not retryable; network, 5xx and throttling → failed, retryable.
 */
import type { DbOrTx } from '@/db';
import { decimalAmount } from '@/lib/core/money';
import type { RefundAttemptRequest, RefundAttemptResult, RefundRail } from '@/lib/core/refund-rail';
import { openIntegration, platformOrderLink } from '../integrations';
import { ShopifyApiError, shopifyGraphql } from './api';

export const ORDER_TRANSACTIONS_QUERY = `query PaluuOrderTransactions($id: ID!) {
  order(id: $id) { id transactions(first: 50) { id kind status gateway amountSet { shopMoney { amount currencyCode } } } }
}`;

/** The key is a literal in the directive (Shopify's documented form); only characters that need no escaping. */
export function refundCreateMutation(idempotencyKey: string): string {
  if (!/^[A-Za-z0-9_:.-]{1,255}$/.test(idempotencyKey)) throw new Error('The idempotency key has characters Shopify keys should not have.');
  return `mutation PaluuRefundCreate($input: RefundInput!) {
  refundCreate(input: $input) @idempotent(key: "${idempotencyKey}") {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`;
}

type Transactions = { order: { id: string; transactions: Array<{ id: string; kind: string; status: string; gateway: string; amountSet: { shopMoney: { amount: string; currencyCode: string } } }> } | null };
type RefundCreated = { refundCreate: { refund: { id: string } | null; userErrors: Array<{ field?: string[] | null; message: string; code?: string | null }> } };

const failed = (retryable: boolean, message: string, providerCode?: string): RefundAttemptResult => ({ outcome: 'failed', retryable, message, ...(providerCode ? { providerCode } : {}) });

export async function executeShopifyRefund(db: DbOrTx, request: RefundAttemptRequest, signal: AbortSignal): Promise<RefundAttemptResult> {
  const link = await platformOrderLink(db, 'shopify', request.order.id);
  if (!link) return failed(false, 'The order did not come from a connected Shopify shop.');
  const integration = await openIntegration(db, link.integrationId);
  if (!integration) return failed(false, 'The Shopify integration of this order was removed or its secrets no longer open.');
  const orderId = request.order.externalId ?? link.externalId;
  const unmapped = request.lines.filter((l) => !l.externalLineId);
  if (unmapped.length > 0) return failed(false, `Lines without a Shopify line item id: ${unmapped.map((l) => l.sku).join(', ')}.`);
  try {
    let transactions: Array<Record<string, unknown>> = [];
    if (request.amount > 0) {
      const data = await shopifyGraphql<Transactions>(integration, ORDER_TRANSACTIONS_QUERY, { id: orderId }, signal);
      if (!data.order) return failed(false, `Shopify has no order ${orderId}.`);
      const parent = data.order.transactions.find((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS');
      if (!parent) return failed(false, 'The Shopify order has no successful sale or capture to refund.');
      transactions = [{ orderId, parentId: parent.id, gateway: parent.gateway, kind: 'REFUND', amount: decimalAmount(request.amount) }];
    }
    const input = {
      orderId,
      ...(request.reason ? { note: request.reason.slice(0, 1000) } : {}),
      notify: false,
      refundLineItems: request.lines.map((l) => ({ lineItemId: l.externalLineId, quantity: l.quantity, restockType: l.restock ? 'RETURN' : 'NO_RESTOCK' })),
      transactions,
    };
    const data = await shopifyGraphql<RefundCreated>(integration, refundCreateMutation(request.idempotencyKey), { input }, signal);
    const { refund, userErrors } = data.refundCreate;
    if (userErrors.length > 0) return failed(false, userErrors.map((e) => e.message).join('; '), userErrors[0]?.code ?? 'USER_ERROR');
    if (!refund) return failed(true, 'Shopify answered without a refund.');
    return { outcome: 'succeeded', providerReference: refund.id };
  } catch (error) {
    if (error instanceof ShopifyApiError) return failed(error.retryable, error.message, error.code);
    if (signal.aborted) return failed(true, 'The attempt was aborted (timeout); the same key is safe to retry.');
    throw error;
  }
}

export const shopifyRefundRail: RefundRail = {
  id: 'shopify',
  async claims(db, orderId) {
    return Boolean(await platformOrderLink(db, 'shopify', orderId));
  },
  execute: executeShopifyRefund,
};
