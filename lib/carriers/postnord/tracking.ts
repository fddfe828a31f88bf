/**
 * PostNord Track & Trace (carriers.md §2.1): `TrackingInformationResponse.shipments[].items[].events[]`, checked
 * against the public OpenAPI schema and independent clients' captured answers (fixtures/SOURCES.md).
 * - `eventTime` is local time without an offset (or UTC with `Z`), read in the zone of the event location's
 *   country (`countryCode` is alpha-2 or alpha-3: `SE`, `SWE`), else the consignee's, else Stockholm.
 * - `eventCode` (numeric or `z…`) and `status` (ItemStatus); code 113 under EN_ROUTE is the only
 *   out-for-delivery signal (§2.2), otherwise the ItemStatus is the code.
 * - Lenient: an item without `itemId` is tracked by the `shipmentId`; shipment-level `events` are read too;
 *   a bare shipment object (the receiver-app answer) is read like one shipment of the envelope.
 * - Strict: an empty `shipments` list is "not found" (with `compositeFault` `invalidIdentifier` or without);
 *   other faults are errors.
 * - Pickup point: `deliveryPoint` (name, address, opening hours), else the event's own location when it is a
 *   SERVICE_POINT/PARCEL_LOCKER. Last day to collect: `returnDate` of the item or shipment (the meaning of
 *   `returnDate` is not documented by PostNord — an assumption, docs/carriers.md).
 */
import type { PickupPoint } from '@/db/schema';
import { parseCarrierTime, toIsoDate, zoneOfCountry } from '@/lib/time/zoned';
import type { TrackingOutcome } from '../carrier';
import { lookupCode } from '../codes';
import { CarrierFormatError, type Draft, draft, field, isObject, list, objectField, parseJson, requireTime, settleInformational, str } from '../parse-helpers';

function openingHours(value: unknown): string | undefined {
  const rows = list(value).filter(isObject);
  if (rows.length === 0) return str(value);
  return rows.map((r) => `${str(r.openDay) ?? ''} ${str(r.openTime) ?? ''}–${str(r.closeTime) ?? ''}`.trim()).join(', ');
}

function deliveryPoint(value: unknown): PickupPoint | undefined {
  if (!isObject(value)) return undefined;
  const name = field(value, 'displayName', 'name', 'locationName');
  if (!name) return undefined;
  const address = objectField(value, 'address') ?? {};
  const point: PickupPoint = { name };
  const entries: Array<[keyof PickupPoint, string | undefined]> = [
    ['id', field(value, 'locationId')],
    ['address', field(address, 'street1')],
    ['postalCode', field(address, 'postCode') ?? field(value, 'postcode')],
    ['city', field(address, 'city') ?? field(value, 'city')],
    ['openingHours', openingHours(value.openingHours)],
  ];
  for (const [key, v] of entries) if (v) point[key] = v;
  return point;
}

const PICKUP_LOCATIONS = new Set(['SERVICE_POINT', 'PARCEL_LOCKER', 'DELIVERY_POINT']);

type Context = { drafts: Draft[]; point?: PickupPoint; deadline?: string; eta?: string; homeCountry?: string };

function readEvent(ctx: Context, trackingNumber: string, e: unknown, item: Record<string, unknown> | undefined) {
  if (!isObject(e)) throw new CarrierFormatError('PostNord event is not an object.');
  const location = objectField(e, 'location') ?? {};
  const eventCode = str(e.eventCode);
  const status = str(e.status);
  const code = eventCode && lookupCode('postnord', eventCode) ? eventCode : (status ?? eventCode);
  if (!code) throw new CarrierFormatError('PostNord event without eventCode or status.');
  const zone = zoneOfCountry(str(location.countryCode) ?? ctx.homeCountry, 'Europe/Stockholm');
  const event = draft('postnord', code, {
    trackingNumber,
    description: str(e.eventDescription),
    location: field(location, 'displayName', 'name', 'locationName', 'city'),
    occurredAt: requireTime(parseCarrierTime(e.eventTime, zone), 'PostNord event'),
    carrierEta: (item && toIsoDate(item.estimatedTimeOfArrival)) ?? ctx.eta,
  });
  if (code === 'STOPPED' && item?.stoppedInCustoms === true) event.subStatus = 'customs';
  if (event.status === 'available_for_pickup') {
    const own = PICKUP_LOCATIONS.has(str(location.locationType) ?? '') ? deliveryPoint(location) : undefined;
    const point = ctx.point ?? own;
    if (point) event.pickupPoint = point;
    const deadline = (item && toIsoDate(item.returnDate)) ?? ctx.deadline;
    if (deadline) event.pickupDeadline = deadline;
  }
  ctx.drafts.push(event);
}

function readShipment(drafts: Draft[], shipment: unknown) {
  if (!isObject(shipment)) throw new CarrierFormatError('PostNord shipment is not an object.');
  const shipmentId = str(shipment.shipmentId);
  const consignee = objectField(shipment, 'consignee');
  const ctx: Context = {
    drafts,
    point: deliveryPoint(shipment.deliveryPoint),
    deadline: toIsoDate(shipment.returnDate),
    eta: toIsoDate(shipment.estimatedTimeOfArrival),
    homeCountry: (consignee && str(objectField(consignee, 'address')?.countryCode)) ?? undefined,
  };
  for (const item of list(shipment.items)) {
    if (!isObject(item)) throw new CarrierFormatError('PostNord item is not an object.');
    const trackingNumber = str(item.itemId) ?? shipmentId;
    if (!trackingNumber) throw new CarrierFormatError('PostNord item without itemId in a shipment without shipmentId.');
    for (const e of list(item.events)) readEvent(ctx, trackingNumber, e, item);
  }
  const own = list(shipment.events);
  if (own.length > 0) {
    if (!shipmentId) throw new CarrierFormatError('PostNord shipment events without shipmentId.');
    for (const e of own) readEvent(ctx, shipmentId, e, undefined);
  }
}

export function parsePostnord(raw: string): TrackingOutcome {
  const body = parseJson(raw);
  if (!isObject(body)) throw new CarrierFormatError('Not a PostNord TrackingInformationResponse.');
  const drafts: Draft[] = [];
  const response = objectField(body, 'TrackingInformationResponse');
  if (!response) {
    // The receiver-app answer is one shipment object.
    if (!(str(body.shipmentId) && Array.isArray(body.items))) throw new CarrierFormatError('Not a PostNord TrackingInformationResponse.');
    readShipment(drafts, body);
    return { kind: 'events', events: settleInformational(drafts) };
  }
  if (!Array.isArray(response.shipments)) throw new CarrierFormatError('PostNord TrackingInformationResponse without shipments.');
  const faults = list(objectField(response, 'compositeFault')?.faults).filter(isObject);
  if (response.shipments.length === 0) {
    const unknownId = faults.length === 0 || faults.some((f) => /identifier|notfound/i.test(str(f.faultCode) ?? ''));
    const text = faults.map((f) => `${str(f.faultCode) ?? 'fault'}: ${str(f.explanationText) ?? ''}`.trim()).join('; ');
    if (!unknownId) throw new CarrierFormatError(`PostNord answered ${text}`);
    const ids = faults.flatMap((f) => list(f.paramValues).filter(isObject).map((p) => str(p.value))).filter((v): v is string => !!v);
    return { kind: 'not_found', trackingNumbers: ids, message: text ? `PostNord: ${text}` : 'PostNord found no shipment.' };
  }
  for (const shipment of response.shipments) readShipment(drafts, shipment);
  return { kind: 'events', events: settleInformational(drafts) };
}
