/**
 * DHL Shipment Tracking – Unified (carriers.md §6): `{ shipments: [ { id, service, status, estimatedTimeOfDelivery,
 * events: [ { timestamp, statusCode, status, description, location.address{addressLocality, countryCode} } ] } ] }`.
 * Unified Push sends the same `shipments` document. Timestamps without an offset are local time at the event's
 * country. DHL has only five status codes; out-for-delivery, failed attempts and exception kinds are in the text.
 */
import type { NormalizedEvent } from '@/lib/tracking/ingest-events';
import { parseCarrierTime, toIsoDate, zoneOfCountry } from '@/lib/time/zoned';
import { type CarrierAdapter, CarrierFormatError, draft, exceptionSubFromText, isObject, list, parseJson, requireTime, settleInformational, str } from './shared';

/** The description decides what DHL's coarse code cannot say. */
function refine(event: NormalizedEvent): void {
  const text = (event.description ?? '').toLowerCase();
  if (event.carrierCode === 'transit' && /out (with courier )?for delivery|with delivery courier|on vehicle for delivery/.test(text)) event.status = 'out_for_delivery';
  if (event.carrierCode === 'failure') {
    const sub = exceptionSubFromText(event.description);
    if (sub === 'other' && /attempt|not at home|not home|recipient not available|closed/.test(text)) {
      event.status = 'failed_attempt';
      delete event.subStatus;
    } else event.subStatus = sub;
  }
}

export const dhlAdapter: CarrierAdapter = {
  carrier: 'dhl',
  parse(raw) {
    const body = parseJson(raw);
    if (!isObject(body) || !Array.isArray(body.shipments)) throw new CarrierFormatError('Not a DHL shipments document.');
    const drafts = [];
    for (const shipment of body.shipments) {
      if (!isObject(shipment)) throw new CarrierFormatError('DHL shipment is not an object.');
      const trackingNumber = str(shipment.id);
      if (!trackingNumber) throw new CarrierFormatError('DHL shipment without id.');
      const eta = toIsoDate(shipment.estimatedTimeOfDelivery);
      for (const e of list(shipment.events)) {
        if (!isObject(e)) throw new CarrierFormatError('DHL event is not an object.');
        const code = str(e.statusCode);
        if (!code) throw new CarrierFormatError('DHL event without statusCode.');
        const address = isObject(e.location) && isObject(e.location.address) ? e.location.address : {};
        const event = draft('dhl', code, {
          trackingNumber,
          description: str(e.description) ?? str(e.status),
          location: str(address.addressLocality),
          occurredAt: requireTime(parseCarrierTime(e.timestamp, zoneOfCountry(str(address.countryCode))), 'DHL event'),
          carrierEta: eta,
        });
        refine(event);
        drafts.push(event);
      }
    }
    return settleInformational(drafts);
  },
};
