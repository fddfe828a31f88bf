/**
 * Bring Pickup Point API (developer.bring.com/api/pickup-point):
 * `GET {base}/api/pickuppoint/{countryCode}/postalCode/{postalCode}.json?street=…` with the Mybring headers
 * `X-Mybring-API-Uid`, `X-Mybring-API-Key` and `X-Bring-Client-URL`. Answer `{ pickupPoint: [...] }` with
 * `distanceInKm` (driving distance, a string), `latitude`/`longitude`, `visitingAddress`/`visitingPostalCode`/
 * `visitingCity` and `openingHoursEnglish` ("Mon - Fri: 0800-2200, Sat: 0800-2000"). Types: Bring's list
 * (NO 37 Pakkeboks, SE 39, DK 43, FI LOCKER are lockers; the example's "27" is a "Pakkeautomat", also a locker).
 */
import { z } from 'zod';
import { appOrigin } from '@/lib/core/url';
import { CarrierFormatError } from '../carrier';
import {
  parseOpeningHoursText,
  type ServicePoint,
  type ServicePointSearch,
  ServicePointUnavailable,
  withDistances,
} from '../service-point';
import { parseJson } from '../parse-helpers';
import { servicePointRequest } from '../service-points-http';

const LOCKER_TYPES = new Set(['27', '37', '39', '43', 'LOCKER']);

const pointSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  address: z.string().optional(),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  countryCode: z.string().optional(),
  visitingAddress: z.string().optional(),
  visitingPostalCode: z.string().optional(),
  visitingCity: z.string().optional(),
  openingHoursEnglish: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  distanceInKm: z.union([z.string(), z.number()]).optional(),
  type: z.union([z.string(), z.number()]).transform(String).optional(),
  routeMapsLink: z.string().optional(),
});
const answerSchema = z.object({ pickupPoint: z.array(z.unknown()) });

/** The searched place, where the answer gives it (`routeMapsLink` `origlat`/`origlong`). */
function originOf(links: Array<string | undefined>): { lat: number; lng: number } | null {
  for (const link of links) {
    if (!link) continue;
    try {
      const u = new URL(link);
      const lat = Number(u.searchParams.get('origlat'));
      const lng = Number(u.searchParams.get('origlong'));
      if (u.searchParams.has('origlat') && Number.isFinite(lat) && Number.isFinite(lng)) return { lat, lng };
    } catch {
      // not a URL: no origin from this one
    }
  }
  return null;
}

/** Reads a Pickup Point API answer (JSON). Points that lack an id or name are skipped; any other shape is a format error. */
export function parseBringServicePoints(raw: string, countryCode: string): ServicePoint[] {
  const answer = answerSchema.safeParse(parseJson(raw, 'bring: the service-point answer'));
  if (!answer.success) throw new CarrierFormatError('bring: not a Pickup Point API answer (no pickupPoint list)');
  const points: ServicePoint[] = [];
  const links: Array<string | undefined> = [];
  for (const item of answer.data.pickupPoint) {
    const p = pointSchema.safeParse(item);
    if (!p.success) continue;
    const d = p.data;
    links.push(d.routeMapsLink);
    const km = d.distanceInKm === undefined ? NaN : Number(d.distanceInKm);
    const locker = LOCKER_TYPES.has(d.type ?? '') || /pakkeautomat|pakkeboks|paketautomat|pakkeboks|locker/i.test(d.name);
    points.push({
      carrier: 'bring',
      id: d.id,
      name: d.name,
      address: {
        street: d.visitingAddress ?? d.address ?? '',
        postalCode: d.visitingPostalCode ?? d.postalCode ?? '',
        city: d.visitingCity ?? d.city ?? '',
        country: (d.countryCode ?? countryCode).toUpperCase(),
      },
      coordinates: d.latitude !== undefined && d.longitude !== undefined ? { lat: d.latitude, lng: d.longitude } : null,
      distanceMeters: Number.isFinite(km) ? Math.round(km * 1000) : null,
      hours: parseOpeningHoursText(d.openingHoursEnglish),
      hoursText: d.openingHoursEnglish ?? null,
      type: locker ? 'locker' : 'pickup',
    });
  }
  return withDistances(points, originOf(links));
}

export const bringServicePoints: ServicePointSearch = {
  async search(query, deps) {
    const { apiUid, apiKey, servicePointsUrl } = deps.config;
    if (!apiUid || !apiKey) throw new ServicePointUnavailable('bring');
    const url = new URL(
      `${servicePointsUrl}/api/pickuppoint/${encodeURIComponent(query.countryCode.toUpperCase())}/postalCode/${encodeURIComponent(query.postalCode)}.json`,
    );
    if (query.street) url.searchParams.set('street', query.street);
    const raw = await servicePointRequest(
      url.toString(),
      { headers: { Accept: 'application/json', 'X-Mybring-API-Uid': apiUid, 'X-Mybring-API-Key': apiKey, 'X-Bring-Client-URL': appOrigin() } },
      deps,
    );
    return parseBringServicePoints(raw, query.countryCode).slice(0, query.limit);
  },
};
