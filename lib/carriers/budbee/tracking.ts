/**
 * Budbee (carriers.md §5). No public document of Budbee's merchant tracking API or webhooks was found
 * (fixtures/SOURCES.md), so this adapter is an assumption: it reads the fields of Budbee's own
 * tracking endpoint `/api/v3/orders/{token}`): `{ token, type: "DELIVERY" | "BOX", eta?, latestPickupDate?,
 * lockerIdentifier?, lockerAddress?{name, street, postalCode, city, openingHours}, events[]{id, state, message,
 * date (ISO, UTC), city?} }`. Trap: in a BOX order "Delivered" means "in the locker" (available_for_pickup);
 * "PickedUp" is the delivery. A poll answer may be one order or `{ orders: [...] }`.
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

export function parseBudbee(raw: string): TrackingOutcome {
  const body = parseJson(raw);
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
