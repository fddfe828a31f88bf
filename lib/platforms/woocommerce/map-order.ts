/**
 * WooCommerce orders (REST API v3 `Order`, also the body of the order.* webhooks: "the payload is exactly the same
 * as if requested via the REST API") → the connectors' shared order facts (lib/platforms/map-order.ts), and the
 * parcels of the Shipment Tracking extension's order meta `_wc_shipment_tracking_items`.
 * Dates: the `*_gmt` fields are UTC without an offset; `Z` is added. `date_modified_gmt` orders the updates.
 */
import { z } from 'zod';
import type { PaymentMethod } from '@/lib/core/payment-methods';
import { mapPlatformOrder, type MappedOrder, type PlatformAddressFacts, type PlatformOrderFacts } from '../map-order';

const str = z.string().nullish();
const num = z.union([z.number(), z.string()]);
const address = z.looseObject({ first_name: str, last_name: str, company: str, address_1: str, address_2: str, city: str, postcode: str, country: str, email: str, phone: str }).nullish();
const meta = z.looseObject({ key: z.string(), value: z.unknown() });
const line = z.looseObject({ id: num, name: z.string(), sku: str, quantity: z.number().int(), price: num.nullish(), total: num.nullish(), meta_data: z.array(meta).nullish() });

/** The fields we read of an order (webhook body or REST item). */
export const wooOrderSchema = z.looseObject({
  id: z.number().int(),
  number: z.union([z.string(), z.number()]).nullish(),
  status: z.string(),
  currency: z.string(),
  date_created_gmt: z.string(),
  date_modified_gmt: str,
  date_paid_gmt: str,
  total: num,
  shipping_total: num.nullish(),
  billing: address,
  shipping: address,
  payment_method: str,
  meta_data: z.array(meta).nullish(),
  line_items: z.array(line),
});
export type WooOrder = z.infer<typeof wooOrderSchema>;

/** `2017-03-22T19:28:02` (UTC, no offset) → ISO instant. */
export function gmt(value: string | null | undefined): string | null {
  if (!value) return null;
  return /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
}

/** Money is taken in these statuses (pending, on-hold, failed and cancelled orders have none captured). */
const CAPTURED_STATUSES = new Set(['processing', 'completed', 'refunded']);

/**
 * WooCommerce payment gateway ids → how the customer paid. `bacs` is WooCommerce's "Direct bank transfer";
 * the card gateways are WooPayments and Stripe's plugin; Klarna's and Walley's plugins are buy-now-pay-later.
 */
export function paymentMethodOf(gateway: string | null | undefined): PaymentMethod | undefined {
  const id = (gateway ?? '').trim().toLowerCase();
  if (!id) return undefined;
  if (id === 'bacs') return 'bank_transfer';
  if (/^(woocommerce_payments|stripe|stripe_cc|wcpay)/.test(id)) return 'card';
  if (/^(klarna|kco|walley|collector|afterpay|svea)/.test(id)) return 'bnpl';
  return 'other';
}

function addressFacts(a: z.infer<typeof address>): PlatformAddressFacts | null {
  if (!a) return null;
  const name = [a.first_name, a.last_name].filter(Boolean).join(' ') || a.company || null;
  return { name, line1: a.address_1 || null, line2: a.address_2 || null, postalCode: a.postcode || null, city: a.city || null, country: a.country || null, phone: a.phone || null };
}

/** A line's variation attributes (line meta without a leading underscore, e.g. `pa_color: black`). */
function variantOf(lineMeta: Array<z.infer<typeof meta>> | null | undefined): string | null {
  const parts = (lineMeta ?? []).filter((m) => !m.key.startsWith('_') && (typeof m.value === 'string' || typeof m.value === 'number')).map((m) => String(m.value));
  return parts.length ? parts.join(' / ').slice(0, 100) : null;
}

/** Unit price in the shop's decimals: the line's `price` (a number, ex. tax), else its total over the quantity. */
function unitPrice(l: z.infer<typeof line>): string {
  const value = l.price ?? (l.total != null && l.quantity > 0 ? Number(l.total) / l.quantity : 0);
  return typeof value === 'number' ? (Math.round(value * 100) / 100).toFixed(2) : value;
}

export function factsFromWoo(order: WooOrder): PlatformOrderFacts {
  const billing = addressFacts(order.billing);
  const modified = gmt(order.date_modified_gmt);
  return {
    externalId: String(order.id),
    name: String(order.number ?? order.id),
    email: order.billing?.email || null,
    customerName: billing?.name ?? null,
    phone: order.billing?.phone || null,
    locale: null,
    currency: order.currency,
    createdAt: gmt(order.date_created_gmt)!,
    updatedAt: modified,
    cancelledAt: order.status === 'cancelled' ? (modified ?? new Date().toISOString()) : null,
    captured: CAPTURED_STATUSES.has(order.status),
    ...(paymentMethodOf(order.payment_method) ? { paymentMethod: paymentMethodOf(order.payment_method)! } : {}),
    totalPrice: String(order.total),
    shippingPrice: String(order.shipping_total ?? '0'),
    shipping: addressFacts(order.shipping),
    billing,
    lines: order.line_items.map((l) => ({
      externalId: String(l.id),
      sku: l.sku || null,
      title: l.name,
      variantTitle: variantOf(l.meta_data),
      quantity: l.quantity,
      unitPrice: unitPrice(l),
    })),
  };
}

export function mapWooOrder(order: WooOrder): MappedOrder {
  return mapPlatformOrder(factsFromWoo(order), { linePrefix: 'woocommerce' });
}

/**
 * One parcel of the Shipment Tracking extension (WooCommerce.com): the order meta `_wc_shipment_tracking_items`
 * is a list of `{ tracking_provider, custom_tracking_provider, tracking_number, date_shipped (unix seconds) }`.
 * An assumption (docs/platforms.md): no public REST example shows this meta; the field names are the extension's.
 */
const trackingItem = z.looseObject({
  tracking_provider: str,
  custom_tracking_provider: str,
  tracking_number: z.union([z.string(), z.number()]).nullish(),
  date_shipped: z.union([z.string(), z.number()]).nullish(),
});
export type TrackingItem = { provider: string; trackingNumber: string; shippedAt: string | null };

export function trackingItemsOf(order: WooOrder): TrackingItem[] {
  const entry = (order.meta_data ?? []).find((m) => m.key === '_wc_shipment_tracking_items');
  const parsed = z.array(trackingItem).safeParse(entry?.value);
  if (!parsed.success) return [];
  return parsed.data.flatMap((item) => {
    const trackingNumber = String(item.tracking_number ?? '').trim();
    if (!trackingNumber) return [];
    const seconds = Number(item.date_shipped);
    return [{
      provider: (item.custom_tracking_provider || item.tracking_provider || '').trim(),
      trackingNumber,
      shippedAt: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null,
    }];
  });
}
