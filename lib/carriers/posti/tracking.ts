/**
 * Posti tracking data (carriers.md §1). Posti's own Tracking API schema is not public (§1.1 gap). What is
 * public is Posti's status object as its aggregator Pakettikauppa (now Posti's Nextshipping) documents it
 * for `POST /shipment/status` and the tracking callback (fixtures/SOURCES.md): `tracking_code`,
 * `status_code` = IFTSTA code §1.2, `event_timestamp` "YYYY-MM-DD HH:MM:SS" (Finnish local time — the zone
 * is not stated; an assumption), `postcode`, `post_office`. Read here:
 * - the status answer: a top-level array of status objects (one per event), or one status object (the
 *   callback's `object`);
 * - `{ "shipments": [ { "tracking_code", "estimated_delivery_date"?, "last_pickup_date"?, "pickup_point"?,
 *   "events": [status object…] } ] }` — our assumption of a per-parcel answer with the pickup fields the
 *   consumer tracker shows; no public document has this shape (docs/carriers.md).
 */
import type { PickupPoint } from '@/db/schema';
import { parseCarrierTime, toIsoDate } from '@/lib/time/zoned';
import type { TrackingOutcome } from '../carrier';
import { CarrierFormatError, type Draft, draft, isObject, list, parseJson, requireTime, settleInformational, str } from '../parse-helpers';

const ZONE = 'Europe/Helsinki';

function pickupPoint(value: unknown): PickupPoint | undefined {
  if (!isObject(value)) return undefined;
  const name = str(value.public_name) ?? str(value.name);
  if (!name) return undefined;
  return { id: str(value.id), name, address: str(value.street_address), postalCode: str(value.postcode), city: str(value.city), openingHours: str(value.opening_hours) };
}

type Shipment = { tracking_code?: unknown; events: unknown[]; pickup_point?: unknown; last_pickup_date?: unknown; estimated_delivery_date?: unknown };

function isStatusObject(v: unknown): v is Record<string, unknown> {
  return isObject(v) && str(v.tracking_code) !== undefined && (str(v.status_code) !== undefined || str(v.event) !== undefined);
}

function shipmentsOf(body: unknown): Shipment[] {
  if (isObject(body) && Array.isArray(body.shipments)) return body.shipments.map((s) => (isObject(s) ? { ...s, events: list(s.events) } : { events: [s] }));
  if (Array.isArray(body) && body.length > 0 && body.every(isStatusObject)) return body.map((e) => ({ tracking_code: e.tracking_code, events: [e] }));
  if (isStatusObject(body)) return [{ tracking_code: body.tracking_code, events: [body] }];
  throw new CarrierFormatError('Not a Posti tracking response.');
}

export function parsePosti(raw: string): TrackingOutcome {
  const drafts: Draft[] = [];
  for (const shipment of shipmentsOf(parseJson(raw))) {
    const trackingNumber = str(shipment.tracking_code);
    if (!trackingNumber) throw new CarrierFormatError('Posti shipment without tracking_code.');
    const point = pickupPoint(shipment.pickup_point);
    const deadline = toIsoDate(shipment.last_pickup_date);
    const eta = toIsoDate(shipment.estimated_delivery_date);
    for (const e of shipment.events) {
      if (!isObject(e)) throw new CarrierFormatError('Posti event is not an object.');
      const code = str(e.status_code) ?? str(e.event);
      if (!code) throw new CarrierFormatError('Posti event without status_code.');
      const event = draft('posti', code, {
        trackingNumber,
        eventId: str(e.event_id),
        description: str(e.description),
        location: str(e.post_office),
        occurredAt: requireTime(parseCarrierTime(e.event_timestamp, ZONE), 'Posti event'),
        carrierEta: eta,
      });
      if (event.status === 'available_for_pickup') {
        if (point) event.pickupPoint = point;
        if (deadline) event.pickupDeadline = deadline;
      }
      drafts.push(event);
    }
  }
  return { kind: 'events', events: settleInformational(drafts) };
}
