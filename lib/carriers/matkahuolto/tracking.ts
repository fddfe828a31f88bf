/**
 * Matkahuolto `GET /mpaketti/public/tracking` with `Accept: application/json` (carriers.md §3.1). No JSON
 * example of this answer is public (fixtures/SOURCES.md), so the shapes below are an assumption built from
 * the field list of Matkahuolto's technical description and the layouts an independent poller reads:
 * - `{ "MHTrackingResults": [event…] }`, a top-level `[event…]`, `{ "consignments": [{ shipmentNumber, events: [event…] }] }`
 *   or a top-level `[{ shipmentNumber, events }]`;
 * - event fields in either casing: `EventId`/`eventId`, `ShipmentNumber`/`shipmentNumber`, `ParcelNumber`/`parcelNumber`,
 *   `EventCode`/`eventCode`, `EventTime`/`eventTime`, `EventDescription`/`eventDescription`, `Place`/`place`,
 *   `OfficeCode`/`officeCode`, `Remarks`/`remarks`, `StoredUntil`/`storedUntil`.
 * EventTime is Helsinki local time without an offset; StoredUntil (DD.MM.YYYY) is the last day to collect.
 * An empty answer is an empty message (§3.1: "empty result, not an error") — Matkahuolto has no "not found".
 */
import { parseCarrierTime, toIsoDate } from '@/lib/time/zoned';
import type { TrackingOutcome } from '../carrier';
import { arrayField, CarrierFormatError, type Draft, draft, field, isObject, parseJson, requireTime, settleInformational } from '../parse-helpers';

const ZONE = 'Europe/Helsinki';

function readEvent(e: unknown, fallbackNumber: string | undefined): Draft {
  if (!isObject(e)) throw new CarrierFormatError('Matkahuolto event is not an object.');
  const trackingNumber = field(e, 'ShipmentNumber', 'shipmentNumber', 'ParcelNumber', 'parcelNumber') ?? fallbackNumber;
  const code = field(e, 'EventCode', 'eventCode');
  if (!trackingNumber || !code) throw new CarrierFormatError('Matkahuolto event without ShipmentNumber or EventCode.');
  const place = field(e, 'Place', 'place');
  const event = draft('matkahuolto', code, {
    trackingNumber,
    eventId: field(e, 'EventId', 'eventId'),
    description: field(e, 'EventDescription', 'eventDescription', 'Remarks', 'remarks'),
    location: place,
    occurredAt: requireTime(parseCarrierTime(field(e, 'EventTime', 'eventTime'), ZONE), 'Matkahuolto event'),
  });
  if (event.status === 'available_for_pickup') {
    if (place) {
      const id = field(e, 'OfficeCode', 'officeCode');
      event.pickupPoint = id ? { id, name: place } : { name: place };
    }
    const deadline = toIsoDate(field(e, 'StoredUntil', 'storedUntil'));
    if (deadline) event.pickupDeadline = deadline;
  }
  return event;
}

/** A consignment groups its events: `{ shipmentNumber, events: [...] }` in either casing. */
function isConsignment(v: unknown): v is Record<string, unknown> {
  return isObject(v) && arrayField(v, 'events', 'Events', 'MHTrackingEvents') !== undefined;
}

export function parseMatkahuolto(raw: string): TrackingOutcome {
  if (raw.trim() === '') return { kind: 'events', events: [] };
  const body = parseJson(raw);
  const rows = Array.isArray(body) ? body : isObject(body) ? arrayField(body, 'MHTrackingResults', 'mhTrackingResults', 'consignments', 'Consignments') : undefined;
  if (!rows) throw new CarrierFormatError('Not a Matkahuolto tracking response.');
  const drafts: Draft[] = [];
  for (const row of rows) {
    if (isConsignment(row)) {
      const number = field(row, 'ShipmentNumber', 'shipmentNumber', 'ParcelNumber', 'parcelNumber', 'id');
      for (const e of arrayField(row, 'events', 'Events', 'MHTrackingEvents')!) drafts.push(readEvent(e, number));
    } else drafts.push(readEvent(row, undefined));
  }
  return { kind: 'events', events: settleInformational(drafts) };
}
