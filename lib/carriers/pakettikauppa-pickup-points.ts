/**
 * Pickup points through the aggregator Pakettikauppa (used for Posti and Matkahuolto; Pakettikauppa is Posti's (now Posti's Nextshipping), whose API reference is
 * public (github.com/Pakettikauppa/api-documentation, CC0): `POST {base}/pickup-points/search` with form fields
 * `api_key`, `postcode`, `address`, `country`, `service_provider`, `limit` (1–15), `timestamp` (Unix seconds)
 * and `hash` = HMAC-SHA256 over the values sorted by field name and joined with `&`, keyed by the merchant
 * secret. Answer: a list of `{provider, pickup_point_id, name, street_address, postcode, city, country,
 * description (opening hours, Finnish text "ma-pe 8.00 - 20.00, la 10.00 - 15.00"), map_latitude,
 * map_longitude, point_type?}`, several providers mixed: only the asked carrier's rows (`provider`) are kept. No distance and no searched point in
 * the answer, so no distance is shown (the carrier's order is kept: nearest first, as the API sorts).
 */
import { z } from 'zod';
import { CarrierFormatError } from './carrier';
import { parseOpeningHoursText, type ServicePoint, type ServicePointSearch, ServicePointUnavailable } from './service-point';
import { parseJson } from './parse-helpers';
import { servicePointRequest } from './service-points-http';
import { formHash } from './aggregators/pakettikauppa';

/** One carrier as Pakettikauppa names it: its `provider` text and a product of it that has pickup points. */
export type PakettikauppaProvider = { carrier: 'posti' | 'matkahuolto'; provider: string; product: string };

const pointSchema = z.object({
  provider: z.string().nullable().optional(),
  pickup_point_id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  street_address: z.string().nullable().optional(),
  postcode: z.string().nullable().optional(),
  city: z.string().nullable().optional(),
  country: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  map_latitude: z.union([z.string(), z.number()]).nullable().optional(),
  map_longitude: z.union([z.string(), z.number()]).nullable().optional(),
  point_type: z.string().nullable().optional(),
});

const num = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? NaN : Number(v));

function toPoint(carrier: PakettikauppaProvider['carrier'], d: z.infer<typeof pointSchema>, countryCode: string): ServicePoint {
  const lat = num(d.map_latitude);
  const lng = num(d.map_longitude);
  return {
    carrier,
    id: d.pickup_point_id,
    name: d.name,
    address: { street: d.street_address ?? '', postalCode: d.postcode ?? '', city: d.city ?? '', country: (d.country ?? countryCode).toUpperCase() },
    coordinates: Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null,
    distanceMeters: null,
    hours: parseOpeningHoursText(d.description),
    hoursText: d.description ?? null,
    type: d.point_type === 'PARCEL_LOCKER' || /pakettiautomaatti/i.test(d.name) ? 'locker' : 'pickup',
  };
}

/** Reads a `/pickup-points/search` answer (a list) or a `/pickup-point/info` answer (one object); the provider's rows only. */
export function parsePakettikauppaPoints(who: PakettikauppaProvider, raw: string, countryCode: string): ServicePoint[] {
  const body = parseJson(raw, `${who.carrier}: the service-point answer`);
  const list = Array.isArray(body) ? body : body && typeof body === 'object' && 'pickup_point_id' in body ? [body] : null;
  if (!list) throw new CarrierFormatError(`${who.carrier}: not a Pakettikauppa pickup-point answer (a list of points)`);
  const points: ServicePoint[] = [];
  for (const item of list) {
    const p = pointSchema.safeParse(item);
    if (!p.success) continue;
    if ((p.data.provider ?? '').toLowerCase() !== who.provider.toLowerCase()) continue;
    points.push(toPoint(who.carrier, p.data, countryCode));
  }
  return points;
}

/** The search of one provider through Pakettikauppa (credentials: the shop's Pakettikauppa merchant key and secret). */
export const pakettikauppaSearch = (who: PakettikauppaProvider): ServicePointSearch => ({
  async search(query, deps) {
    // One Pakettikauppa merchant account serves both: without keys of their own, searches use the booking's.
    const servicePointsApiKey = deps.config.servicePointsApiKey ?? deps.config.bookingApiUser;
    const servicePointsSecret = deps.config.servicePointsSecret ?? deps.config.bookingApiKey;
    const { servicePointsUrl } = deps.config;
    if (!servicePointsApiKey || !servicePointsSecret) throw new ServicePointUnavailable(who.carrier);
    const params: Record<string, string> = {
      api_key: servicePointsApiKey,
      postcode: query.postalCode,
      country: query.countryCode.toUpperCase(),
      service_provider: who.product,
      limit: String(Math.min(15, Math.max(1, query.limit))),
      timestamp: String(deps.now ? deps.now() : Math.floor(Date.now() / 1000)),
    };
    if (query.street) params.address = query.street;
    const body = new URLSearchParams({ ...params, hash: formHash(params, servicePointsSecret) });
    const raw = await servicePointRequest(
      `${servicePointsUrl}/pickup-points/search`,
      { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() },
      deps,
    );
    return parsePakettikauppaPoints(who, raw, query.countryCode).slice(0, query.limit);
  },
});
