import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { PickupPoint } from '@/db/schema';
import type { AccessLevel, OrderAccess } from '@/lib/auth/order-access';
import { type Carrier, trackingUrl } from '@/lib/carriers/catalog';
import type { ShipmentStatus } from '@/lib/shipments/progress';
import { todayIn } from '@/lib/time/today';

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
  lines: Array<{ orderLineId: string; title: string; quantity: number }>;
  /** Newest first. */
  events: TrackingEventDto[];
};

/** What the tracking page and its live poll show: the same object for first paint and every refresh. */
export type TrackingDto = { orderNumber: string; view: AccessLevel; parcels: ParcelDto[] };

type ParcelRow = {
  id: string;
  carrier: Carrier;
  service: string | null;
  tracking_number: string;
  status: ShipmentStatus;
  sub_status: string | null;
  promised_date: string | null;
  carrier_eta: string | null;
  predicted_date: string | null;
  pickup_point: PickupPoint | null;
  pickup_deadline: string | null;
  shipped_at: string | null;
  delivered_at: string | null;
  lines: ParcelDto['lines'];
  events: TrackingEventDto[];
};

const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * Every outbound parcel of one order with its lines and its timeline, in one round trip
 * (JSON aggregated in PostgreSQL; the events come through tracking_events_shipment_occurred_idx).
 */
export async function getOrderParcels(db: DbOrTx, orderId: string, timeZone: string): Promise<ParcelDto[]> {
  const rows = (await db.execute(sql`
    select s.id, s.carrier, s.service, s.tracking_number, s.status, s.sub_status, s.promised_date::text, s.carrier_eta::text,
      s.predicted_date::text, s.pickup_point, s.pickup_deadline::text, ${iso('s.shipped_at')} as shipped_at, ${iso('s.delivered_at')} as delivered_at,
      coalesce((
        select json_agg(json_build_object('orderLineId', sl.order_line_id, 'title', ol.title, 'quantity', sl.quantity) order by ol.position, ol.created_at)
        from shipment_lines sl join order_lines ol on ol.id = sl.order_line_id where sl.shipment_id = s.id
      ), '[]'::json) as lines,
      coalesce((
        select json_agg(json_build_object('id', e.id, 'status', e.status, 'subStatus', e.sub_status, 'description', e.description,
          'location', e.location, 'occurredAt', ${iso('e.occurred_at')}) order by e.occurred_at desc, e.received_at desc)
        from tracking_events e where e.shipment_id = s.id
      ), '[]'::json) as events
    from shipments s
    where s.order_id = ${orderId} and s.direction = 'outbound'
    order by s.created_at, s.shipped_at nulls last, s.tracking_number
  `)) as unknown as ParcelRow[];

  const today = todayIn(timeZone);
  return rows.map((p) => ({
    id: p.id,
    carrier: p.carrier,
    service: p.service,
    trackingNumber: p.tracking_number,
    carrierUrl: trackingUrl(p.carrier, p.tracking_number),
    status: p.status,
    subStatus: p.sub_status,
    promisedDate: p.promised_date,
    carrierEta: p.carrier_eta,
    predictedDate: p.predicted_date,
    pickupPoint: p.pickup_point,
    pickupDeadline: p.pickup_deadline,
    shippedAt: p.shipped_at,
    deliveredAt: p.delivered_at,
    expectedDate: p.delivered_at ? null : ([p.carrier_eta, p.predicted_date, p.promised_date].find((d): d is string => d !== null && d >= today) ?? null),
    isLate: !p.delivered_at && p.promised_date !== null && p.promised_date < today && p.status !== 'canceled',
    lines: p.lines,
    events: p.events,
  }));
}

/** The live-update payload for a browser that holds `access` to the order. */
export async function getTracking(db: DbOrTx, access: OrderAccess, orderNumber: string, timeZone: string): Promise<TrackingDto> {
  return { orderNumber, view: access.level, parcels: await getOrderParcels(db, access.orderId, timeZone) };
}
