/**
 * Bring (carriers.md §4), checked against Bring's own examples (fixtures/SOURCES.md):
 * - Tracking API v2 (`tracking.json`, the poll answer): `consignmentSet[].packageSet[]` with `packageNumber`,
 *   `dateOfReturn` ("dd.MM.yyyy", the last day to collect), `pickupCode`, `dateOfEstimatedDelivery`,
 *   `expectedPickupUnitId/Name/URL`, and `eventSet[]` (`status`, `description`, `dateIso` with offset,
 *   `unitId` + `unitInformationUrl` = the unit the event happened at, e.g. the pickup point, `city`,
 *   `postalCode`, `countryCode`). A number Bring does not know is a consignment `{ "error": { "code": 404 } }`.
 * - Event Cast push (§4.1): `{ "status", "id" (uuid), "shipment", "package", "created": "yyyy-MM-dd'T'HH:mm:ssZ" }`
 *   (UTC, Java offset without colon). It has no text or place; the id is the carrier's event id.
 * Bring's events name no pickup point: its name comes from `expectedPickupUnitName` when the event's unit is
 * the expected one, else the place (city) of the unit. `pickupCode` is not read (hidden from senders since
 * 2025-04-24, §4.1).
 */
import type { PickupPoint } from '@/db/schema';
import { parseCarrierTime, toIsoDate, zoneOfCountry } from '@/lib/time/zoned';
import type { DocumentKind, TrackingOutcome } from '../carrier';
import { CarrierFormatError, type Draft, draft, isObject, list, parseJson, requireTime, settleInformational, str } from '../parse-helpers';

function pickupPoint(pkg: Record<string, unknown>, e: Record<string, unknown>): PickupPoint | undefined {
  const id = str(e.unitId);
  const expected = id !== undefined && id === str(pkg.expectedPickupUnitId) ? str(pkg.expectedPickupUnitName) : undefined;
  const name = expected ?? str(e.city);
  if (!name) return undefined;
  const point: PickupPoint = { name };
  if (id) point.id = id;
  const postalCode = str(e.postalCode);
  if (postalCode) point.postalCode = postalCode;
  const city = str(e.city);
  if (city) point.city = city;
  return point;
}

function readTracking(body: Record<string, unknown>): TrackingOutcome {
  const drafts: Draft[] = [];
  const notFound: string[] = [];
  let packages = 0;
  for (const consignment of list(body.consignmentSet)) {
    if (!isObject(consignment)) throw new CarrierFormatError('Bring consignment is not an object.');
    if (isObject(consignment.error)) {
      const code = str(consignment.error.code);
      const message = str(consignment.error.message) ?? 'error';
      if (code === '404') {
        notFound.push(message);
        continue;
      }
      throw new CarrierFormatError(`Bring answered ${code ?? 'an error'}: ${message}`);
    }
    for (const pkg of list(consignment.packageSet)) {
      if (!isObject(pkg)) throw new CarrierFormatError('Bring package is not an object.');
      // Lenient: a package without its own number is tracked by the consignment's.
      const trackingNumber = str(pkg.packageNumber) ?? str(consignment.consignmentId);
      if (!trackingNumber) throw new CarrierFormatError('Bring package without packageNumber or consignmentId.');
      packages += 1;
      const eta = toIsoDate(pkg.dateOfEstimatedDelivery);
      const deadline = toIsoDate(pkg.dateOfReturn);
      for (const e of list(pkg.eventSet)) {
        if (!isObject(e)) throw new CarrierFormatError('Bring event is not an object.');
        const code = str(e.status);
        if (!code) throw new CarrierFormatError('Bring event without status.');
        const event = draft('bring', code, {
          trackingNumber,
          description: str(e.description),
          location: str(e.city),
          occurredAt: requireTime(parseCarrierTime(e.dateIso, zoneOfCountry(str(e.countryCode), 'Europe/Oslo')), 'Bring event'),
          carrierEta: eta,
        });
        if (event.status === 'available_for_pickup') {
          const point = pickupPoint(pkg, e);
          if (point) event.pickupPoint = point;
          if (deadline) event.pickupDeadline = deadline;
        }
        drafts.push(event);
      }
    }
  }
  if (packages === 0 && notFound.length > 0) return { kind: 'not_found', trackingNumbers: [], message: `Bring: ${notFound.join('; ')}` };
  return { kind: 'events', events: settleInformational(drafts) };
}

function readPush(body: unknown): TrackingOutcome {
  const pushes = Array.isArray(body) ? body : [body];
  const drafts: Draft[] = [];
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
  return { kind: 'events', events: settleInformational(drafts) };
}

export function parseBring(raw: string, kind?: DocumentKind): TrackingOutcome {
  const body = parseJson(raw);
  const tracking = isObject(body) && Array.isArray(body.consignmentSet);
  if (kind === 'tracking' && !tracking) throw new CarrierFormatError('Not a Bring Tracking API document (no consignmentSet).');
  if (kind === 'push' && tracking) throw new CarrierFormatError('A Bring Tracking API document is not an Event Cast push.');
  return tracking ? readTracking(body as Record<string, unknown>) : readPush(body);
}
