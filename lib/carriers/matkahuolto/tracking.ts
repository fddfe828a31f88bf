/**
 * Matkahuolto tracking answers, two kinds.
 *
 * 1. The web tracker's `GET wwwservice.matkahuolto.fi/search/trackingInfo?language=en&parcelNumber=…` — verified
 *    against a recorded answer (fixtures/carriers/matkahuolto/tracking-web-*.json, fixtures/SOURCES.md):
 *    `{ parcelNumber, storedUntil (YYYY-MM-DD), trackingEvents: [{ date (DD.MM.YYYY), time (HH:mm), description,
 *    officeCode, place }] }`, newest first, Helsinki local time, **no event codes**: the status comes from the English
 *    text (WEB_TEXTS). An unknown number is `{ "notFound": true }` (HTTP 200).
 * 2. The merchant `GET /mpaketti/public/tracking` with `Accept: application/json` (carriers.md §3.1). No JSON
 *    example of this answer is public (fixtures/SOURCES.md), so the shapes below are an assumption built from
 * the field list of Matkahuolto's technical description and the layouts an independent poller reads:
 * - `{ "MHTrackingResults": [event…] }`, a top-level `[event…]`, `{ "consignments": [{ shipmentNumber, events: [event…] }] }`
 *   or a top-level `[{ shipmentNumber, events }]`;
 * - event fields in either casing: `EventId`/`eventId`, `ShipmentNumber`/`shipmentNumber`, `ParcelNumber`/`parcelNumber`,
 *   `EventCode`/`eventCode`, `EventTime`/`eventTime`, `EventDescription`/`eventDescription`, `Place`/`place`,
 *   `OfficeCode`/`officeCode`, `Remarks`/`remarks`, `StoredUntil`/`storedUntil`.
 * EventTime is Helsinki local time without an offset; StoredUntil (DD.MM.YYYY) is the last day to collect.
 * An empty merchant answer is an empty message (§3.1: "empty result, not an error").
 */
import { localToInstant, parseCarrierTime, toIsoDate } from '@/lib/time/zoned';
import type { TrackingOutcome } from '../carrier';
import { type CodeEntry, info, s } from '../code-entry';
import { arrayField, CarrierFormatError, type Draft, draft, field, isObject, parseJson, requireTime, settleInformational, str } from '../parse-helpers';

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

/**
 * The web tracker's English event texts, as the recorded answer words them. A text not listed is kept with
 * `unmappedCode` (no status of its own) rather than guessed.
 */
const WEB_TEXTS: ReadonlyArray<[RegExp, CodeEntry]> = [
  [/^The consignment has been delivered/, s('delivered')],
  [/^The shipment is available for pickup/, s('available_for_pickup')],
  [/^We have sent the recipient a message/, info],
  [/^Matkahuolto is waiting for the consignment from the sender/, s('info_received')],
  [/^(Consignment is being processed|The consignment is on its way|The consignment is ready to continue its journey|Your parcel has been sorted|We will deliver the consignment to the pickup point)/, s('in_transit')],
];

function webEvent(e: unknown, trackingNumber: string, storedUntil: string | undefined): Draft {
  if (!isObject(e)) throw new CarrierFormatError('Matkahuolto event is not an object.');
  const description = str(e.description);
  const date = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(str(e.date) ?? '');
  const time = /^(\d{2}):(\d{2})$/.exec(str(e.time) ?? '');
  const occurredAt = date && time ? localToInstant(`${date[3]}-${date[2]}-${date[1]}T${time[1]}:${time[2]}`, ZONE) : null;
  const entry = WEB_TEXTS.find(([text]) => text.test(description ?? ''))?.[1];
  const place = str(e.place);
  const event: Draft = { carrier: 'matkahuolto', trackingNumber, status: entry?.status ?? 'in_transit', occurredAt: requireTime(occurredAt, 'Matkahuolto event') };
  if (description) event.description = description;
  if (place) event.location = place;
  if (!entry) event.unmappedCode = true;
  if (entry?.info) event.info = true;
  if (event.status === 'available_for_pickup') {
    const id = str(e.officeCode);
    if (place) event.pickupPoint = id ? { id, name: place } : { name: place };
    if (storedUntil) event.pickupDeadline = storedUntil;
  }
  return event;
}

function parseWebTracker(body: Record<string, unknown>): TrackingOutcome {
  if (body.notFound === true) return { kind: 'not_found', trackingNumbers: [], message: 'Matkahuolto: notFound' };
  const trackingNumber = str(body.parcelNumber);
  if (!trackingNumber) throw new CarrierFormatError('Matkahuolto tracking answer without parcelNumber.');
  const storedUntil = toIsoDate(body.storedUntil);
  // Newest first on the wire; oldest first here, so that a notice takes the status of the event just before it.
  const events = [...(body.trackingEvents as unknown[])].reverse().map((e) => webEvent(e, trackingNumber, storedUntil));
  return { kind: 'events', events: settleInformational(events) };
}

export function parseMatkahuolto(raw: string): TrackingOutcome {
  if (raw.trim() === '') return { kind: 'events', events: [] };
  const body = parseJson(raw);
  if (isObject(body) && (body.notFound === true || Array.isArray(body.trackingEvents))) return parseWebTracker(body);
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
