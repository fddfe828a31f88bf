// POST /api/v1/webhook-endpoints/{id}/rotate-secret → 200 {id, secret, previousSecretExpiresAt}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { endpointParamsSchema } from '@/lib/webhooks/api';
import { rotateWebhookSecret } from '@/lib/webhooks/rotate-webhook-secret';

export const POST = apiRoute({ scope: 'webhooks:write', params: endpointParamsSchema }, async ({ db, actor, params }) => ({
  status: 200,
  body: await rotateWebhookSecret({ db, actor }, params.id),
}));

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
