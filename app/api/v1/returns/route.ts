// GET /api/v1/returns?status=&updatedSince=&limit=&cursor=
import { apiRoute } from '@/lib/api/handler';
import { listApiReturns } from '@/lib/returns/api-queries';
import { listReturnsQuerySchema } from '@/lib/returns/api-schemas';

export const GET = apiRoute({ scope: 'returns:read', query: listReturnsQuerySchema }, async ({ db, query }) => ({ status: 200, body: await listApiReturns(db, query) }));
