import { z } from 'zod';
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

/** POST /api/v1/orders/{orderNumber}/shipments */
export const createShipmentSchema = z
  .object({
    carrier: carrierIdSchema,
    trackingNumber: z.string().trim().min(1).max(64),
    service: z.string().trim().min(1).max(64).optional(),
    lines: z
      .array(z.object({ sku: z.string().trim().min(1).max(100), quantity: z.int().min(1).max(100_000) }))
      .min(1)
      .max(500),
    shippedAt: z.iso.datetime({ offset: true }).optional(),
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
