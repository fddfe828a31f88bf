import { z } from 'zod';
import { carrierIdSchema, pickupPointSchema, trackingNumberSchema } from '@/lib/carriers/parcel-schemas';
import { type Carrier, carriers } from '@/lib/carriers/catalog';
import { checkTrackingNumber, normalizeTrackingNumber } from '@/lib/carriers/tracking-number';
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

/**
 * Staff enter the carrier's tracking number of a parcel awaiting the shop (the return panel's form). Checked
 * against the carrier's own format and check digit, so a typo is caught before the customer is emailed a link.
 * Messages are keys under `staffReturns.errors`.
 */
export const shipPendingParcelSchema = z
  .object({
    shipmentId: z.uuid(),
    carrier: z.enum(carriers as [Carrier, ...Carrier[]], 'carrierRequired'),
    trackingNumber: z.string().trim().min(1, 'trackingNumberRequired').max(200, 'trackingNumberInvalid'),
  })
  .superRefine((v, ctx) => {
    if (!checkTrackingNumber(v.carrier, v.trackingNumber)) ctx.addIssue({ code: 'custom', path: ['trackingNumber'], message: 'trackingNumberInvalid' });
  })
  .transform((v) => ({ ...v, trackingNumber: normalizeTrackingNumber(v.trackingNumber) }));
export type ShipPendingParcelInput = z.input<typeof shipPendingParcelSchema>;

/** Staff book a parcel awaiting the shop with its carrier (the return panel, a reship on the case). */
export const bookPendingParcelSchema = z.object({ shipmentId: z.uuid() });
export type BookPendingParcelInput = z.input<typeof bookPendingParcelSchema>;
