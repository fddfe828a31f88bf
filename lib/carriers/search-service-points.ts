/**
 * The wizard's service-point search (GET /api/service-points): validated input, a per-client rate limit
 * (carrier quotas are ours to protect), then the cached search. The route stays thin.
 */
import { z } from 'zod';
import type { DbOrTx } from '@/db';
import { AppError } from '@/lib/core/errors';
import type { CarrierId } from '@/lib/core/enums';
import { type Limit, takeAttempt } from '@/lib/rate-limit/rate-limit';
import { findServicePoints, normalizePostalCode, type ServicePointsResult } from './find-service-points';
import { registry } from './registry';

/** 30 searches a minute per client address: a customer types a few postal codes, a scraper is slowed to a crawl. */
export const servicePointSearchesPerClient: Limit = { bucket: 'service_points_client', max: 30, windowSeconds: 60 };

/** Postal code formats of the markets the return carriers serve. */
export const POSTAL_CODE_PATTERNS = { FI: /^\d{5}$/, SE: /^\d{5}$/, NO: /^\d{4}$/, DK: /^\d{4}$/ } as const;
export type ServicePointCountry = keyof typeof POSTAL_CODE_PATTERNS;
export const POSTAL_CODE_EXAMPLES: Record<ServicePointCountry, string> = { FI: '00100', SE: '114 55', NO: '0150', DK: '2100' };

const servicePointCarriers = Object.values(registry)
  .filter((c) => c.servicePoints)
  .map((c) => c.id) as [CarrierId, ...CarrierId[]];

export const servicePointSearchSchema = z
  .object({
    carrier: z.enum(servicePointCarriers),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.enum(Object.keys(POSTAL_CODE_PATTERNS) as [ServicePointCountry, ...ServicePointCountry[]])),
    postalCode: z.string().max(16).transform(normalizePostalCode),
    limit: z.coerce.number().int().min(1).max(5).default(5),
  })
  .superRefine((q, ctx) => {
    if (!POSTAL_CODE_PATTERNS[q.country].test(q.postalCode)) ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'postal_code' });
  });
/** What arrives from the query string (validated by the schema). */
export type ServicePointSearchInput = { carrier: string; country: string; postalCode: string; limit?: string | number };

/** Throws ZodError on bad input and AppError('rate_limited') over the limit; a carrier failure is never an error here. */
export async function searchServicePoints(ctx: { db: DbOrTx; clientKey: string }, input: ServicePointSearchInput): Promise<ServicePointsResult> {
  const q = servicePointSearchSchema.parse(input);
  const attempt = await takeAttempt(ctx.db, servicePointSearchesPerClient, ctx.clientKey);
  if (!attempt.allowed) throw new AppError('rate_limited', 'Too many searches.', { retryAfterSeconds: attempt.retryAfterSeconds });
  return findServicePoints(ctx.db, q.carrier, { postalCode: q.postalCode, countryCode: q.country, limit: q.limit });
}
