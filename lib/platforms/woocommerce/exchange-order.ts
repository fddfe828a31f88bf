/**
 * An exchange's replacement order on WooCommerce (issue #15): `POST orders` (REST API v3 "Create an order") with
 * the new item(s) found by SKU (`GET products?sku=`; a variation is ordered as its parent product plus
 * `variation_id`), line totals of 0, status `processing`, the original shipping address and email, and the meta
 * `_paluu_exchange_rma`. WooCommerce has no idempotency key, so every attempt first reads the customer's recent
 * orders (`GET orders?search=<email>`) for one carrying that meta: a retry after a lost answer finds the order
 * the first attempt made. 4xx and WooCommerce's own refusals → final with its message; network, 429, 5xx → retryable.
 */
import type { OpenIntegration, PlatformResult } from '../platform';
import { exchangeOrderNote, splitName, type ExchangeOrderInput, type ExchangeOrderRef } from '../exchange-order-input';
import { WooApiError, wooRequest } from './api';

export const EXCHANGE_RMA_META = '_paluu_exchange_rma';

type WooOrder = { id: number; number?: string; meta_data?: Array<{ key: string; value: unknown }> };
type WooProduct = { id: number; sku: string; type?: string; parent_id?: number };

/** The order's edit page in wp-admin (WooCommerce redirects it to the HPOS screen where that is on). */
export function wooAdminUrl(integration: Pick<OpenIntegration, 'domain' | 'credentials'>, id: number): string {
  const site = (integration.credentials.url ?? `https://${integration.domain}`).replace(/\/+$/, '');
  return `${site}/wp-admin/post.php?post=${id}&action=edit`;
}

export async function createWooExchangeOrder(integration: OpenIntegration, input: ExchangeOrderInput, signal?: AbortSignal): Promise<PlatformResult<ExchangeOrderRef>> {
  const ref = (order: WooOrder): ExchangeOrderRef => ({ id: String(order.id), name: `#${order.number ?? order.id}`, adminUrl: wooAdminUrl(integration, order.id) });
  try {
    const { data: recent } = await wooRequest<WooOrder[]>(integration, 'GET', 'orders', { query: { search: input.email, per_page: 50, orderby: 'date', order: 'desc' }, signal });
    const made = (Array.isArray(recent) ? recent : []).find((o) => (o.meta_data ?? []).some((m) => m.key === EXCHANGE_RMA_META && m.value === input.rma));
    if (made) return { ok: true, value: ref(made) };

    const lineItems: Array<Record<string, unknown>> = [];
    for (const item of input.items) {
      const { data: products } = await wooRequest<WooProduct[]>(integration, 'GET', 'products', { query: { sku: item.sku }, signal });
      const product = (Array.isArray(products) ? products : []).find((p) => p.sku === item.sku);
      if (!product) return { ok: false, retryable: false, message: `No WooCommerce product has SKU ${item.sku}.`, code: 'sku_not_found' };
      const variation = product.type === 'variation' || (product.parent_id ?? 0) > 0;
      lineItems.push({
        product_id: variation ? product.parent_id : product.id,
        ...(variation ? { variation_id: product.id } : {}),
        quantity: item.quantity,
        subtotal: '0.00',
        total: '0.00',
      });
    }
    const { first, last } = splitName(input.shipTo.name);
    const address = { first_name: first, last_name: last, address_1: input.shipTo.line1, address_2: input.shipTo.line2 ?? '', city: input.shipTo.city, postcode: input.shipTo.postalCode, country: input.shipTo.country };
    const body = {
      status: 'processing',
      currency: input.currency,
      set_paid: true,
      billing: { ...address, email: input.email },
      shipping: address,
      line_items: lineItems,
      customer_note: exchangeOrderNote(input),
      meta_data: [
        { key: EXCHANGE_RMA_META, value: input.rma },
        { key: '_paluu_original_order', value: input.originalExternalId },
      ],
    };
    const { data: order } = await wooRequest<WooOrder>(integration, 'POST', 'orders', { body, signal });
    return { ok: true, value: ref(order) };
  } catch (error) {
    if (error instanceof WooApiError) return { ok: false, retryable: error.retryable, message: error.message, ...(error.code ? { code: error.code } : {}) };
    throw error;
  }
}
