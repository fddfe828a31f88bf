/**
 * Bring (carriers.md §4). Two shapes, one vocabulary (§4.2):
 * - Tracking API v2 (`tracking.json`, the poll/refetch answer): `consignmentSet[].packageSet[]` with
 *   `packageNumber`, `dateOfEstimatedDelivery`?, `pickupPoint`? and `eventSet[]` (`status`, `description`,
 *   `dateIso` with offset, `city`, `postalCode`, `countryCode`).
 * - Event Cast push (§4.1): `{ "status", "id" (uuid), "shipment", "package", "created": "yyyy-MM-dd'T'HH:mm:ssZ" }`
 *   (UTC, Java offset without colon). It has no text or place; the id is the carrier's event id.
 */
import { parseCarrierTime, toIsoDate } from '@/lib/time/zoned';
import { type CarrierAdapter, CarrierFormatError, draft, isObject, list, parseJson, requireTime, settleInformational, str } from './shared';

function pickupPoint(value: unknown) {
  if (!isObject(value)) return undefined;
  const name = str(value.name);
  if (!name) return undefined;
  return { id: str(value.id), name, address: str(value.address), postalCode: str(value.postalCode), city: str(value.city), openingHours: str(value.openingHours) };
}

function place(e: Record<string, unknown>): string | undefined {
  const city = str(e.city);
  return city ? city : undefined;
}

export const bringAdapter: CarrierAdapter = {
  carrier: 'bring',
  parse(raw) {
    const body = parseJson(raw);
    const drafts = [];
    if (isObject(body) && Array.isArray(body.consignmentSet)) {
      for (const consignment of body.consignmentSet) {
        if (!isObject(consignment)) throw new CarrierFormatError('Bring consignment is not an object.');
        for (const pkg of list(consignment.packageSet)) {
          if (!isObject(pkg)) throw new CarrierFormatError('Bring package is not an object.');
          const trackingNumber = str(pkg.packageNumber);
          if (!trackingNumber) throw new CarrierFormatError('Bring package without packageNumber.');
          const eta = toIsoDate(pkg.dateOfEstimatedDelivery);
          const point = pickupPoint(pkg.pickupPoint);
          const deadline = toIsoDate(pkg.lastPickupDate);
          for (const e of list(pkg.eventSet)) {
            if (!isObject(e)) throw new CarrierFormatError('Bring event is not an object.');
            const code = str(e.status);
            if (!code) throw new CarrierFormatError('Bring event without status.');
            const event = draft('bring', code, {
              trackingNumber,
              description: str(e.description),
              location: place(e),
              occurredAt: requireTime(parseCarrierTime(e.dateIso, 'Europe/Oslo'), 'Bring event'),
              carrierEta: eta,
            });
            if (event.status === 'available_for_pickup') {
              if (point) event.pickupPoint = point;
              if (deadline) event.pickupDeadline = deadline;
            }
            drafts.push(event);
          }
        }
      }
      return settleInformational(drafts);
    }
    const pushes = Array.isArray(body) ? body : [body];
    for (const p of pushes) {
      if (!isObject(p)) throw new CarrierFormatError('Not a Bring Event Cast event.');
      const code = str(p.status);
      const trackingNumber = str(p.package) ?? str(p.shipment);
      if (!code || !trackingNumber) throw new CarrierFormatError('Bring Event Cast event without status or package.');
      drafts.push(
        draft('bring', code, {
          trackingNumber,
          eventId: str(p.id),
          description: str(p.description),
          location: str(p.city),
          occurredAt: requireTime(parseCarrierTime(p.created, 'UTC'), 'Bring Event Cast event'),
        }),
      );
    }
    return settleInformational(drafts);
  },
};
