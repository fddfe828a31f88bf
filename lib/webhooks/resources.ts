import { z } from 'zod';
import { publicDataSchema, type PublicEventType } from '@/lib/core/events/catalog';
import { apiOrderDtoSchema } from '@/lib/orders/api-dto';
import { apiReturnDtoSchema } from '@/lib/returns/api-schemas';

/**
 * Which API resource a webhook's `data` is, per event type: the same DTO `GET /api/v1/orders/{n}` or
 * `GET /api/v1/returns/{rma}` returns (a shipment is its element of the order's `shipments`, plus the order
 * number). Types without a GET carry the keys of the event's data that its type publishes (`publicData` in
 * lib/core/events/catalog.ts; the staff-only facts of the same row never leave).
 * The OpenAPI document's `webhooks` are generated from these same schemas (webhookDataSchema).
 */
export type WebhookResource = 'order' | 'return' | 'shipment' | null;

export function resourceOf(type: string): WebhookResource {
  if (type === 'order.upserted') return 'order';
  if (type.startsWith('shipment.')) return 'shipment';
  if (type.startsWith('return.') || type === 'exchange.created') return 'return';
  return null;
}

export const webhookShipmentSchema = apiOrderDtoSchema.shape.shipments.element.extend({ orderNumber: z.string() });

export const WEBHOOK_TEST_TYPE = 'webhook.test';

/** The zod schema of `data` for one public event type. */
export function webhookDataSchema(type: PublicEventType): z.ZodType {
  switch (resourceOf(type)) {
    case 'order':
      return apiOrderDtoSchema;
    case 'return':
      return apiReturnDtoSchema;
    case 'shipment':
      return webhookShipmentSchema;
    default:
      return publicDataSchema(type);
  }
}
