import { z } from 'zod';
import { exceptionSubStatusEnum, shipmentStatusEnum } from '@/db/schema/enums';
import { carrierIdSchema, trackingNumberSchema } from '@/lib/carriers/parcel-schemas';

export const shipmentStatusSchema = z.enum(shipmentStatusEnum.enumValues);
export const exceptionSubStatusSchema = z.enum(exceptionSubStatusEnum.enumValues);

export const MAX_EVENTS_PER_BATCH = 500;

/** One event as a merchant system sends it: a normalized `status`, or only the carrier's own `code`. */
export const apiTrackingEventSchema = z
  .object({
    carrier: carrierIdSchema,
    trackingNumber: trackingNumberSchema,
    eventId: z.string().min(1).max(150).optional().describe("The carrier's own event id; the best dedupe key when present"),
    code: z.string().min(1).max(64).optional().describe("The carrier's own event code, mapped to a status when `status` is absent"),
    status: shipmentStatusSchema.optional(),
    subStatus: exceptionSubStatusSchema.optional().describe('Only for status "exception"'),
    description: z.string().max(2000).optional(),
    location: z.string().max(200).optional(),
    occurredAt: z.iso.datetime({ offset: true }),
  })
  .refine((event) => event.status !== undefined || event.code !== undefined, { message: 'Give a status or a carrier code.', path: ['status'] })
  .refine((event) => Date.parse(event.occurredAt) <= Date.now() + 86_400_000, { message: 'occurredAt is in the future.', path: ['occurredAt'] });

/** POST /api/v1/tracking-events */
export const trackingEventsBatchSchema = z.object({
  events: z.array(apiTrackingEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type TrackingEventsBatch = z.infer<typeof trackingEventsBatchSchema>;

export const ingestResultSchema = z.object({
  accepted: z.int().describe('Newly stored events, unmatched ones included'),
  duplicates: z.int().describe('Events already known (or repeated within the batch)'),
  unmatched: z.int().describe('Stored events whose parcel is not known yet; matched when the shipment is created'),
});
