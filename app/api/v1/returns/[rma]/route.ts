// GET /api/v1/returns/{rma}
import { apiRoute, methodsNotAllowed } from '@/lib/api/handler';
import { AppError } from '@/lib/errors';
import { getApiReturn } from '@/lib/returns/api-queries';
import { rmaParamsSchema } from '@/lib/returns/api-schemas';

export const GET = apiRoute({ scope: 'returns:read', params: rmaParamsSchema }, async ({ db, params }) => {
  const found = await getApiReturn(db, params.rma);
  if (!found) throw new AppError('not_found', `Return ${params.rma} not found.`);
  return { status: 200, body: found };
});

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
