// GET /api/v1/events?after=&types=&limit= — the public domain events, for systems that cannot receive webhooks.
import { listApiEvents, listEventsQuerySchema } from '@/lib/api/events-feed';
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';

export const GET = apiRoute({ scope: 'events:read', query: listEventsQuerySchema }, async ({ db, query }) => ({ status: 200, body: await listApiEvents(db, query) }));

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
