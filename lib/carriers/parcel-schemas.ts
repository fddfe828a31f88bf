import { z } from 'zod';
import { type Carrier, carriers } from './catalog';
import { normalizeTrackingNumber } from './tracking-number';

/* A parcel's carrier, tracking number and pickup point as the API and ingest validate them. Here, below
 * lib/shipments and lib/tracking, so ingest does not import shipments (issue #13); lib/shipments/schemas re-exports. */

/** Every carrier of the registry (lib/carriers/facts.ts), so a new carrier needs no edit here. */
export const carrierIdSchema = z.enum(carriers as [Carrier, ...Carrier[]]);
export const pickupPointSchema = z.object({
  id: z.string().max(64).optional(),
  name: z.string().trim().min(1).max(200),
  address: z.string().max(200).optional(),
  postalCode: z.string().max(16).optional(),
  city: z.string().max(100).optional(),
  openingHours: z.string().max(500).optional(),
});

/**
 * A tracking number as merchants and carriers write it: case, spaces, dashes and the printed `(00)`
 * brackets do not matter, so ` jjfi 123-45 ` and `JJFI12345` are one parcel. Normalized here, at the
 * boundary, with the one normalizer carrier ingest uses too (lib/carriers/tracking-number.ts).
 */
export const trackingNumberSchema = z
  .string()
  .max(200)
  .transform(normalizeTrackingNumber)
  .pipe(z.string().min(1, 'A tracking number is required.').max(64, 'A tracking number has at most 64 characters (spaces and dashes not counted).'))
  .describe('Case, spaces, dashes and brackets are ignored: " jjfi 6457-49 " is stored and matched as "JJFI645749"');

