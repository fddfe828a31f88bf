import { z } from 'zod';
import { carrierIdSchema, pickupPointSchema } from '@/lib/carriers/parcel-schemas';
import { exceptionSubStatusSchema, shipmentStatusSchema } from '@/lib/tracking/ingest-schemas';

/** What GET /api/v1/orders/{orderNumber} returns (also the body of PUT's 200/201). */
export const apiOrderDtoSchema = z.object({
  orderNumber: z.string(),
  email: z.string(),
  customerName: z.string(),
  phone: z.string().nullable(),
  locale: z.enum(['fi', 'sv', 'en', 'da', 'nb']),
  currency: z.string(),
  placedAt: z.iso.datetime(),
  shippingAddress: z.object({
    name: z.string(),
    line1: z.string(),
    line2: z.string().nullable(),
    postalCode: z.string(),
    city: z.string(),
    country: z.string(),
  }),
  shippingAmount: z.int(),
  capturedAmount: z.int(),
  paymentMethod: z.string().nullable().describe('How the customer paid (card, invoice, bnpl, bank_transfer, other, or a provider payment stripe:pi_…, paytrail:<transaction id>, klarna:<order id>), or null when not given'),
  refundedAmount: z.int(),
  canceledAt: z.iso.datetime().nullable(),
  lines: z.array(
    z.object({
      sku: z.string(),
      title: z.string(),
      options: z.record(z.string(), z.string()),
      quantity: z.int(),
      unitPrice: z.int(),
      finalSale: z.boolean(),
      imageUrl: z.string().nullable(),
      fulfilledQuantity: z.int(),
      returnRequestedQuantity: z.int(),
      returnedQuantity: z.int(),
      writtenOffQuantity: z.int(),
    }),
  ),
  shipments: z.array(
    z.object({
      id: z.uuid(),
      direction: z.enum(['outbound', 'return']),
      carrier: carrierIdSchema,
      service: z.string().nullable(),
      trackingNumber: z.string().nullable().describe('The carrier\'s tracking number; null while the parcel awaits the shop (`awaitingShop`).'),
      trackingUrl: z.string().nullable().describe('The carrier\'s tracking page for the parcel; null while it awaits the shop.'),
      awaitingShop: z
        .boolean()
        .describe('An exchange\'s or reship\'s parcel that the shop has not sent yet: POST the shipment with its SKU to fill it in (docs/merchant-api.md, "Shipping an exchange or a reship").'),
      status: shipmentStatusSchema,
      subStatus: exceptionSubStatusSchema.nullable(),
      promisedDate: z.iso.date().nullable(),
      predictedDate: z.iso.date().nullable(),
      carrierEta: z.iso.date().nullable(),
      pickupPoint: pickupPointSchema.nullable(),
      pickupDeadline: z.iso.date().nullable(),
      shippedAt: z.iso.datetime().nullable(),
      firstScanAt: z.iso.datetime().nullable(),
      lastEventAt: z.iso.datetime().nullable(),
      deliveredAt: z.iso.datetime().nullable(),
      lines: z.array(z.object({ sku: z.string(), quantity: z.int() })),
    }),
  ),
  returns: z.array(z.object({ rma: z.string(), status: z.string(), requestedAt: z.iso.datetime(), updatedAt: z.iso.datetime() })),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ApiOrderDto = z.infer<typeof apiOrderDtoSchema>;
