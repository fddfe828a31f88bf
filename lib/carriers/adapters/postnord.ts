/**
 * PostNord Track & Trace API v7 (carriers.md §2.1): `TrackingInformationResponse.shipments[].items[].events[]`
 * with `eventTime` (local date-time without offset, read in the event location's country), `eventCode`,
 * `status` (ItemStatus), `eventDescription` (localized text), `location{displayName, city, countryCode}`.
 * Shipment: `estimatedTimeOfArrival`, `returnDate` (used as the last day to collect — unverified, §2.1),
 * `deliveryPoint{name, address{street1, postCode, city}, openingHours[]}`. Item `stoppedInCustoms` → customs.
 * Event code 113 under EN_ROUTE is PostNord's only out-for-delivery signal (§2.2).
 */
import { parseCarrierTime, toIsoDate, zoneOfCountry } from '@/lib/time/zoned';
import { lookupCode } from '../codes';
import { type CarrierAdapter, CarrierFormatError, draft, isObject, list, parseJson, requireTime, settleInformational, str } from './shared';

function openingHours(value: unknown): string | undefined {
  const rows = list(value).filter(isObject);
  if (rows.length === 0) return str(value);
  return rows.map((r) => `${str(r.openDay) ?? ''} ${str(r.openTime) ?? ''}–${str(r.closeTime) ?? ''}`.trim()).join(', ');
}

function deliveryPoint(value: unknown) {
  if (!isObject(value)) return undefined;
  const name = str(value.displayName) ?? str(value.name);
  if (!name) return undefined;
  const address = isObject(value.address) ? value.address : {};
  return { id: str(value.locationId), name, address: str(address.street1), postalCode: str(address.postCode), city: str(address.city), openingHours: openingHours(value.openingHours) };
}

export const postnordAdapter: CarrierAdapter = {
  carrier: 'postnord',
  parse(raw) {
    const body = parseJson(raw);
    const response = isObject(body) ? body.TrackingInformationResponse : undefined;
    if (!isObject(response) || !Array.isArray(response.shipments)) throw new CarrierFormatError('Not a PostNord TrackingInformationResponse.');
    const drafts = [];
    for (const shipment of response.shipments) {
      if (!isObject(shipment)) throw new CarrierFormatError('PostNord shipment is not an object.');
      const point = deliveryPoint(shipment.deliveryPoint);
      const deadline = toIsoDate(shipment.returnDate);
      const eta = toIsoDate(shipment.estimatedTimeOfArrival);
      for (const item of list(shipment.items)) {
        if (!isObject(item)) throw new CarrierFormatError('PostNord item is not an object.');
        const trackingNumber = str(item.itemId);
        if (!trackingNumber) throw new CarrierFormatError('PostNord item without itemId.');
        for (const e of list(item.events)) {
          if (!isObject(e)) throw new CarrierFormatError('PostNord event is not an object.');
          const location = isObject(e.location) ? e.location : {};
          const eventCode = str(e.eventCode);
          const status = str(e.status);
          // Numeric codes we know (113) beat the coarse status; otherwise the ItemStatus is the code.
          const code = eventCode && lookupCode('postnord', eventCode) ? eventCode : (status ?? eventCode);
          if (!code) throw new CarrierFormatError('PostNord event without eventCode or status.');
          const zone = zoneOfCountry(str(location.countryCode), 'Europe/Stockholm');
          const event = draft('postnord', code, {
            trackingNumber,
            description: str(e.eventDescription),
            location: str(location.displayName) ?? str(location.city),
            occurredAt: requireTime(parseCarrierTime(e.eventTime, zone), 'PostNord event'),
            carrierEta: eta,
          });
          if (code === 'STOPPED' && item.stoppedInCustoms === true) event.subStatus = 'customs';
          if (event.status === 'available_for_pickup') {
            if (point) event.pickupPoint = point;
            if (deadline) event.pickupDeadline = deadline;
          }
          drafts.push(event);
        }
      }
    }
    return settleInformational(drafts);
  },
};
