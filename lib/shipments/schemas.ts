import { z } from 'zod';
import { pastInstantSchema } from '@/lib/orders/schemas';
import { normalizeTrackingNumber } from '@/lib/carriers/tracking-number';
import { type Carrier, carriers } from '@/lib/carriers/catalog';

/** Every carrier of the registry (lib/carriers/facts.ts), so a new carrier needs no edit here. */
export const carrierIdSchema = z.enum(carriers as [Carrier, ...Carrier[]]);
const localDate = z.iso.date().describe('A local calendar date, YYYY-MM-DD');

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

/** POST /api/v1/orders/{orderNumber}/shipments */
export const createShipmentSchema = z
  .object({
    carrier: carrierIdSchema,
    trackingNumber: trackingNumberSchema,
    service: z.string().trim().min(1).max(64).optional(),
    lines: z
      .array(z.object({ sku: z.string().trim().min(1).max(100), quantity: z.int().min(1).max(100_000) }))
      .min(1)
      .max(500),
    shippedAt: pastInstantSchema('shippedAt').optional(),
    promisedDate: localDate.optional(),
    pickupPoint: pickupPointSchema.optional(),
  })
  .superRefine((shipment, ctx) => {
    const seen = new Set<string>();
    shipment.lines.forEach((line, index) => {
      if (seen.has(line.sku)) ctx.addIssue({ code: 'custom', path: ['lines', index, 'sku'], message: 'Each SKU may appear on one line only.' });
      seen.add(line.sku);
    });
  });
export type CreateShipmentInput = z.infer<typeof createShipmentSchema>;

export const createShipmentResponseSchema = z.object({ id: z.uuid(), trackingUrl: z.url() });
