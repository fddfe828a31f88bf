/**
 * PostNord Service Points API v5 (developer.postnord.com, "Business Location"):
 * `GET {base}/rest/businesslocation/v5/servicepoints/nearest/byaddress?apikey=…&returnType=json&countryCode=SE
 * &postalCode=…&streetName=…&numberOfServicePoints=N&context=optionalservicepoint`. Answer
 * `servicePointInformationResponse.servicePoints[]` with `servicePointId`, `name`, `routeDistance` (metres),
 * `visitingAddress` / `deliveryAddress` (`streetName`, `streetNumber`, `postalCode`, `city`, `countryCode`),
 * `coordinates[]` (`northing` = latitude, `easting` = longitude in EPSG:4326), `openingHours` and `type`
 * (`typeId` 2 = "Parcel Box Location", a locker). A `compositeFault` is an error answer.
 * `openingHours` is read in both published layouts: `{ postalServices: [{openDay, openTime, closeTime}] }`
 * and a plain list of `{openDay, openTime, closeTime}` (times "08:00" or "0800").
 */
import { z } from 'zod';
import { CarrierFormatError } from '../carrier';
import { type ServicePoint, type ServicePointSearch, ServicePointUnavailable, weekFromDays, withDistances } from '../service-point';
import { parseJson } from '../parse-helpers';
import { servicePointRequest } from '../service-points-http';

const addressSchema = z.object({
  streetName: z.string().optional(),
  streetNumber: z.string().optional(),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  countryCode: z.string().optional(),
});
const daySchema = z.object({ openDay: z.string(), openTime: z.string(), closeTime: z.string() });
const pointSchema = z.object({
  servicePointId: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  routeDistance: z.number().optional(),
  visitingAddress: addressSchema.optional(),
  deliveryAddress: addressSchema.optional(),
  coordinates: z.array(z.object({ northing: z.number(), easting: z.number(), srId: z.string().optional() })).optional(),
  openingHours: z.union([z.array(daySchema), z.object({ postalServices: z.array(daySchema).optional() })]).optional(),
  type: z.object({ typeId: z.union([z.number(), z.string()]).optional(), typeName: z.string().optional() }).optional(),
});
const answerSchema = z.object({
  servicePointInformationResponse: z.object({
    servicePoints: z.array(z.unknown()).optional(),
    compositeFault: z.object({ faults: z.array(z.object({ faultCode: z.string().optional(), explanationText: z.string().optional() })) }).optional(),
  }),
});

/** Reads a `servicePointInformationResponse`. A `compositeFault` throws CarrierFormatError with PostNord's text. */
export function parsePostnordServicePoints(raw: string, countryCode: string): ServicePoint[] {
  const answer = answerSchema.safeParse(parseJson(raw, 'postnord: the service-point answer'));
  if (!answer.success) throw new CarrierFormatError('postnord: not a servicePointInformationResponse');
  const body = answer.data.servicePointInformationResponse;
  if (body.compositeFault) {
    const fault = body.compositeFault.faults[0];
    throw new CarrierFormatError(`postnord: ${fault?.faultCode ?? 'fault'} ${fault?.explanationText ?? ''}`.trim());
  }
  if (!body.servicePoints) throw new CarrierFormatError('postnord: no servicePoints in the answer');
  const points: ServicePoint[] = [];
  for (const item of body.servicePoints) {
    const p = pointSchema.safeParse(item);
    if (!p.success) continue;
    const d = p.data;
    const a = d.visitingAddress ?? d.deliveryAddress ?? {};
    const days = Array.isArray(d.openingHours) ? d.openingHours : (d.openingHours?.postalServices ?? []);
    const hours = weekFromDays(days.map((x) => ({ day: x.openDay, open: x.openTime, close: x.closeTime })));
    const coord = d.coordinates?.find((c) => !c.srId || c.srId === 'EPSG:4326');
    points.push({
      carrier: 'postnord',
      id: d.servicePointId,
      name: d.name,
      address: {
        street: [a.streetName, a.streetNumber].filter(Boolean).join(' '),
        postalCode: a.postalCode ?? '',
        city: a.city ?? '',
        country: (a.countryCode ?? countryCode).toUpperCase(),
      },
      coordinates: coord ? { lat: coord.northing, lng: coord.easting } : null,
      distanceMeters: d.routeDistance ?? null,
      hours,
      // PostNord sends structure, not text: its own days and times, unchanged, as the raw text.
      hoursText: days.length ? days.map((x) => `${x.openDay} ${x.openTime}-${x.closeTime}`).join(', ') : null,
      type: String(d.type?.typeId ?? '') === '2' ? 'locker' : 'pickup',
    });
  }
  return withDistances(points, null);
}

export const postnordServicePoints: ServicePointSearch = {
  async search(query, deps) {
    const { apiKey, servicePointsUrl } = deps.config;
    if (!apiKey) throw new ServicePointUnavailable('postnord');
    const url = new URL(`${servicePointsUrl}/rest/businesslocation/v5/servicepoints/nearest/byaddress`);
    url.searchParams.set('apikey', apiKey);
    url.searchParams.set('returnType', 'json');
    url.searchParams.set('countryCode', query.countryCode.toUpperCase());
    url.searchParams.set('postalCode', query.postalCode);
    if (query.street) url.searchParams.set('streetName', query.street);
    url.searchParams.set('numberOfServicePoints', String(query.limit));
    url.searchParams.set('context', 'optionalservicepoint');
    const raw = await servicePointRequest(url.toString(), { headers: { Accept: 'application/json' } }, deps);
    return parsePostnordServicePoints(raw, query.countryCode).slice(0, query.limit);
  },
};
