// GET /api/v1/openapi.json — public description of the merchant API (no key needed).
import { buildOpenApiDocument } from '@/lib/api/openapi';

export function GET() {
  return Response.json(buildOpenApiDocument(process.env.APP_URL), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
