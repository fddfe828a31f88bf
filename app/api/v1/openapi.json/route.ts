// GET /api/v1/openapi.json — public description of the merchant API (no key needed).
import { appOrigin } from '@/lib/core/url';
import { methodsNotAllowed } from '@/lib/api/handler';
import { buildOpenApiDocument } from '@/lib/api/openapi';

export function GET() {
  return Response.json(buildOpenApiDocument(appOrigin()), { headers: { 'Cache-Control': 'public, max-age=300' } });
}

// Every other method: 405 in the API error shape with Allow (not Next.js's empty 405); OPTIONS lists the allowed ones.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
