// GET / PATCH / DELETE /api/v1/webhook-endpoints/{id}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { endpointParamsSchema, withEnglishMessages } from '@/lib/webhooks/api';
import { deleteWebhookEndpoint } from '@/lib/webhooks/delete-webhook-endpoint';
import { getWebhookEndpoint } from '@/lib/webhooks/queries';
import { updateWebhookEndpointSchema } from '@/lib/webhooks/schemas';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';

export const GET = apiRoute({ scope: 'webhooks:write', params: endpointParamsSchema }, async ({ db, actor, params }) => ({
  status: 200,
  body: await getWebhookEndpoint({ db, actor }, params.id),
}));

export const PATCH = apiRoute({ scope: 'webhooks:write', params: endpointParamsSchema, body: withEnglishMessages(updateWebhookEndpointSchema) }, async ({ db, actor, params, body }) => ({
  status: 200,
  body: await updateWebhookEndpoint({ db, actor }, params.id, body),
}));

export const DELETE = apiRoute({ scope: 'webhooks:write', params: endpointParamsSchema }, async ({ db, actor, params }) => {
  await deleteWebhookEndpoint({ db, actor }, params.id);
  return { status: 204, body: null };
});

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { POST, PUT, OPTIONS } = methodsNotAllowed('GET', 'PATCH', 'DELETE');
