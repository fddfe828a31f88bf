// POST /api/v1/webhook-endpoints → 201 {id, url, events, description, secret} · GET /api/v1/webhook-endpoints → {data}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { withEnglishMessages } from '@/lib/webhooks/api';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { listWebhookEndpoints } from '@/lib/webhooks/queries';
import { createWebhookEndpointSchema } from '@/lib/webhooks/schemas';

export const POST = apiRoute({ scope: 'webhooks:write', body: withEnglishMessages(createWebhookEndpointSchema) }, async ({ db, actor, body }) => ({
  status: 201,
  body: await createWebhookEndpoint({ db, actor }, body),
}));

export const GET = apiRoute({ scope: 'webhooks:write' }, async ({ db, actor }) => ({ status: 200, body: { data: await listWebhookEndpoints({ db, actor }) } }));

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
