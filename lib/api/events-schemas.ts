import { z } from 'zod';
import { PUBLIC_EVENT_TYPES, type PublicEventType } from '@/lib/core/events/catalog';

/** How long `GET /api/v1/events` serves an event (the rows stay: the audit timeline reads them). */
export const EVENTS_FEED_DAYS = 30;

export const listEventsQuerySchema = z.object({
  after: z
    .string()
    .max(40)
    .optional()
    .describe('`nextCursor` of the previous page; without it, the oldest event of the last 30 days comes first'),
  types: z
    .string()
    .max(2000)
    .optional()
    .describe('Comma-separated event types to return (default: every public type)'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListEventsQuery = z.infer<typeof listEventsQuerySchema>;

export const apiEventSchema = z.object({
  id: z.uuid().describe('The event id: the same on every page and in the `webhook-id` of a webhook'),
  type: z.enum(PUBLIC_EVENT_TYPES as [PublicEventType, ...PublicEventType[]]),
  timestamp: z.iso.datetime().describe('When the change was committed'),
  data: z.record(z.string(), z.unknown()).describe('The resource as its GET returns it now (orders, returns and exchanges, a shipment as its element of the order plus orderNumber), as in the webhook; otherwise the facts of the change that the type publishes'),
});
export const eventListSchema = z.object({
  data: z.array(apiEventSchema),
  nextCursor: z.string().nullable().describe('Pass as `after` for the next page; also when `hasMore` is false, to poll for newer events'),
  hasMore: z.boolean().describe('More events are readable now'),
});
export type ApiEvent = z.infer<typeof apiEventSchema>;

