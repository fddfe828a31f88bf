import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = 'disabled' | 'denied' | 'granted';

/**
 * `/api/metrics` is off unless METRICS_TOKEN is set, and then needs `Authorization: Bearer <token>`.
 * Hashing both sides first makes the comparison constant-time whatever the lengths.
 */
export function checkMetricsAccess(authorization: string | null, token = process.env.METRICS_TOKEN): MetricsAccess {
  if (!token) return 'disabled';
  const presented = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return presented && timingSafeEqual(digest(presented), digest(token)) ? 'granted' : 'denied';
}
