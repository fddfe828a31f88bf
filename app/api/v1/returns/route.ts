// GET /api/v1/returns?status=&updatedSince=&limit=&cursor=
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { listApiReturns } from '@/lib/returns/api-queries';
import { listReturnsQuerySchema } from '@/lib/returns/api-schemas';

export const GET = apiRoute({ scope: 'returns:read', query: listReturnsQuerySchema }, async ({ db, query }) => ({ status: 200, body: await listApiReturns(db, query) }));

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
