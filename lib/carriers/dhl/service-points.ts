/**
 * DHL Location Finder – Unified API (developer.dhl.com/api-reference/location-finder):
 * `GET {base}/location-finder/v1/find-by-address?countryCode=FI&postalCode=00100[&streetAddress=]&limit=N` with the
 * header `DHL-API-Key` (base `https://api.dhl.com`). Answer `{ locations: [...] }`, nearest first, each with
 * `location.ids[]` (`locationId`, `provider`), `location.type` (servicepoint / locker / postoffice / postbank),
 * `name`, `distance` (metres), `place.address` (`streetAddress`, `postalCode`, `addressLocality`, `countryCode`),
 * `place.geo` (`latitude`/`longitude`), `openingHours[]` (`opens`/`closes` "HH:MM:SS", `dayOfWeek` a schema.org
 * day URI), `closurePeriods[]` (`type`, `fromDate`, `toDate`) and `serviceTypes[]` ("parcel:pick-up",
 * "parcel:drop-off", "express:drop-off", "letter-service", …). "No locations" is a 404 problem document
 * (`{"title":"No result found","status":404,…}`): an empty list here, not an error.
 */
import { z } from 'zod';
import { CarrierFormatError } from '../carrier';
import { parseJson } from '../parse-helpers';
import { type OpeningSpan, type ServicePoint, type ServicePointSearch, type ServicePointType, ServicePointUnavailable, type WeekHours, withDistances } from '../service-point';
import { servicePointRequest } from '../service-points-http';

const SCHEMA_ORG_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const openingSchema = z.object({ opens: z.string(), closes: z.string(), dayOfWeek: z.string() });
const locationSchema = z.object({
  location: z.object({
    ids: z.array(z.object({ locationId: z.string().min(1), provider: z.string().optional() })).min(1),
    type: z.string().optional(),
  }),
  name: z.string().min(1),
  distance: z.number().optional(),
  place: z
    .object({
      address: z
        .object({ streetAddress: z.string().optional(), postalCode: z.string().optional(), addressLocality: z.string().optional(), countryCode: z.string().optional() })
        .optional(),
      geo: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
    })
    .optional(),
  openingHours: z.array(openingSchema).optional(),
  closurePeriods: z.array(z.object({ type: z.string().optional(), fromDate: z.string(), toDate: z.string() })).optional(),
  serviceTypes: z.array(z.string()).optional(),
});
const answerSchema = z.object({ locations: z.array(z.unknown()) });
const problemSchema = z.object({ status: z.number(), title: z.string().optional(), detail: z.string().optional() });

/** "09:00:00" → "09:00"; "23:59:59" (open until midnight) → "24:00"; null when not a time. */
function clockTime(raw: string): string | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(raw.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  if (m[1] === '23' && m[2] === '59' && m[3] === '59') return '24:00';
  return `${m[1]}:${m[2]}`;
}

/** DHL's per-day spans into a week; null when there are none or any cannot be read (better no table than a wrong one). */
function weekOf(opening: Array<z.infer<typeof openingSchema>>): WeekHours | null {
  if (!opening.length) return null;
  const week: OpeningSpan[][] = [[], [], [], [], [], [], []];
  for (const o of opening) {
    const day = SCHEMA_ORG_DAYS.indexOf(o.dayOfWeek.replace(/^https?:\/\/schema\.org\//, ''));
    const open = clockTime(o.opens);
    const close = clockTime(o.closes);
    if (day < 0 || !open || !close) return null;
    week[day]!.push({ open, close });
  }
  for (const spans of week) spans.sort((a, b) => a.open.localeCompare(b.open));
  return week;
}

/** Locker = a Packstation / parcel locker; otherwise a manned point, or hand-in only when it lists no pick-up service. */
function typeOf(locationType: string | undefined, services: string[] | undefined): ServicePointType {
  if (locationType === 'locker') return 'locker';
  if (services && !services.some((s) => s.includes(':pick-up')) && services.some((s) => s.includes(':drop-off'))) return 'drop_off';
  return 'pickup';
}

export type DhlParseOptions = {
  /** The search day (YYYY-MM-DD): a location with a closure period covering it is left out (it cannot take a parcel). */
  today: string;
};

/**
 * Reads a Location Finder answer. A location without an id or name is skipped, as is one that lists services but
 * no parcel pick-up or drop-off (a letter-only counter) and one closed today; a 404 "no result" problem document is
 * an empty list; any other shape is a format error.
 */
export function parseDhlServicePoints(raw: string, countryCode: string, options: DhlParseOptions): ServicePoint[] {
  const body = parseJson(raw, 'dhl: the Location Finder answer');
  const answer = answerSchema.safeParse(body);
  if (!answer.success) {
    const problem = problemSchema.safeParse(body);
    if (problem.success && problem.data.status === 404) return [];
    throw new CarrierFormatError(
      problem.success ? `dhl: Location Finder ${problem.data.status} ${problem.data.title ?? ''}`.trim() : 'dhl: not a Location Finder answer (no locations list)',
    );
  }
  const points: ServicePoint[] = [];
  for (const item of answer.data.locations) {
    const p = locationSchema.safeParse(item);
    if (!p.success) continue;
    const d = p.data;
    if (d.serviceTypes && !d.serviceTypes.some((s) => /:(pick-up|drop-off)/.test(s))) continue;
    if (d.closurePeriods?.some((c) => c.fromDate <= options.today && options.today <= c.toDate)) continue;
    const a = d.place?.address ?? {};
    const geo = d.place?.geo;
    const opening = d.openingHours ?? [];
    points.push({
      carrier: 'dhl',
      // The first id: a location that both DHL networks serve lists the parcel id before the express one.
      id: d.location.ids[0]!.locationId,
      name: d.name,
      address: { street: a.streetAddress ?? '', postalCode: a.postalCode ?? '', city: a.addressLocality ?? '', country: (a.countryCode ?? countryCode).toUpperCase() },
      coordinates: geo ? { lat: geo.latitude, lng: geo.longitude } : null,
      distanceMeters: d.distance === undefined ? null : Math.round(d.distance),
      hours: weekOf(opening),
      // DHL sends structure, not text: its own days and times, unchanged, as the raw text.
      hoursText: opening.length ? opening.map((o) => `${o.dayOfWeek.replace(/^https?:\/\/schema\.org\//, '')} ${o.opens}-${o.closes}`).join(', ') : null,
      type: typeOf(d.location.type, d.serviceTypes),
    });
  }
  return withDistances(points, null);
}

export const dhlServicePoints: ServicePointSearch = {
  async search(query, deps) {
    // The Location Finder is its own product on developer.dhl.com; an app subscribed to it and to tracking has one key for both.
    const key = deps.config.servicePointsApiKey ?? deps.config.apiKey;
    if (!key) throw new ServicePointUnavailable('dhl');
    const url = new URL(`${deps.config.servicePointsUrl}/location-finder/v1/find-by-address`);
    url.searchParams.set('countryCode', query.countryCode.toUpperCase());
    url.searchParams.set('postalCode', query.postalCode);
    if (query.street) url.searchParams.set('streetAddress', query.street);
    url.searchParams.set('limit', String(query.limit));
    const raw = await servicePointRequest(url.toString(), { headers: { Accept: 'application/json', 'DHL-API-Key': key } }, deps, [404]);
    const today = new Date((deps.now?.() ?? Date.now() / 1000) * 1000).toISOString().slice(0, 10);
    return parseDhlServicePoints(raw, query.countryCode, { today }).slice(0, query.limit);
  },
};
