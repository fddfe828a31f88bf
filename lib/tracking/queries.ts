import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { PickupPoint } from '@/db/schema';
import type { AccessLevel, OrderGrants } from '@/lib/core/actor';
import { normalizeOrderNumber } from '@/lib/core/order-number';
import { type Carrier, trackingUrl } from '@/lib/carriers/catalog';
import type { ShipmentStatus } from '@/lib/core/enums';
import { todayIn } from '@/lib/time/today';
import { toHolidayCountry, type HolidayCountry } from '@/lib/time/holidays';
import { DEFAULT_SHOP_TIME_ZONE } from '@/lib/time/today';
import { dateIn } from '@/lib/time/zoned';
import { type ParcelHelp, parcelHelp } from './parcel-help';
import type { EstimateBasis } from './predict-delivery';
import { deliveryEstimate } from './reestimate';
import { isAwaitingShop } from '@/lib/core/pending-parcel';

export type TrackingEventDto = {
  id: string;
  status: ShipmentStatus;
  subStatus: string | null;
  /** The carrier's own text, verbatim. */
  description: string | null;
  location: string | null;
  occurredAt: string;
};

export type ParcelDto = {
  id: string;
  carrier: Carrier;
  service: string | null;
  /** Empty while `awaitingShop`. */
  trackingNumber: string;
  carrierUrl: string | null;
  /** An exchange or reship parcel the shop has not sent yet: no tracking number, no carrier link, no estimate. */
  awaitingShop: boolean;
  status: ShipmentStatus;
  subStatus: string | null;
  /** The order's shipping country (ISO): customs and holding periods depend on it (lib/tracking/parcel-help.ts). */
  destinationCountry: string;
  promisedDate: string | null;
  carrierEta: string | null;
  predictedDate: string | null;
  /** The prediction's window and confidence as stored when it was made (lib/tracking/predict-delivery.ts). */
  predictedFrom: string | null;
  predictedTo: string | null;
  predictedHits: number | null;
  predictedSamples: number | null;
  predictedBasis: EstimateBasis | null;
  pickupPoint: PickupPoint | null;
  pickupDeadline: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  isLate: boolean;
  /**
   * The best still-future delivery estimate (carrier ETA, else ours, else the promise; when all have
   * passed, re-predicted from the current scan — lib/tracking/reestimate.ts), never a past date; or null.
   */
  expectedDate: string | null;
  /** Whether expectedDate is a new estimate made because the earlier ones passed (shown as "now expected"). */
  expectedRevised: boolean;
  /** The window around expectedDate when it is our prediction, never starting before today (see expectedWindowOf), or null. */
  expectedWindow: ExpectedWindow | null;
  /** What to do about a problem (customs, missed delivery, address, going back, damaged, lost), or null. */
  help: ParcelHelp | null;
  lines: Array<{ orderLineId: string; title: string; quantity: number }>;
  /** Newest first. */
  events: TrackingEventDto[];
};

/** What the tracking page and its live poll show: the same object for first paint and every refresh. */
export type TrackingDto = { orderNumber: string; view: AccessLevel; parcels: ParcelDto[] };

/** A parcel as PostgreSQL aggregates it (dates as 'YYYY-MM-DD', instants as ISO strings). */
export type ParcelJson = Omit<ParcelDto, 'carrierUrl' | 'awaitingShop' | 'isLate' | 'expectedDate' | 'expectedRevised' | 'expectedWindow' | 'help'>;

/**
 * The window the customer sees ("Expected Tue 8 – Wed 9 Dec · 9 in 10 parcels on this route arrive in
 * this window"). `confidence` only when the prediction's group was big enough and the whole window is
 * still ahead: once its first day has passed, the share measured for the whole window no longer holds.
 */
export type ExpectedWindow = { from: string; to: string; basis: EstimateBasis; confidence: { hits: number; samples: number } | null };

/** The window to show for a parcel whose expected date is our own prediction; null otherwise or when the window is already past. */
export function expectedWindowOf(p: Pick<ParcelJson, 'predictedFrom' | 'predictedTo' | 'predictedHits' | 'predictedSamples' | 'predictedBasis'>, source: string | undefined, today: string): ExpectedWindow | null {
  if (source !== 'predicted' || !p.predictedFrom || !p.predictedTo || p.predictedTo < today) return null;
  const whole = p.predictedFrom >= today;
  return {
    from: whole ? p.predictedFrom : today,
    to: p.predictedTo,
    basis: p.predictedBasis ?? 'standard',
    confidence: whole && p.predictedHits !== null && p.predictedSamples !== null ? { hits: p.predictedHits, samples: p.predictedSamples } : null,
  };
}

const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * SQL for the JSON array of an order's outbound parcels with their lines and timelines, to embed in a
 * bigger query (one round trip for the whole page; events come through tracking_events_shipment_occurred_idx).
 */
