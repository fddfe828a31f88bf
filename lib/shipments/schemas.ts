import { z } from 'zod';
import { carrierIdSchema, pickupPointSchema, trackingNumberSchema } from '@/lib/carriers/parcel-schemas';
import { pastInstantSchema } from '@/lib/core/schemas';

export { carrierIdSchema, pickupPointSchema, trackingNumberSchema };

const localDate = z.iso.date().describe('A local calendar date, YYYY-MM-DD');


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
