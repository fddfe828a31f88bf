import 'server-only';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { orderLines, orders, returnPolicies, shipmentLines, shipments, trackingEvents, type PickupPoint } from '@/db/schema';
import type { OrderAccess } from '@/lib/auth/order-access';
import { type Carrier, trackingUrl } from '@/lib/carriers/catalog';
import type { ShipmentStatus } from '@/lib/shipments/progress';
import { returnDeadline } from '@/lib/returns/policy';
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

export type TrackingEventDto = { id: string; status: ShipmentStatus; description: string | null; location: string | null; occurredAt: string };

export type ParcelDto = {
  id: string;
  carrier: Carrier;
  service: string | null;
  trackingNumber: string;
  carrierUrl: string | null;
  status: ShipmentStatus;
  subStatus: string | null;
  promisedDate: string | null;
  carrierEta: string | null;
  predictedDate: string | null;
  pickupPoint: PickupPoint | null;
  pickupDeadline: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  isLate: boolean;
  /** The best still-future delivery estimate (carrier ETA, else ours, else the promise), or null. */
  expectedDate: string | null;
  lines: Array<{ title: string; quantity: number }>;
  events: TrackingEventDto[];
};

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

/** What the customer sees after a verified lookup: contact data masked, no raw rows. */
export type CustomerOrderDto = {
  orderNumber: string;
  placedAt: string;
  locale: string;
  currency: string;
  customerName: string;
  email: string;
  deliveryArea: { postalCode: string; city: string; country: string };
  totals: { captured: number; shipping: number };
  lines: OrderLineDto[];
  parcels: ParcelDto[];
};

/** Reads one order for a customer who holds a grant for exactly that order. */
export async function getCustomerOrder(db: Db, access: OrderAccess, timeZone: string): Promise<CustomerOrderDto | null> {
  const [order] = await db.select().from(orders).where(eq(orders.id, access.orderId)).limit(1);
  if (!order) return null;

  const [lines, parcels, [policy]] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position), asc(orderLines.createdAt)),
    db
      .select()
      .from(shipments)
      .where(and(eq(shipments.orderId, order.id), eq(shipments.direction, 'outbound')))
      .orderBy(asc(shipments.createdAt)),
    db.select({ windowDays: returnPolicies.windowDays }).from(returnPolicies).where(eq(returnPolicies.isActive, true)).limit(1),
  ]);
  const parcelIds = parcels.map((p) => p.id);
  const [events, parcelLines] = parcelIds.length
    ? await Promise.all([
        db
          .select()
          .from(trackingEvents)
          .where(inArray(trackingEvents.shipmentId, parcelIds))
          .orderBy(desc(trackingEvents.occurredAt)),
        db.select().from(shipmentLines).where(inArray(shipmentLines.shipmentId, parcelIds)),
      ])
    : [[], []];

  const lineById = new Map(lines.map((l) => [l.id, l]));
  const today = todayIn(timeZone);
  const windowDays = policy?.windowDays ?? 30;

  // A line's return window runs from the latest delivery of a parcel that carried it.
  const deliveredAtByLine = new Map<string, Date>();
  for (const pl of parcelLines) {
    const parcel = parcels.find((p) => p.id === pl.shipmentId);
    if (!parcel?.deliveredAt) continue;
    const prev = deliveredAtByLine.get(pl.orderLineId);
    if (!prev || parcel.deliveredAt > prev) deliveredAtByLine.set(pl.orderLineId, parcel.deliveredAt);
  }

  return {
    orderNumber: order.orderNumber,
    placedAt: order.placedAt.toISOString(),
    locale: order.locale,
    currency: order.currency,
    customerName: maskName(order.customerName),
    email: maskEmail(order.email),
    deliveryArea: { postalCode: order.shippingPostalCode, city: order.shippingCity, country: order.shippingCountry },
    totals: { captured: order.capturedAmount, shipping: order.shippingAmount },
    lines: lines.map((l) => {
      const delivered = deliveredAtByLine.get(l.id);
      // Same rule as the return policy engine: the shop-local delivery day plus the window.
      const until = delivered ? returnDeadline(delivered, windowDays, timeZone) : null;
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
    parcels: parcels.map((p) => ({
      id: p.id,
      carrier: p.carrier,
      service: p.service,
      trackingNumber: p.trackingNumber,
      carrierUrl: trackingUrl(p.carrier, p.trackingNumber),
      status: p.status,
      subStatus: p.subStatus,
      promisedDate: p.promisedDate,
      carrierEta: p.carrierEta,
      predictedDate: p.predictedDate,
      pickupPoint: p.pickupPoint,
      pickupDeadline: p.pickupDeadline,
      shippedAt: p.shippedAt?.toISOString() ?? null,
      deliveredAt: p.deliveredAt?.toISOString() ?? null,
      expectedDate: p.deliveredAt ? null : ([p.carrierEta, p.predictedDate, p.promisedDate].find((d): d is string => d !== null && d >= today) ?? null),
      isLate: !p.deliveredAt && p.promisedDate !== null && p.promisedDate < today && p.status !== 'canceled',
      lines: parcelLines
        .filter((pl) => pl.shipmentId === p.id)
        .map((pl) => ({ title: lineById.get(pl.orderLineId)?.title ?? '', quantity: pl.quantity })),
      events: events
        .filter((e) => e.shipmentId === p.id)
        .map((e) => ({ id: e.id, status: e.status, description: e.description, location: e.location, occurredAt: e.occurredAt.toISOString() })),
    })),
  };
}
