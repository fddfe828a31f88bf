/**
 * Budbee Box lockers nearest a postal code (Budbee's merchant API, developer.budbee.com "Box deliveries"):
 * `GET {base}/boxes/postalcodes/validate/{country}/{postalCode}` with HTTP Basic (the merchant API key and secret)
 * and Budbee's versioned media type `application/vnd.budbee.boxes-v1+json`. Answer `{ lockers: [...] }` sorted by
 * distance: `id`, `name`, `address` (`street`, `postalCode`, `city`, `country`, `coordinate`), `distance`,
 * `openingHours.periods` (`open`/`close` day and time; `close: null` = open all day) and `weekdayText`.
 * Every Budbee point is a locker (a Budbee Box). A postal code Budbee does not serve (404) has no lockers.
 */
import { z } from 'zod';
import { CarrierFormatError } from '../carrier';
import { parseJson } from '../parse-helpers';
import { CarrierHttpError } from '../pollers/http';
import { normalizeTime, type ServicePoint, type ServicePointSearch, ServicePointUnavailable, type WeekHours, weekdayIndex } from '../service-point';
import { servicePointRequest } from '../service-points-http';

export const BUDBEE_BOXES_MEDIA_TYPE = 'application/vnd.budbee.boxes-v1+json';

const momentSchema = z.object({ day: z.string(), time: z.string() });
const lockerSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  address: z
    .object({
      street: z.string().optional(),
      postalCode: z.string().optional(),
      city: z.string().optional(),
      country: z.string().optional(),
      coordinate: z.object({ latitude: z.number(), longitude: z.number() }).nullish(),
    })
    .optional(),
  distance: z.number().nullish(),
  openingHours: z
    .object({
      periods: z.array(z.object({ open: momentSchema, close: momentSchema.nullish() })).optional(),
      weekdayText: z.array(z.string()).optional(),
    })
    .nullish(),
});
const answerSchema = z.object({ lockers: z.array(z.unknown()) });

type Period = { open: z.infer<typeof momentSchema>; close?: z.infer<typeof momentSchema> | null };

/**
 * Budbee's periods into a week. Days without a period are closed (the example's Sunday: "Söndag: Stängt"); a
 * period without `close` is open all day (its Friday: "Fredag: Öppet dygnet runt"); a period closing on a later
 * day runs to midnight and on from midnight that day. Null when no period can be read.
 */
export function budbeeWeek(periods: Period[] | undefined): WeekHours | null {
  if (!periods?.length) return null;
  const week: WeekHours = [[], [], [], [], [], [], []];
  let any = false;
  for (const { open, close } of periods) {
    const day = weekdayIndex(open.day);
    const from = normalizeTime(open.time);
    if (day === null || !from) continue;
    if (!close) {
      week[day]!.push({ open: from, close: '24:00' });
    } else {
      const closeDay = weekdayIndex(close.day);
      const to = normalizeTime(close.time);
      if (closeDay === null || !to) continue;
      if (closeDay === day && to > from) {
        week[day]!.push({ open: from, close: to });
      } else {
        week[day]!.push({ open: from, close: '24:00' });
        if (closeDay !== day && to !== '00:00') week[closeDay]!.push({ open: '00:00', close: to });
      }
    }
    any = true;
  }
  return any ? week : null;
}

/** Reads a Box API answer (JSON). Lockers without an id or name are skipped; any other shape is a format error. */
export function parseBudbeeServicePoints(raw: string, countryCode: string): ServicePoint[] {
  const answer = answerSchema.safeParse(parseJson(raw, 'budbee: the locker answer'));
  if (!answer.success) throw new CarrierFormatError('budbee: not a Box API answer (no lockers list)');
  const points: ServicePoint[] = [];
  for (const item of answer.data.lockers) {
    const parsed = lockerSchema.safeParse(item);
    if (!parsed.success) continue;
    const locker = parsed.data;
    const coordinate = locker.address?.coordinate;
    const weekdayText = locker.openingHours?.weekdayText;
    points.push({
      carrier: 'budbee',
      id: locker.id,
      name: locker.name,
      address: {
        street: locker.address?.street ?? '',
        postalCode: locker.address?.postalCode ?? '',
        city: locker.address?.city ?? '',
        country: (locker.address?.country ?? countryCode).toUpperCase(),
      },
      coordinates: coordinate ? { lat: coordinate.latitude, lng: coordinate.longitude } : null,
      distanceMeters: locker.distance ?? null,
      hours: budbeeWeek(locker.openingHours?.periods),
      hoursText: weekdayText?.length ? weekdayText.join(', ') : null,
      type: 'locker',
    });
  }
  // Budbee sorts by distance; a stable sort keeps its order where the distance is missing or equal.
  return points
    .map((p, i) => ({ p, i }))
    .sort((x, y) => (x.p.distanceMeters ?? Infinity) - (y.p.distanceMeters ?? Infinity) || x.i - y.i)
    .map((x) => x.p);
}

export const budbeeServicePoints: ServicePointSearch = {
  async search(query, deps) {
    const { servicePointsApiKey, servicePointsSecret, servicePointsUrl } = deps.config;
    if (!servicePointsApiKey || !servicePointsSecret) throw new ServicePointUnavailable('budbee');
    const url = `${servicePointsUrl}/boxes/postalcodes/validate/${encodeURIComponent(query.countryCode.toUpperCase())}/${encodeURIComponent(query.postalCode)}`;
    const basic = Buffer.from(`${servicePointsApiKey}:${servicePointsSecret}`).toString('base64');
    let raw: string;
    try {
      raw = await servicePointRequest(
        url,
        { headers: { Accept: BUDBEE_BOXES_MEDIA_TYPE, 'Content-Type': BUDBEE_BOXES_MEDIA_TYPE, Authorization: `Basic ${basic}` } },
        deps,
      );
    } catch (error) {
      // Budbee answers 404 for a postal code it does not serve: no lockers there, not a failure.
      if (error instanceof CarrierHttpError && error.status === 404) return [];
      throw error;
    }
    return parseBudbeeServicePoints(raw, query.countryCode).slice(0, query.limit);
  },
};
