import { z } from 'zod';

/* Shared zod building blocks of the API schemas (orders, shipments): here so lib/shipments need not import lib/orders (issue #13). */

/** The earliest instant the API accepts for a business time (placedAt, updatedAt, shippedAt). */
export const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
/** How far ahead of the server's clock a business time may be (clock skew, time zones). */
export const MAX_CLOCK_SKEW_MS = 86_400_000;

/**
 * An ISO 8601 instant with an offset that really happened: not before 2000, not more than a day
 * after now. A year-9999 `updatedAt` would otherwise freeze an order against every later update.
 */
export function pastInstantSchema(name: string) {
  return z.iso
    .datetime({ offset: true })
    .refine((value) => {
      const time = Date.parse(value);
      return Number.isFinite(time) && time >= EARLIEST_INSTANT && time <= Date.now() + MAX_CLOCK_SKEW_MS;
    }, `${name} must be a time between 2000-01-01 and now (at most one day ahead).`)
    .describe(`ISO 8601 with offset; between 2000-01-01 and one day after now`);
}
