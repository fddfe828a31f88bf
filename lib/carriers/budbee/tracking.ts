/**
 * Budbee (carriers.md §5). Documents of Budbee's consumer tracker (`tracking.budbee.com/api`): no merchant tracking
 * API is public, and no whole example of Budbee's webhooks could be taken (fixtures/SOURCES.md):
 * - a locker order as `GET /box/{token}` answers it — verified against the one recorded answer
 *   (fixtures/carriers/budbee/tracking-box-not-started.json): a snapshot `{ token, status, createdAt, deliveredAt,
 *   latestPickupDate, lockerIdentifier, lockerAddress{name, street, postalCode, city}, … }` without an event list.
 *   Only two statuses carry their own time: NotStarted/Pending (`createdAt`) and Delivered (`deliveredAt`); any
 *   other status is refused rather than given a time the document does not hold. `consignment.type` is the
 *   direction (DELIVERY on a locker order too), not the kind of order.
 * - `/v3/*`'s failure envelope `{ status: "FAILED", errorCode: "ORDER_NOT_FOUND" }` (HTTP 200) is "not found".
 * - an order with an event list (assumption, no public example): `{ token, type: "DELIVERY" | "BOX", eta?,
 *   latestPickupDate?, lockerIdentifier?, lockerAddress?, events[]{id, state, message, date (ISO, UTC), city?} }`,
 *   one order or `{ orders: [...] }`.
 * Trap: in a locker order "Delivered" means "in the locker" (available_for_pickup); "PickedUp" is the delivery.
 */
import { parseCarrierTime, toIsoDate } from '@/lib/time/zoned';
import type { TrackingOutcome } from '../carrier';
import { CarrierFormatError, type Draft, draft, isObject, parseJson, requireTime, settleInformational, str } from '../parse-helpers';

function locker(order: Record<string, unknown>) {
  const a = isObject(order.lockerAddress) ? order.lockerAddress : undefined;
  const name = a ? (str(a.name) ?? str(order.lockerIdentifier)) : str(order.lockerIdentifier);
  if (!name) return undefined;
  return { id: str(order.lockerIdentifier), name, address: a && str(a.street), postalCode: a && str(a.postalCode), city: a && str(a.city), openingHours: a && str(a.openingHours) };
}

/** The time a locker snapshot gives its status (the document holds no other event times). */
const SNAPSHOT_TIME: Record<string, string> = { NotStarted: 'createdAt', Pending: 'createdAt', Delivered: 'deliveredAt' };

function boxSnapshot(order: Record<string, unknown>): Draft {
  const trackingNumber = str(order.token);
  const code = str(order.status);
  if (!trackingNumber || !code) throw new CarrierFormatError('Budbee locker order without token or status.');
  const timeField = SNAPSHOT_TIME[code];
  if (!timeField) throw new CarrierFormatError(`Budbee locker order in status ${code}: the document holds no time for it.`);
  const event = draft('budbee', code, { trackingNumber, occurredAt: requireTime(parseCarrierTime(order[timeField], 'Europe/Stockholm'), `Budbee ${timeField}`) }, { box: true });
  if (event.status === 'available_for_pickup') {
    const point = locker(order);
    if (point) event.pickupPoint = point;
    const deadline = toIsoDate(order.latestPickupDate);
    if (deadline) event.pickupDeadline = deadline;
  }
  return event;
}

export function parseBudbee(raw: string): TrackingOutcome {
  const body = parseJson(raw);
  if (isObject(body) && body.errorCode !== undefined && body.errorCode !== null) {
    if (body.errorCode === 'ORDER_NOT_FOUND') return { kind: 'not_found', trackingNumbers: [], message: `Budbee: ${str(body.errorMsg) ?? 'ORDER_NOT_FOUND'}` };
    throw new CarrierFormatError(`Budbee refused the request: ${str(body.errorCode)}.`);
  }
  if (isObject(body) && typeof body.status === 'string' && !Array.isArray(body.events)) return { kind: 'events', events: settleInformational([boxSnapshot(body)]) };
  const orders = isObject(body) && Array.isArray(body.orders) ? body.orders : [body];
  const drafts: Draft[] = [];
  for (const order of orders) {
    if (!isObject(order) || !Array.isArray(order.events)) throw new CarrierFormatError('Not a Budbee order.');
    const trackingNumber = str(order.token);
    if (!trackingNumber) throw new CarrierFormatError('Budbee order without token.');
    const box = str(order.type)?.toUpperCase() === 'BOX';
    const eta = isObject(order.eta) ? toIsoDate(order.eta.date) : toIsoDate(order.eta);
    const point = box ? locker(order) : undefined;
    const deadline = toIsoDate(order.latestPickupDate);
    for (const e of order.events) {
      if (!isObject(e)) throw new CarrierFormatError('Budbee event is not an object.');
      const code = str(e.state);
      if (!code) throw new CarrierFormatError('Budbee event without state.');
      const event = draft(
        'budbee',
        code,
        { trackingNumber, eventId: str(e.id), description: str(e.message), location: str(e.city), occurredAt: requireTime(parseCarrierTime(e.date, 'Europe/Stockholm'), 'Budbee event'), carrierEta: eta },
        { box },
      );
      if (event.status === 'available_for_pickup') {
        if (point) event.pickupPoint = point;
        if (deadline) event.pickupDeadline = deadline;
      }
      drafts.push(event);
    }
  }
  return { kind: 'events', events: settleInformational(drafts) };
}
