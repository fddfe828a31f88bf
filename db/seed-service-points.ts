/**
 * Demo service points (issue #14) for the demo shop, which has no carrier credentials: a few INVENTED points per
 * carrier for each demo order's shipping postal code, stored as `demo` rows of `service_point_cache`, so the
 * return wizard's drop-off step and the tracking page show the feature offline. Every name starts with "Demo",
 * every street is "Demo street", and the UI labels them "Demo data": they are not any carrier's data. The
 * pickup points the demo parcels wait at (themselves invented by the seed) are added under their ids, so the
 * tracking page can show their week. Relative imports only (scripts run this under plain tsx).
 */
import type { PickupPoint } from './schema';
import { carriersForMarket } from '../lib/returns/methods';
import { parseOpeningHoursText, type ServicePoint, type ServicePointType } from '../lib/carriers/service-point';

type SeedCarrier = 'posti' | 'postnord' | 'matkahuolto' | 'bring' | 'budbee';
const SEED_CARRIERS: readonly SeedCarrier[] = ['posti', 'postnord', 'matkahuolto', 'bring', 'budbee'];
const NAMES: Record<SeedCarrier, string> = { posti: 'Posti', postnord: 'PostNord', matkahuolto: 'Matkahuolto', bring: 'Bring', budbee: 'Budbee' };

type DemoTemplate = { type: ServicePointType; label: string; meters: number; hoursText: string };
const DEMO_TEMPLATES: DemoTemplate[] = [
  { type: 'pickup', label: 'service point', meters: 350, hoursText: 'Mon - Fri: 0800-2000, Sat: 1000-1600' },
  { type: 'locker', label: 'parcel locker', meters: 900, hoursText: 'Mon - Sun: 0600-2300' },
  { type: 'pickup', label: 'shop', meters: 1600, hoursText: 'Mon - Sat: 0900-2100, Sun: 1200-1800' },
];
// Budbee has only lockers (Budbee Boxes), so its demo points are lockers too.
const BUDBEE_TEMPLATES: DemoTemplate[] = [
  { type: 'locker', label: 'box', meters: 400, hoursText: 'Mon - Sun: 0000-2400' },
  { type: 'locker', label: 'box', meters: 1100, hoursText: 'Mon - Fri: 0700-2200, Sat - Sun: 0900-2000' },
  { type: 'locker', label: 'box', meters: 1900, hoursText: 'Mon - Sat: 0800-2100, Sun: 1000-1800' },
];
const templatesFor = (carrier: SeedCarrier) => (carrier === 'budbee' ? BUDBEE_TEMPLATES : DEMO_TEMPLATES);

export type DemoServicePointRow = { carrier: SeedCarrier; country: string; postalCode: string; points: ServicePoint[]; demo: true; fetchedAt: Date };

export function demoServicePointRows(
  orders: Array<{ id: string; shippingPostalCode: string; shippingCity: string; shippingCountry: string }>,
  shipments: Array<{ orderId: string; carrier: string; pickupPoint?: PickupPoint | null }>,
  now: Date,
): DemoServicePointRow[] {
  const rows = new Map<string, DemoServicePointRow>();
  const rowFor = (carrier: SeedCarrier, country: string, postalCode: string) => {
    const key = `${carrier}:${country}:${postalCode}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { carrier, country, postalCode, points: [], demo: true, fetchedAt: now }));
    return row;
  };
  for (const o of orders) {
    for (const carrier of SEED_CARRIERS) {
      if (!carriersForMarket(o.shippingCountry).includes(carrier)) continue;
      const row = rowFor(carrier, o.shippingCountry, o.shippingPostalCode);
      if (row.points.length) continue;
      row.points = templatesFor(carrier).map((tpl, i) => ({
        carrier,
        id: `demo-${carrier}-${o.shippingPostalCode}-${i + 1}`,
        name: `Demo ${NAMES[carrier]} ${tpl.label} ${i + 1}`,
        address: { street: `Demo street ${i + 1}`, postalCode: o.shippingPostalCode, city: o.shippingCity, country: o.shippingCountry },
        coordinates: null,
        distanceMeters: tpl.meters,
        hours: parseOpeningHoursText(tpl.hoursText),
        hoursText: tpl.hoursText,
        type: tpl.type,
      }));
    }
  }
  const orderById = new Map(orders.map((o) => [o.id, o]));
  for (const s of shipments) {
    const p = s.pickupPoint;
    const order = orderById.get(s.orderId);
    if (!p?.id || !order || !(SEED_CARRIERS as readonly string[]).includes(s.carrier)) continue;
    const carrier = s.carrier as SeedCarrier;
    const row = rowFor(carrier, order.shippingCountry, p.postalCode ?? order.shippingPostalCode);
    if (row.points.some((x) => x.id === p.id)) continue;
    row.points.push({
      carrier,
      id: p.id,
      name: p.name,
      address: { street: p.address ?? '', postalCode: p.postalCode ?? order.shippingPostalCode, city: p.city ?? order.shippingCity, country: order.shippingCountry },
      coordinates: null,
      distanceMeters: null,
      hours: parseOpeningHoursText(p.openingHours),
      hoursText: p.openingHours ?? null,
      type: /locker|box|automaatti|skåp/i.test(p.name) ? 'locker' : 'pickup',
    });
  }
  return [...rows.values()];
}
