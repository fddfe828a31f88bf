/**
 * The nearest service points of one carrier for a postal code, through the 24-hour cache
 * (`service_point_cache`): a fresh row answers at once; otherwise the carrier is asked and the row replaced;
 * when the carrier cannot be asked (no credentials, timeout, error, an answer we cannot read) an older row is
 * shown instead, and with none there are simply no points. Never throws for a carrier's failure: a page that
 * shows points must not break because a carrier is down.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { servicePointCache } from '@/db/schema';
import type { CarrierId } from '@/lib/core/enums';
import { DEFAULT_SERVICE_POINTS_URLS, getCarrierConfig } from './config';
import { carrierOf } from './registry';
import { type ServicePoint, type ServicePointDeps, ServicePointUnavailable } from './service-point';

export const SERVICE_POINT_TTL_MS = 24 * 60 * 60 * 1000;
/** How many points a carrier is asked for (and cached); callers show fewer. */
export const SERVICE_POINT_FETCH_LIMIT = 10;

export type ServicePointsResult = {
  points: ServicePoint[];
  /** live = asked the carrier now; cache = a row younger than the TTL; stale = an older row because the carrier failed; none = nothing known. */
  source: 'live' | 'cache' | 'stale' | 'none';
  /** The points are the demo seed's invented ones (the UI says "Demo data"). */
  demo: boolean;
  fetchedAt: string | null;
};

export type FindServicePointsOptions = {
  now?: Date;
  env?: Record<string, string | undefined>;
  fetch?: ServicePointDeps['fetch'];
};

/** Postal codes as carriers take them: no spaces or dashes, upper case ("114 55" → "11455"). */
export function normalizePostalCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** Whether a carrier offers a service-point search here. */
export function hasServicePoints(carrier: string): boolean {
  return Boolean(carrierOf(carrier)?.servicePoints);
}

export async function findServicePoints(
  db: DbOrTx,
  carrierId: CarrierId,
  query: { postalCode: string; countryCode: string; street?: string; limit: number },
  options: FindServicePointsOptions = {},
): Promise<ServicePointsResult> {
  const now = options.now ?? new Date();
  const country = query.countryCode.toUpperCase();
  const postalCode = normalizePostalCode(query.postalCode);
  const carrier = carrierOf(carrierId);
  if (!carrier?.servicePoints) return { points: [], source: 'none', demo: false, fetchedAt: null };

  const [row] = await db
    .select()
    .from(servicePointCache)
    .where(and(eq(servicePointCache.carrier, carrierId), eq(servicePointCache.country, country), eq(servicePointCache.postalCode, postalCode)));
  const fromRow = (source: 'cache' | 'stale'): ServicePointsResult => ({
    points: (row!.points as ServicePoint[]).slice(0, query.limit),
    source,
    demo: row!.demo,
    fetchedAt: row!.fetchedAt.toISOString(),
  });
  // A street narrows the search: the cached postal-code answer is not that answer, so only a miss-free live call uses it.
  if (row && !row.demo && !query.street && now.getTime() - row.fetchedAt.getTime() < SERVICE_POINT_TTL_MS) return fromRow('cache');

  try {
    const config = await getCarrierConfig(db, carrierId, options.env as NodeJS.ProcessEnv | undefined);
    if (!config.enabled) throw new ServicePointUnavailable(carrierId);
    const servicePointsUrl = (config.servicePointsUrl ?? DEFAULT_SERVICE_POINTS_URLS[carrierId] ?? '').replace(/\/+$/, '');
    const points = await carrier.servicePoints.search(
      { postalCode, countryCode: country, ...(query.street ? { street: query.street } : {}), limit: SERVICE_POINT_FETCH_LIMIT },
      { config: { ...config, servicePointsUrl }, ...(options.fetch ? { fetch: options.fetch } : {}) },
    );
    if (!query.street) {
      await db
        .insert(servicePointCache)
        .values({ carrier: carrierId, country, postalCode, points, demo: false, fetchedAt: now })
        .onConflictDoUpdate({
          target: [servicePointCache.carrier, servicePointCache.country, servicePointCache.postalCode],
          set: { points, demo: false, fetchedAt: now },
        })
        .catch((error: unknown) => console.warn(`[service-points] could not cache ${carrierId} ${country} ${postalCode}`, error));
    }
    return { points: points.slice(0, query.limit), source: 'live', demo: false, fetchedAt: now.toISOString() };
  } catch (error) {
    if (!(error instanceof ServicePointUnavailable)) {
      console.warn(`[service-points] ${carrierId} ${country} ${postalCode}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return row ? fromRow('stale') : { points: [], source: 'none', demo: false, fetchedAt: null };
  }
}

/**
 * A service point we already know by its carrier id (from any cached search), e.g. the pickup point a parcel
 * waits at: the newest cached copy, with whether it is demo data. No carrier call.
 */
export async function findKnownServicePoint(db: DbOrTx, carrierId: CarrierId, pointId: string): Promise<{ point: ServicePoint; demo: boolean } | null> {
  const [row] = await db
    .select({ points: servicePointCache.points, demo: servicePointCache.demo })
    .from(servicePointCache)
    .where(and(eq(servicePointCache.carrier, carrierId), sql`${servicePointCache.points} @> ${JSON.stringify([{ id: pointId }])}::jsonb`))
    .orderBy(desc(servicePointCache.fetchedAt))
    .limit(1);
  const point = (row?.points as ServicePoint[] | undefined)?.find((p) => p.id === pointId);
  return point && row ? { point, demo: row.demo } : null;
}
