/**
 * Service points (issue #14): the carrier's nearest drop-off and pickup points for a postal code, one shape
 * for every carrier. Pure (no I/O): the clients live in `lib/carriers/<carrier>/service-points.ts`, the cache in
 * `lib/carriers/service-points-cache.ts`. Client components import the types and the opening-hours helpers.
 */
import type { CarrierId } from '@/lib/core/enums';

/** `pickup`: a manned point (parcels are collected and handed in); `locker`: a parcel locker; `drop_off`: hand-in only. */
export type ServicePointType = 'pickup' | 'locker' | 'drop_off';

/** 'HH:MM'–'HH:MM' on one day (close may be '24:00'). */
export type OpeningSpan = { open: string; close: string };

/** Index 0 = Monday … 6 = Sunday; an empty list is a closed day. */
export type WeekHours = OpeningSpan[][];

export type ServicePoint = {
  carrier: CarrierId;
  id: string;
  name: string;
  address: { street: string; postalCode: string; city: string; country: string };
  coordinates: { lat: number; lng: number } | null;
  /** Metres from the searched place: the carrier's figure where it gives one, else computed, else null. */
  distanceMeters: number | null;
  /** Normalized per weekday; null when the carrier's text could not be read (the raw text is still shown). */
  hours: WeekHours | null;
  /** The carrier's own opening-hours text (or our rendering of its structured hours), verbatim. */
  hoursText: string | null;
  type: ServicePointType;
};

export type ServicePointQuery = { postalCode: string; countryCode: string; street?: string; limit: number };

/** The optional capability on `Carrier` (lib/carriers/carrier.ts). */
export type ServicePointSearch = {
  /** Calls the carrier (throws ServicePointUnavailable without credentials, CarrierHttpError / CarrierFormatError on failure). */
  search(query: ServicePointQuery, deps: ServicePointDeps): Promise<ServicePoint[]>;
};

export type ServicePointDeps = {
  config: {
    servicePointsUrl: string;
    apiKey?: string;
    apiUid?: string;
    servicePointsApiKey?: string;
    servicePointsSecret?: string;
    /** The booking's Pakettikauppa key and secret (lib/carriers/posti/booking.ts): the search's fallback. */
    bookingApiUser?: string;
    bookingApiKey?: string;
    requestTimeoutMs: number;
  };
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Seconds since the epoch (Pakettikauppa's signed timestamp). */
  now?: () => number;
};

/** The carrier has no credentials here (the demo, or a shop that has not connected it): no live search. */
export class ServicePointUnavailable extends Error {
  constructor(carrier: CarrierId) {
    super(`${carrier}: no credentials for the service-point API`);
    this.name = 'ServicePointUnavailable';
  }
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** Points without the carrier's distance get the straight-line one from `origin` (when both are known); nearest first. */
export function withDistances(points: ServicePoint[], origin: { lat: number; lng: number } | null): ServicePoint[] {
  const out = points.map((p) =>
    p.distanceMeters === null && origin && p.coordinates ? { ...p, distanceMeters: distanceMeters(origin, p.coordinates) } : p,
  );
  // Stable: points without any distance keep the carrier's order after those with one.
  return out
    .map((p, i) => ({ p, i }))
    .sort((x, y) => (x.p.distanceMeters ?? Infinity) - (y.p.distanceMeters ?? Infinity) || x.i - y.i)
    .map((x) => x.p);
}

const DAY_WORDS: Array<[RegExp, number]> = [
  // English, Finnish, Swedish/Norwegian/Danish abbreviations and full names (lower case, no dot).
  [/^(mon|monday|ma|maa|maanantai|mån|måndag|man|mandag)$/, 0],
  [/^(tue|tues|tuesday|ti|tii|tiistai|tis|tisdag|tir|tirsdag)$/, 1],
  [/^(wed|wednesday|ke|kes|keskiviikko|ons|onsdag)$/, 2],
  [/^(thu|thur|thurs|thursday|to|tor|torstai|tors|torsdag)$/, 3],
  [/^(fri|friday|pe|per|perjantai|fre|fredag)$/, 4],
  [/^(sat|saturday|la|lau|lauantai|lör|lørdag|lördag|lor)$/, 5],
  [/^(sun|sunday|su|sun|sunnuntai|sön|søn|söndag|søndag)$/, 6],
];

export function weekdayIndex(word: string): number | null {
  const w = word.trim().toLowerCase().replace(/\.$/, '');
  for (const [re, i] of DAY_WORDS) if (re.test(w)) return i;
  return null;
}

/** '0800' / '8.00' / '08:00' / '8' → '08:00'; null when not a time. */
export function normalizeTime(raw: string): string | null {
  const m = /^(\d{1,2})(?:[.:]?(\d{2}))?$/.exec(raw.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

const emptyWeek = (): WeekHours => [[], [], [], [], [], [], []];

/**
 * Reads an opening-hours text of the form "Mon - Fri: 0800-2200, Sat: 0800-2000" (Bring) or
 * "ma-pe 8.00 - 20.00, la 10.00 - 15.00" (Posti through Pakettikauppa): comma-separated parts, each a day or
 * day range and a time span. Days not named are closed. Null when any part cannot be read (the raw text is
 * shown instead: better no table than a wrong one).
 */
export function parseOpeningHoursText(text: string | null | undefined): WeekHours | null {
  if (!text || !text.trim()) return null;
  const week = emptyWeek();
  for (const part of text.split(/[,;]/)) {
    if (!part.trim()) continue;
    const m = /^\s*([\p{L}.]+)(?:\s*[-–]\s*([\p{L}.]+))?\s*:?\s*(\d{1,2}(?:[.:]?\d{2})?)\s*[-–]\s*(\d{1,2}(?:[.:]?\d{2})?)\s*$/u.exec(part);
    if (!m) return null;
    const from = weekdayIndex(m[1]!);
    const to = m[2] ? weekdayIndex(m[2]) : from;
    const open = normalizeTime(m[3]!);
    const close = normalizeTime(m[4]!);
    if (from === null || to === null || !open || !close) return null;
    for (let d = from; ; d = (d + 1) % 7) {
      week[d]!.push({ open, close });
      if (d === to) break;
    }
  }
  return week;
}

/** Structured per-day hours (PostNord's `openDay`/`openTime`/`closeTime`) into a week; null when nothing readable. */
export function weekFromDays(days: Array<{ day: string; open: string; close: string }>): WeekHours | null {
  const week = emptyWeek();
  let any = false;
  for (const d of days) {
    const i = weekdayIndex(d.day);
    const open = normalizeTime(d.open);
    const close = normalizeTime(d.close);
    if (i === null || !open || !close) continue;
    week[i]!.push({ open, close });
    any = true;
  }
  return any ? week : null;
}

/** The weekday index (0 = Monday) of an instant in a time zone. */
export function weekdayIn(date: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(date);
  return weekdayIndex(name) ?? 0;
}
