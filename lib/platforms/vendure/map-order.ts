/**
 * Vendure orders (Admin API `Order`, the fields of ORDER_FIELDS) → the connectors' shared order facts
 * (lib/platforms/map-order.ts), and their fulfilments → parcels. Vendure keeps money in minor units (cents).
 * The order code (`31K1J6PUP9SXKZWW`) is the number the customer sees in Vendure's emails, so it is our order number.
 */
import { z } from 'zod';
import { mapPlatformOrder, type MappedOrder, type PlatformAddressFacts } from '../map-order';

/** Everything we read of an order; the backfill and the webhook fetch the same fields. */
export const ORDER_FIELDS = `
  id code state active currencyCode createdAt updatedAt orderPlacedAt totalWithTax shippingWithTax
  customer { emailAddress firstName lastName phoneNumber }
  shippingAddress { fullName company streetLine1 streetLine2 city postalCode countryCode phoneNumber }
  billingAddress { fullName company streetLine1 streetLine2 city postalCode countryCode phoneNumber }
  lines { id quantity orderPlacedQuantity unitPriceWithTax productVariant { sku name product { name } options { name } } }
  payments { state method updatedAt }
  fulfillments { id state method trackingCode createdAt updatedAt lines { orderLineId quantity } }
  history(options: { take: 1, sort: { createdAt: DESC } }) { items { createdAt } }
`;

const str = z.string().nullish();
const address = z.looseObject({ fullName: str, company: str, streetLine1: str, streetLine2: str, city: str, postalCode: str, countryCode: str, phoneNumber: str }).nullish();

export const vendureOrderSchema = z.looseObject({
  id: z.string(),
  code: z.string(),
  state: z.string(),
  active: z.boolean(),
  currencyCode: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  orderPlacedAt: str,
  totalWithTax: z.number().int(),
  shippingWithTax: z.number().int(),
  customer: z.looseObject({ emailAddress: str, firstName: str, lastName: str, phoneNumber: str }).nullish(),
  shippingAddress: address,
  billingAddress: address,
  lines: z.array(
    z.looseObject({
      id: z.string(),
      quantity: z.number().int(),
      orderPlacedQuantity: z.number().int().nullish(),
      unitPriceWithTax: z.number().int(),
      productVariant: z.looseObject({ sku: str, name: z.string(), product: z.looseObject({ name: z.string() }).nullish(), options: z.array(z.looseObject({ name: z.string() })).nullish() }),
    }),
  ),
  payments: z.array(z.looseObject({ state: z.string(), method: str, updatedAt: str })).nullish(),
  fulfillments: z
    .array(z.looseObject({ id: z.string(), state: z.string(), method: str, trackingCode: str, createdAt: str, updatedAt: str, lines: z.array(z.looseObject({ orderLineId: z.string(), quantity: z.number().int() })).nullish() }))
    .nullish(),
  history: z.looseObject({ items: z.array(z.looseObject({ createdAt: z.string() })) }).nullish(),
});
export type VendureOrder = z.infer<typeof vendureOrderSchema>;

/** Vendure's minor units → the decimal text the shared mapper reads (8900 → "89.00"). */
export function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The payment states in which the money is taken (Vendure's default payment process). */
const SETTLED = new Set(['Settled']);

/**
 * When the order last changed. Vendure's `updatedAt` is the start of the request that last saved the order row and
 * does not move when a fulfilment ships or a payment settles, so the latest history entry (every state transition,
 * payment and fulfilment writes one) and the fulfilments' and payments' own times count too.
 */
export function versionOf(order: VendureOrder): string {
  const times = [order.updatedAt, order.orderPlacedAt, order.history?.items[0]?.createdAt, ...(order.fulfillments ?? []).map((f) => f.updatedAt), ...(order.payments ?? []).map((p) => p.updatedAt)];
  const latest = Math.max(...times.filter((t): t is string => Boolean(t)).map((t) => Date.parse(t)).filter(Number.isFinite));
  return new Date(latest).toISOString();
}

function addressFacts(a: z.infer<typeof address>): PlatformAddressFacts | null {
  if (!a) return null;
  return {
    name: a.fullName || a.company || null,
    line1: a.streetLine1 ?? null,
    line2: a.streetLine2 ?? null,
    postalCode: a.postalCode ?? null,
    city: a.city ?? null,
    country: a.countryCode ?? null,
    phone: a.phoneNumber ?? null,
  };
}

/**
 * Cancelling sets Vendure's line quantities to 0 (`orderPlacedQuantity` keeps what was ordered): a cancelled order
 * keeps its lines as placed, marked canceled; in a live order a line cancelled whole is no longer part of it.
 */
function linesOf(order: VendureOrder) {
  if (order.state === 'Cancelled') return order.lines.map((line) => ({ ...line, quantity: line.orderPlacedQuantity || line.quantity }));
  return order.lines.filter((line) => line.quantity > 0);
}

/**
 * Vendure zeroes every line before it moves an order to Cancelled, so an order read in between is still in its
 * old state with nothing left in it. That copy is neither the order as placed nor the cancellation (which the
 * transition's own delivery brings next), so it is not applied.
 */
export function isBeingCancelled(order: VendureOrder): boolean {
  return order.state !== 'Cancelled' && order.lines.length > 0 && order.lines.every((line) => line.quantity === 0);
}

export function mapVendureOrder(order: VendureOrder): MappedOrder {
  const customer = order.customer;
  const version = versionOf(order);
  return mapPlatformOrder(
    {
      externalId: order.id,
      name: order.code,
      email: customer?.emailAddress ?? null,
      customerName: [customer?.firstName, customer?.lastName].filter(Boolean).join(' ') || null,
      phone: customer?.phoneNumber || null,
      locale: null,
      currency: order.currencyCode,
      createdAt: order.orderPlacedAt ?? order.createdAt,
      updatedAt: version,
      cancelledAt: order.state === 'Cancelled' ? version : null,
      captured: (order.payments ?? []).some((p) => SETTLED.has(p.state)),
      totalPrice: decimal(order.totalWithTax),
      shippingPrice: decimal(order.shippingWithTax),
      shipping: addressFacts(order.shippingAddress),
      billing: addressFacts(order.billingAddress),
      lines: linesOf(order).map((line) => ({
        externalId: line.id,
        sku: line.productVariant.sku ?? null,
        title: line.productVariant.product?.name ?? line.productVariant.name,
        variantTitle: line.productVariant.options?.map((o) => o.name).join(' / ') || null,
        quantity: line.quantity,
        unitPrice: decimal(line.unitPriceWithTax),
      })),
    },
    { linePrefix: 'VENDURE' },
  );
}

export type VendureParcel = { fulfillmentId: string; method: string | null; trackingCode: string; shippedAt: string | null; lines: Array<{ orderLineId: string; quantity: number }> };

/** Fulfilments that left the warehouse with a tracking code (Vendure's states: Pending → Shipped → Delivered, or Cancelled). */
export function parcelsOf(order: VendureOrder): VendureParcel[] {
  return (order.fulfillments ?? [])
    .filter((f) => (f.state === 'Shipped' || f.state === 'Delivered') && f.trackingCode?.trim())
    .map((f) => ({ fulfillmentId: f.id, method: f.method ?? null, trackingCode: f.trackingCode!.trim(), shippedAt: f.createdAt ?? null, lines: f.lines ?? [] }));
}
