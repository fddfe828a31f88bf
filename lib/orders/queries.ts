import 'server-only';
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { orderLines, orders, returnPolicies } from '@/db/schema';
import type { OrderAccess } from '@/lib/auth/order-access';
import { getOrderParcels, type ParcelDto } from '@/lib/tracking/queries';
import { todayIn } from '@/lib/time/today';
import { maskEmail, maskName } from './mask';
import { normalizeOrderNumber } from './schemas';

/** Matches an order number however the customer typed it ('#kk-100123 ' finds 'KK-100123'). */
export function orderNumberIs(typed: string): SQL {
  return eq(sql`upper(${orders.orderNumber})`, normalizeOrderNumber(typed));
}

/** The order id behind a customer-typed order number (no data: the grant still decides access). */
export async function findOrderIdByNumber(db: Db, orderNumber: string): Promise<string | null> {
  const [row] = await db.select({ id: orders.id }).from(orders).where(orderNumberIs(orderNumber)).limit(1);
  return row?.id ?? null;
}

export type { ParcelDto, TrackingEventDto } from '@/lib/tracking/queries';

/**
 * What the customer can do about a line's return, decided here so every page says the same:
 * final sale, not delivered yet, open until a shop-local date, or closed since one.
 */
export type ReturnWindowDto =
  | { kind: 'final_sale' }
  | { kind: 'after_delivery' }
  | { kind: 'open'; until: string }
  | { kind: 'closed'; until: string };

export type OrderLineDto = {
  id: string;
  title: string;
  options: Record<string, string>;
  quantity: number;
  unitPrice: number;
  finalSale: boolean;
  fulfilledQuantity: number;
  returnWindow: ReturnWindowDto;
};

type OrderCoreDto = {
  orderNumber: string;
  placedAt: string;
  locale: string;
  currency: string;
  totals: { captured: number; shipping: number };
  lines: OrderLineDto[];
  parcels: ParcelDto[];
};

/**
 * What the customer sees, decided by the access this browser holds (LK-08), so a page cannot leak
 * by accident: after a lookup (`full`) contact data is masked; through a tracking link (`link`) there
 * is no street address, postal code, email or phone at all, and only the first name.
 */
export type CustomerOrderDto = OrderCoreDto &
  (
    | { view: 'verified'; customerName: string; email: string; deliveryArea: { postalCode: string; city: string; country: string } }
    | { view: 'link'; firstName: string; deliveryArea: { city: string; country: string } }
  );

/** `Aino Maria Virtanen` → `Aino` */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** Reads one order for a customer who holds a grant for exactly that order. */
export async function getCustomerOrder(db: Db, access: OrderAccess, timeZone: string): Promise<CustomerOrderDto | null> {
  // Independent reads in parallel: one round trip of latency instead of four.
  const [[order], lines, [policy], parcels] = await Promise.all([
    db
      .select({
        orderNumber: orders.orderNumber,
        placedAt: orders.placedAt,
        locale: orders.locale,
        currency: orders.currency,
        customerName: orders.customerName,
        email: orders.email,
        postalCode: orders.shippingPostalCode,
        city: orders.shippingCity,
        country: orders.shippingCountry,
        captured: orders.capturedAmount,
        shipping: orders.shippingAmount,
      })
      .from(orders)
      .where(eq(orders.id, access.orderId))
      .limit(1),
    db.select().from(orderLines).where(eq(orderLines.orderId, access.orderId)).orderBy(asc(orderLines.position), asc(orderLines.createdAt)),
    db.select({ windowDays: returnPolicies.windowDays }).from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1),
    getOrderParcels(db, access.orderId, timeZone),
  ]);
  if (!order) return null;

  const today = todayIn(timeZone);
  const windowDays = policy?.windowDays ?? 30;

  // A line's return window runs from the latest delivery of a parcel that carried it.
  const deliveredAtByLine = new Map<string, string>();
  for (const parcel of parcels) {
    if (!parcel.deliveredAt) continue;
    for (const pl of parcel.lines) {
      const prev = deliveredAtByLine.get(pl.orderLineId);
      if (!prev || parcel.deliveredAt > prev) deliveredAtByLine.set(pl.orderLineId, parcel.deliveredAt);
    }
  }

  const core: OrderCoreDto = {
    orderNumber: order.orderNumber,
    placedAt: order.placedAt.toISOString(),
    locale: order.locale,
    currency: order.currency,
    totals: { captured: order.captured, shipping: order.shipping },
    lines: lines.map((l) => {
      const delivered = deliveredAtByLine.get(l.id);
      const until = delivered ? todayIn(timeZone, new Date(new Date(delivered).getTime() + windowDays * 86_400_000)) : null;
      const returnWindow: ReturnWindowDto = l.finalSale
        ? { kind: 'final_sale' }
        : until === null
          ? { kind: 'after_delivery' }
          : { kind: until >= today ? 'open' : 'closed', until };
      return {
        id: l.id,
        title: l.title,
        options: l.variantOptions,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        finalSale: l.finalSale,
        fulfilledQuantity: l.fulfilledQuantity,
        returnWindow,
      };
    }),
    parcels,
  };
  if (access.level === 'link') {
    return { ...core, view: 'link', firstName: firstNameOf(order.customerName), deliveryArea: { city: order.city, country: order.country } };
  }
  return {
    ...core,
    view: 'verified',
    customerName: maskName(order.customerName),
    email: maskEmail(order.email),
    deliveryArea: { postalCode: order.postalCode, city: order.city, country: order.country },
  };
}
