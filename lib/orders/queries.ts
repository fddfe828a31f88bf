import 'server-only';
import { eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { preparedSql } from '@/db/prepared';
import { orders } from '@/db/schema';
import { findOrderIdByNumber, normalizeOrderNumber, orderNumberIs } from '@/lib/core/order-number';
import type { OrderAccess, OrderGrants } from '@/lib/core/actor';
import { type ParcelDto, type ParcelJson, parcelsJson, toParcelDto, uuidArray } from '@/lib/tracking/queries';
import { returnDeadline } from '@/lib/returns/policy';
import { todayIn } from '@/lib/time/today';
import { firstNameOf, maskEmail, maskName } from '@/lib/core/mask';
import { productImageRef } from '@/lib/core/product-image';
import { compactOrderNumber } from './schemas';


/** SQL form of compactOrderNumber (orders_order_number_compact_idx). */
const compactColumn = sql`regexp_replace(upper(${orders.orderNumber}), '[^A-Z0-9]+', '', 'g')`;
/** The order number's digits alone (orders_order_number_digits_idx). */
const digitsColumn = sql`regexp_replace(${orders.orderNumber}, '[^0-9]+', '', 'g')`;

/**
 * The shop's own spelling of an order number however the customer typed it: `KK 204131`,
 * `KK204131`, `kk-204131`, `#1001`, or only the digits `204131` when exactly one order has them.
 * Tried in that order — exact (any case, without '#' and spaces), then letters and digits only, then
 * digits only — and a form that fits two orders finds none (null), never a guess.
 */
export async function resolveOrderNumber(db: Db, typed: string): Promise<string | null> {
  const exact = normalizeOrderNumber(typed);
  if (!exact) return null;
  const [hit] = await db.select({ orderNumber: orders.orderNumber }).from(orders).where(orderNumberIs(exact)).limit(1);
  if (hit) return hit.orderNumber;
  const compact = compactOrderNumber(typed);
  if (!compact) return null;
  const matching = (where: SQL) => db.select({ orderNumber: orders.orderNumber }).from(orders).where(where).limit(2);
  const byCompact = await matching(eq(compactColumn, compact));
  if (byCompact.length > 0) return byCompact.length === 1 ? byCompact[0]!.orderNumber : null;
  if (!/^[0-9]+$/.test(compact)) return null;
  const byDigits = await matching(eq(digitsColumn, compact));
  return byDigits.length === 1 ? byDigits[0]!.orderNumber : null;
}

/** Cached per render in lib/core (the access check shares it with the order page's sections). */
export { findOrderIdByNumber };

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
  /** The stored product picture's hash (lib/core/product-image-path.ts), or null: none, not fetched yet, or failed. */
  image: string | null;
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
 * by accident: after a lookup with the email or a one-time link (`verified`) contact data is masked;
 * through a tracking link or a postal-code lookup (`link`) there is no street address, postal code,
 * email or phone at all, and only the first name.
 */
export type CustomerOrderDto = OrderCoreDto &
  (
    | { view: 'verified'; customerName: string; email: string; deliveryArea: { postalCode: string; city: string; country: string } }
    | { view: 'link'; openedWith: 'link' | 'postalCode'; firstName: string; deliveryArea: { city: string; country: string } }
  );



type OrderRow = {
  id: string;
  order_number: string;
  placed_at: string;
  locale: string;
  currency: string;
  customer_name: string;
  email: string;
  postal_code: string;
  city: string;
  country: string;
  captured: number;
  shipping: number;
  verified: boolean;
  redacted: boolean;
  link_id: string | null;
  window_days: number | null;
  lines: Array<Omit<OrderLineDto, 'returnWindow'>>;
  parcels: ParcelJson[];
};

/** The order page's statement for one way of finding the order, compiled and prepared once (db/prepared.ts). */
function customerOrderSql(where: SQL): SQL {
  return sql`
    select o.id, o.order_number, to_char(o.placed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as placed_at, o.locale, o.currency,
      o.customer_name, o.email, o.shipping_postal_code as postal_code, o.shipping_city as city, o.shipping_country as country,
      o.captured_amount as captured, o.shipping_amount as shipping,
      o.id = any(${sql.placeholder('verified')}::uuid[]) as verified,
      o.id = any(${sql.placeholder('redacted')}::uuid[]) as redacted,
      (select l.id from tracking_links l where l.order_id = o.id and l.id = any(${sql.placeholder('links')}::uuid[])
         and l.revoked_at is null and l.expires_at > now() limit 1) as link_id,
      (select rp.window_days from return_policies rp where rp.is_active limit 1) as window_days,
      coalesce((
        select json_agg(json_build_object('id', ol.id, 'title', ol.title, 'options', ol.variant_options, 'quantity', ol.quantity,
          'unitPrice', ol.unit_price, 'finalSale', ol.final_sale, 'fulfilledQuantity', ol.fulfilled_quantity,
          'image', ${productImageRef(sql`ol.image_url`)}) order by ol.position, ol.created_at)
        from order_lines ol where ol.order_id = o.id
      ), '[]'::json) as lines,
      ${parcelsJson(sql`o.id`)} as parcels
    from orders o
    where ${where}
    limit 1
  `;
}
const customerOrderByNumber = preparedSql<OrderRow>(() => customerOrderSql(sql`upper(o.order_number) = ${sql.placeholder('key')}`));
const customerOrderById = preparedSql<OrderRow>(() => customerOrderSql(sql`o.id = ${sql.placeholder('key')}::uuid`));

/**
 * The whole page in one round trip. Access is decided inside the query: the order must be one the
 * browser holds a verified grant for, or a link grant whose link is still live (not revoked, not expired).
 */
async function loadCustomerOrder(db: Db, by: 'number' | 'id', key: string, grants: OrderGrants, timeZone: string): Promise<CustomerOrderDto | null> {
  const read = by === 'number' ? customerOrderByNumber : customerOrderById;
  const [order] = await read(db, { key, verified: uuidArray(grants.verified), redacted: uuidArray(grants.redacted ?? []), links: uuidArray(grants.links) });
  if (!order || (!order.verified && !order.link_id && !order.redacted)) return null;

  const today = todayIn(timeZone);
  const windowDays = order.window_days ?? 30;
  const parcels = order.parcels.map((p) => toParcelDto(p, today, timeZone));

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
    orderNumber: order.order_number,
    placedAt: order.placed_at,
    locale: order.locale,
    currency: order.currency,
    totals: { captured: order.captured, shipping: order.shipping },
    lines: order.lines.map((l) => {
      const delivered = deliveredAtByLine.get(l.id);
      // Same rule as the return policy engine: the shop-local delivery day plus the window.
      const until = delivered ? returnDeadline(new Date(delivered), windowDays, timeZone) : null;
      const returnWindow: ReturnWindowDto = l.finalSale
        ? { kind: 'final_sale' }
        : until === null
          ? { kind: 'after_delivery' }
          : { kind: until >= today ? 'open' : 'closed', until };
      return { ...l, returnWindow };
    }),
    parcels,
  };
  const access = order.verified ? ({ level: 'verified' } as const) : ({ level: 'link' } as const);
  if (access.level === 'link') {
    return {
      ...core,
      view: 'link',
      openedWith: order.link_id ? 'link' : 'postalCode',
      firstName: firstNameOf(order.customer_name),
      deliveryArea: { city: order.city, country: order.country },
    };
  }
  return {
    ...core,
    view: 'verified',
    customerName: maskName(order.customer_name),
    email: maskEmail(order.email),
    deliveryArea: { postalCode: order.postal_code, city: order.city, country: order.country },
  };
}

/** Reads one order for a customer who holds a grant for exactly that order (a link grant only while its link lives). */
export async function getCustomerOrder(db: Db, access: OrderAccess, timeZone: string): Promise<CustomerOrderDto | null> {
  const grants: OrderGrants =
    access.level === 'verified' ? { verified: [access.orderId], links: [], redacted: [] } : { verified: [], links: [access.linkId], redacted: [] };
  return loadCustomerOrder(db, 'id', access.orderId, grants, timeZone);
}

/**
 * The order page's read: the order with this number if the browser's grants open it, in one round trip
 * (null alike for no such order, no grant, or a dead link).
 */
export async function getCustomerOrderByNumber(db: Db, orderNumber: string, grants: OrderGrants, timeZone: string): Promise<CustomerOrderDto | null> {
  if (grants.verified.length === 0 && grants.links.length === 0 && (grants.redacted ?? []).length === 0) return null;
  return loadCustomerOrder(db, 'number', normalizeOrderNumber(orderNumber), grants, timeZone);
}