export function parcelsJson(orderId: SQL): SQL {
  return sql`coalesce((
    select json_agg(json_build_object(
      'id', s.id, 'carrier', s.carrier, 'service', s.service, 'trackingNumber', s.tracking_number, 'status', s.status,
      'subStatus', s.sub_status, 'destinationCountry', (select o.shipping_country from orders o where o.id = s.order_id), 'promisedDate', s.promised_date, 'carrierEta', s.carrier_eta, 'predictedDate', s.predicted_date,
      'predictedFrom', s.predicted_from, 'predictedTo', s.predicted_to, 'predictedHits', s.predicted_hits, 'predictedSamples', s.predicted_samples, 'predictedBasis', s.predicted_basis,
      'pickupPoint', s.pickup_point, 'pickupDeadline', s.pickup_deadline, 'shippedAt', ${iso('s.shipped_at')}, 'deliveredAt', ${iso('s.delivered_at')},
      'lines', coalesce((
        select json_agg(json_build_object('orderLineId', sl.order_line_id, 'title', ol.title, 'quantity', sl.quantity) order by ol.position, ol.created_at)
        from shipment_lines sl join order_lines ol on ol.id = sl.order_line_id where sl.shipment_id = s.id
      ), '[]'::json),
      'events', coalesce((
        select json_agg(json_build_object('id', e.id, 'status', e.status, 'subStatus', e.sub_status, 'description', e.description,
          'location', e.location, 'occurredAt', ${iso('e.occurred_at')}) order by e.occurred_at desc, e.received_at desc)
        from tracking_events e where e.shipment_id = s.id
      ), '[]'::json)
    ) order by s.created_at, s.shipped_at nulls last, s.tracking_number)
    from shipments s where s.order_id = ${orderId} and s.direction = 'outbound'
  ), '[]'::json)`;
}

/** Adds what is decided in code: the carrier's link, lateness and the best future estimate ("today" is the shop's). */
export function toParcelDto(p: ParcelJson, today: string, timeZone = DEFAULT_SHOP_TIME_ZONE): ParcelDto {
  if (isAwaitingShop(p.trackingNumber)) {
    // The marker is no tracking number: it is never shown, linked or estimated.
    return { ...p, trackingNumber: '', carrierUrl: null, awaitingShop: true, expectedDate: null, expectedRevised: false, expectedWindow: null, help: null, isLate: false };
  }
  const estimate = deliveryEstimate({ ...p, lastScanAt: p.events[0]?.occurredAt ?? null }, today, { timeZone, holidayCountry: holidayCountryOfZone(timeZone) });
  const isLate = !p.deliveredAt && p.promisedDate !== null && p.promisedDate < today && p.status !== 'canceled';
  return {
    ...p,
    carrierUrl: trackingUrl(p.carrier, p.trackingNumber),
    awaitingShop: false,
    expectedDate: estimate?.date ?? null,
    expectedRevised: estimate !== null && (estimate.source === 'rescan' || isLate),
    expectedWindow: expectedWindowOf(p, estimate?.source, today),
    help: parcelHelp(p, p.events[0] ? dateIn(new Date(p.events[0].occurredAt), timeZone) : null, today),
    isLate,
  };
}

/** The public holidays that count for a shop in this time zone (FI unless a Nordic neighbour's zone). */
function holidayCountryOfZone(timeZone: string): HolidayCountry {
  return toHolidayCountry({ 'Europe/Stockholm': 'SE', 'Europe/Oslo': 'NO', 'Europe/Copenhagen': 'DK' }[timeZone] ?? 'FI');
}

/** Every outbound parcel of one order with its lines and its timeline, in one round trip. */
export async function getOrderParcels(db: DbOrTx, orderId: string, timeZone: string): Promise<ParcelDto[]> {
  const [row] = (await db.execute(sql`select ${parcelsJson(sql`${orderId}::uuid`)} as parcels`)) as unknown as Array<{ parcels: ParcelJson[] }>;
  const today = todayIn(timeZone);
  return (row?.parcels ?? []).map((p) => toParcelDto(p, today, timeZone));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A PostgreSQL uuid[] literal of the well-formed ids only (grants come from a signed cookie, but never trust a cast). */
export const uuidArray = (ids: string[]) => `{${ids.filter((id) => UUID.test(id)).join(',')}}`;

/**
 * The live poll's read, in one round trip: the parcels of the order with this number if the browser's
 * grants open it (a link grant only while its link is live), else null.
 */
export async function getTrackingByNumber(db: DbOrTx, orderNumber: string, grants: OrderGrants, timeZone: string): Promise<TrackingDto | null> {
  if (grants.verified.length === 0 && grants.links.length === 0 && (grants.redacted ?? []).length === 0) return null;
  const [row] = (await db.execute(sql`
    select o.order_number, o.id = any(${uuidArray(grants.verified)}::uuid[]) as verified,
      o.id = any(${uuidArray(grants.redacted ?? [])}::uuid[]) or exists (select 1 from tracking_links l where l.order_id = o.id and l.id = any(${uuidArray(grants.links)}::uuid[])
        and l.revoked_at is null and l.expires_at > now()) as linked,
      ${parcelsJson(sql`o.id`)} as parcels
    from orders o where upper(o.order_number) = ${normalizeOrderNumber(orderNumber)} limit 1
  `)) as unknown as Array<{ order_number: string; verified: boolean; linked: boolean; parcels: ParcelJson[] }>;
  if (!row || (!row.verified && !row.linked)) return null;
  const today = todayIn(timeZone);
  return { orderNumber: row.order_number, view: row.verified ? 'verified' : 'link', parcels: row.parcels.map((p) => toParcelDto(p, today, timeZone)) };
}
