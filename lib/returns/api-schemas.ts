import { z } from 'zod';

export const returnStatusSchema = z.enum(['requested', 'approved', 'label_issued', 'in_transit', 'received', 'inspected', 'completed', 'rejected', 'canceled']);

/** GET /api/v1/returns — keyset pagination on (updatedAt, id), oldest change first, for back-office sync. */
export const listReturnsQuerySchema = z.object({
  status: returnStatusSchema.optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional().describe('Only returns changed at or after this instant'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional()
    .describe('`nextCursor` of the previous page'),
});
export type ListReturnsQuery = z.infer<typeof listReturnsQuerySchema>;

export const rmaParamsSchema = z.object({ rma: z.string().min(1).max(32) });

export const apiReturnDtoSchema = z.object({
  rma: z.string(),
  orderNumber: z.string(),
  status: returnStatusSchema,
  method: z.enum(['drop_off', 'printerless', 'home_pickup']),
  carrier: z.string().nullable(),
  fee: z.int(),
  currency: z.string(),
  estimatedRefund: z.int(),
  estimatedCredit: z.int(),
  returnTrackingNumber: z.string().nullable(),
  shipNow: z.boolean().describe('The customer chose "ship now": the exchange item is sent before the return arrives (exchange.created at request time)'),
  shipNowDeadline: z.iso.datetime().nullable().describe('Ship now: the old item must arrive by then, or the exchange item is charged'),
  items: z.array(
    z.object({
      sku: z.string(),
      title: z.string(),
      quantity: z.int(),
      reasonCode: z.string(),
      comment: z.string().nullable(),
      resolution: z.enum(['refund', 'store_credit', 'exchange']),
      exchangeSku: z.string().nullable(),
      receivedQuantity: z.int(),
      inspectionGrade: z.enum(['as_new', 'opened', 'damaged', 'missing']).nullable(),
      restock: z.boolean().nullable(),
    }),
  ),
  requestedAt: z.iso.datetime(),
  approvedAt: z.iso.datetime().nullable(),
  labelIssuedAt: z.iso.datetime().nullable(),
  receivedAt: z.iso.datetime().nullable(),
  inspectedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  rejectedAt: z.iso.datetime().nullable(),
  canceledAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
});
export type ApiReturnDto = z.infer<typeof apiReturnDtoSchema>;

export const returnListSchema = z.object({ data: z.array(apiReturnDtoSchema), nextCursor: z.string().nullable() });
