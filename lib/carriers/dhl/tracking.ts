/**
 * DHL Shipment Tracking – Unified (carriers.md §6), checked against the example of DHL's OpenAPI document as
 * an independent client copies it (fixtures/SOURCES.md): `{ shipments: [ { id, service, origin, destination,
 * status, estimatedTimeOfDelivery, details{ proofOfDelivery, totalNumberOfPieces, pieceIds }, events: [
 * { timestamp, statusCode, status, description, remark, nextSteps, location.address{addressLocality,
 * countryCode} } ] } ] }`. A number DHL does not know is a problem document `{ status: 404, title, detail }`.
 * - Timestamps without an offset are local time in the event's country (else the destination's, else the
 *   origin's); DHL Express writes them so (Amsterdam events in CET, not Helsinki time).
 * - `remark` and `nextSteps` are DHL's explanation of the event: kept after the description.
 * - `details.proofOfDelivery.timestamp` proves the delivery: when no event says `delivered`, the POD is one.
 * - `details.pieceIds`: the outcome lists them per shipment (a multi-piece shipment's piece numbers).
 * Push: DHL's Unified Push says its body is not unified between divisions (Parcel Germany vs Express) and no
 * example body is public; a push is read as the same `shipments` document (an assumption, docs/carriers.md).
 */
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';
import { parseCarrierTime, toIsoDate, zoneOfCountry } from '@/lib/time/zoned';
import type { TrackingOutcome } from '../carrier';
import { CarrierFormatError, type Draft, draft, exceptionSubFromText, isObject, list, objectField, parseJson, requireTime, settleInformational, str } from '../parse-helpers';

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

function countryOf(v: unknown): string | undefined {
  return isObject(v) ? str(objectField(v, 'address')?.countryCode) : undefined;
}

function localityOf(v: unknown): string | undefined {
  return isObject(v) ? str(objectField(v, 'address')?.addressLocality) : undefined;
}

/** Description, then DHL's remark and next steps, without repeating a text. */
function text(e: Record<string, unknown>): string | undefined {
  const parts = [str(e.description) ?? str(e.status), str(e.remark), str(e.nextSteps)].filter((p): p is string => !!p);
  return parts.length > 0 ? [...new Set(parts)].join(' — ') : undefined;
}

export function parseDhl(raw: string): TrackingOutcome {
  const body = parseJson(raw);
  if (!isObject(body)) throw new CarrierFormatError('Not a DHL shipments document.');
  if (!Array.isArray(body.shipments)) {
    // RFC 7807 problem document: 404 = no shipment with that number; anything else is an error answer.
    const status = str(body.status);
    const detail = str(body.detail) ?? str(body.title);
    if (status === '404') return { kind: 'not_found', trackingNumbers: [], message: `DHL: ${detail ?? 'no shipment found'}` };
    if (status && detail) throw new CarrierFormatError(`DHL answered ${status}: ${detail}`);
    throw new CarrierFormatError('Not a DHL shipments document.');
  }
  const drafts: Draft[] = [];
  const pieces: Record<string, string[]> = {};
  for (const shipment of body.shipments) {
    if (!isObject(shipment)) throw new CarrierFormatError('DHL shipment is not an object.');
    const trackingNumber = str(shipment.id);
    if (!trackingNumber) throw new CarrierFormatError('DHL shipment without id.');
    const eta = toIsoDate(shipment.estimatedTimeOfDelivery);
    const homeCountry = countryOf(shipment.destination) ?? countryOf(shipment.origin);
    const details = objectField(shipment, 'details') ?? {};
    const pieceIds = list(details.pieceIds).map(str).filter((p): p is string => !!p);
    if (pieceIds.length > 0) pieces[trackingNumber] = pieceIds;
    const own: Draft[] = [];
    for (const e of list(shipment.events)) {
      if (!isObject(e)) throw new CarrierFormatError('DHL event is not an object.');
      const code = str(e.statusCode);
      if (!code) throw new CarrierFormatError('DHL event without statusCode.');
      const zone = zoneOfCountry(countryOf(e.location) ?? homeCountry);
      const event = draft('dhl', code, {
        trackingNumber,
        description: text(e),
        location: localityOf(e.location),
        occurredAt: requireTime(parseCarrierTime(e.timestamp, zone), 'DHL event'),
        carrierEta: eta,
      });
      refine(event);
      own.push(event);
    }
    const pod = objectField(details, 'proofOfDelivery');
    const podTime = pod ? parseCarrierTime(pod.timestamp, zoneOfCountry(homeCountry)) : null;
    if (podTime && !own.some((e) => e.status === 'delivered')) {
      own.push(draft('dhl', 'delivered', { trackingNumber, eventId: `pod:${trackingNumber}`, location: localityOf(shipment.destination), occurredAt: podTime }));
    }
    drafts.push(...own);
  }
  return Object.keys(pieces).length > 0 ? { kind: 'events', events: settleInformational(drafts), pieces } : { kind: 'events', events: settleInformational(drafts) };
}
