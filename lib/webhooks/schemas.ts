import { z } from 'zod';
import { PUBLIC_EVENT_TYPES } from '@/lib/core/events/catalog';
import { checkWebhookUrl } from './url-guard';

/**
 * Input of the webhook endpoint use cases (API and admin settings). Messages are catalog keys under
 * `webhooks.errors` (the admin form shows them localized; the API answers their English text).
 */
export const webhookEventTypeSchema = z.enum(PUBLIC_EVENT_TYPES as [string, ...string[]], { message: 'eventsUnknown' });

const url = z
  .string({ message: 'urlInvalid' })
  .trim()
  .min(1, 'urlRequired')
  .max(2000, 'urlTooLong')
  .superRefine((value, ctx) => {
    const problem = checkWebhookUrl(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const events = z
  .array(webhookEventTypeSchema, { message: 'eventsRequired' })
  .min(1, 'eventsRequired')
  .max(PUBLIC_EVENT_TYPES.length * 2, 'eventsUnknown')
  .transform((list) => [...new Set(list)].sort());
const description = z.string({ message: 'descriptionTooLong' }).trim().max(500, 'descriptionTooLong').nullable().optional();

export const createWebhookEndpointSchema = z.strictObject({ url, events, description }, { message: 'invalid' });
export const updateWebhookEndpointSchema = z.strictObject(
  { url: url.optional(), events: events.optional(), description, enabled: z.boolean({ message: 'invalid' }).optional() },
  { message: 'invalid' },
);
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointSchema>;

/** What the API and the admin page show of an endpoint: never its secret. */
export const webhookEndpointDtoSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabledAt: z.iso.datetime().nullable(),
  disabledReason: z.enum(['manual', 'failing']).nullable(),
  failingSince: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookEndpointDto = z.infer<typeof webhookEndpointDtoSchema>;
export const webhookEndpointCreatedSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  secret: z.string().describe('`whsec_…`: shown in this answer only. Verify `webhook-signature` with it.'),
});
export const webhookSecretSchema = z.object({
  id: z.uuid(),
  secret: z.string().describe('The new `whsec_…` secret, shown once. The previous one keeps signing too for 24 hours.'),
  previousSecretExpiresAt: z.iso.datetime(),
});
export const webhookTestSentSchema = z.object({ deliveryId: z.uuid(), webhookId: z.string(), type: z.literal('webhook.test') });
export const webhookEndpointListSchema = z.object({ data: z.array(webhookEndpointDtoSchema) });
