/**
 * Posti tracking data (carriers.md §1). Posti's v2 Tracking API schema is not public (§1.1 gap); the shape
 * read here is Posti's status object as its Nextshipping/Pakettikauppa API documents it (`tracking_code`,
 * `status_code` = IFTSTA code §1.2, `event_timestamp` "YYYY-MM-DD HH:MM:SS" in Finnish local time,
 * `postcode`, `post_office`) plus the text and pickup fields the consumer tracker shows (§1.1):
 *   { "shipments": [ { "tracking_code", "estimated_delivery_date"?, "last_pickup_date"?, "pickup_point"?,
 *       "events": [ { "status_code", "event_timestamp", "description", "post_office", "postcode" } ] } ] }
 * A Nextshipping callback object (one status, no `events`) is read as one event.
 */
import type { NormalizedEvent } from '@/lib/tracking/ingest-events';
import { parseCarrierTime, toIsoDate } from '@/lib/time/zoned';
import { type CarrierAdapter, CarrierFormatError, draft, isObject, list, parseJson, requireTime, settleInformational, str } from './shared';

const ZONE = 'Europe/Helsinki';

function pickupPoint(value: unknown) {
  if (!isObject(value)) return undefined;
  const name = str(value.public_name) ?? str(value.name);
  if (!name) return undefined;
  return { id: str(value.id), name, address: str(value.street_address), postalCode: str(value.postcode), city: str(value.city), openingHours: str(value.opening_hours) };
}

export const postiAdapter: CarrierAdapter = {
  carrier: 'posti',
  parse(raw) {
    const body = parseJson(raw);
    const shipments = isObject(body) && Array.isArray(body.shipments) ? body.shipments : Array.isArray(body) ? body : isObject(body) && body.tracking_code ? [{ ...body, events: [body] }] : null;
    if (!shipments) throw new CarrierFormatError('Not a Posti tracking response.');
    const drafts = [];
    for (const shipment of shipments) {
      if (!isObject(shipment)) throw new CarrierFormatError('Posti shipment is not an object.');
      const trackingNumber = str(shipment.tracking_code);
      if (!trackingNumber) throw new CarrierFormatError('Posti shipment without tracking_code.');
      const point = pickupPoint(shipment.pickup_point);
      const deadline = toIsoDate(shipment.last_pickup_date);
      const eta = toIsoDate(shipment.estimated_delivery_date);
      for (const e of list(shipment.events)) {
        if (!isObject(e)) throw new CarrierFormatError('Posti event is not an object.');
        const code = str(e.status_code) ?? str(e.event);
        if (!code) throw new CarrierFormatError('Posti event without status_code.');
        const occurredAt = requireTime(parseCarrierTime(e.event_timestamp, ZONE), 'Posti event');
        const event = draft('posti', code, {
          trackingNumber,
          eventId: str(e.event_id),
          description: str(e.description),
          location: str(e.post_office),
          occurredAt,
          carrierEta: eta,
        });
        if (event.status === 'available_for_pickup') {
          if (point) event.pickupPoint = point;
          if (deadline) event.pickupDeadline = deadline;
        }
        drafts.push(event);
      }
    }
    return settleInformational(drafts) satisfies NormalizedEvent[];
  },
};
