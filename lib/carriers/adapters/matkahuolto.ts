/**
 * Matkahuolto `GET /mpaketti/public/tracking` with `Accept: application/json` (carriers.md §3.1):
 * `{ "MHTrackingResults": [ { EventId, ShipmentNumber, ParcelNumber, SenderReference, EventCode, EventTime,
 * EventDescription, Place, OfficeCode, Remarks, StoredUntil?, ReturnShipmentNumber? } ] }`.
 * EventTime is Helsinki local time without an offset; StoredUntil (DD.MM.YYYY, as the consumer tracker shows it)
 * is the last day to collect. An empty answer is an empty message, not an error.
 */
import { parseCarrierTime, toIsoDate } from '@/lib/time/zoned';
import { type CarrierAdapter, CarrierFormatError, draft, isObject, list, parseJson, requireTime, settleInformational, str } from './shared';

const ZONE = 'Europe/Helsinki';

export const matkahuoltoAdapter: CarrierAdapter = {
  carrier: 'matkahuolto',
  parse(raw) {
    if (raw.trim() === '') return [];
    const body = parseJson(raw);
    const events = isObject(body) && Array.isArray(body.MHTrackingResults) ? body.MHTrackingResults : Array.isArray(body) ? body : null;
    if (!events) throw new CarrierFormatError('Not a Matkahuolto tracking response.');
    const drafts = list(events).map((e) => {
      if (!isObject(e)) throw new CarrierFormatError('Matkahuolto event is not an object.');
      const trackingNumber = str(e.ShipmentNumber) ?? str(e.ParcelNumber);
      const code = str(e.EventCode);
      if (!trackingNumber || !code) throw new CarrierFormatError('Matkahuolto event without ShipmentNumber or EventCode.');
      const event = draft('matkahuolto', code, {
        trackingNumber,
        eventId: str(e.EventId),
        description: str(e.EventDescription) ?? str(e.Remarks),
        location: str(e.Place),
        occurredAt: requireTime(parseCarrierTime(e.EventTime, ZONE), 'Matkahuolto event'),
      });
      if (event.status === 'available_for_pickup') {
        const place = str(e.Place);
        if (place) event.pickupPoint = { id: str(e.OfficeCode), name: place };
        const deadline = toIsoDate(e.StoredUntil);
        if (deadline) event.pickupDeadline = deadline;
      }
      return event;
    });
    return settleInformational(drafts);
  },
};
