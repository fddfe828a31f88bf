// POST /api/v1/webhook-endpoints/{id}/test → 202 {deliveryId, webhookId, type: 'webhook.test'}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { endpointParamsSchema } from '@/lib/webhooks/api';
import { sendTestWebhook } from '@/lib/webhooks/send-test-webhook';

export const POST = apiRoute({ scope: 'webhooks:write', params: endpointParamsSchema }, async ({ db, actor, params }) => ({
  status: 202,
  body: await sendTestWebhook({ db, actor }, params.id),
}));

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
