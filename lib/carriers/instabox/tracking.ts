/**
 * Instabox (Instabee group), checked against the carrier's own example (fixtures/SOURCES.md): the locker-flow
 * webhook ("Locker Delivery Events") pushes one checkpoint per request:
 * `{ checkpointId, parcelId, orderNumber, type, typeDescription, locationName, timestamp (ISO, UTC "Z") }`.
 * `type` is the checkpoint type (instabox/codes.ts), `locationName` the place (the locker when the courier
 * drops the parcel off there). Instabee says the payload can be configured per integration, so an array of
 * checkpoints is read too. No pull API answer is public; Instabox is a push carrier here.
 */
import { parseCarrierTime } from '@/lib/time/zoned';
import type { TrackingOutcome } from '../carrier';
import { CarrierFormatError, type Draft, draft, isObject, parseJson, requireTime, settleInformational, str } from '../parse-helpers';

export function parseInstabox(raw: string): TrackingOutcome {
  const body = parseJson(raw);
  const checkpoints = Array.isArray(body) ? body : [body];
  const drafts: Draft[] = [];
  for (const c of checkpoints) {
    if (!isObject(c)) throw new CarrierFormatError('Not an Instabox checkpoint.');
    const code = str(c.type);
    const trackingNumber = str(c.parcelId);
    if (!code || !trackingNumber) throw new CarrierFormatError('Instabox checkpoint without type or parcelId.');
    const location = str(c.locationName);
    const event = draft('instabox', code, {
      trackingNumber,
      eventId: str(c.checkpointId),
      description: str(c.typeDescription),
      location,
      occurredAt: requireTime(parseCarrierTime(c.timestamp, 'UTC'), 'Instabox checkpoint'),
    });
    if (event.status === 'available_for_pickup' && location) event.pickupPoint = { name: location };
    drafts.push(event);
  }
  return { kind: 'events', events: settleInformational(drafts) };
}
