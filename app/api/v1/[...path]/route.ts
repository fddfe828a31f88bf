// Any other /api/v1 path: the API's JSON 404 instead of the HTML not-found page (HEAD comes from GET).
import { randomUUID } from 'node:crypto';

async function notFound(): Promise<Response> {
  return Response.json(
    { error: { code: 'not_found', message: 'No such endpoint. The API is described at /api/v1/openapi.json.' } },
    { status: 404, headers: { 'Cache-Control': 'no-store', 'X-Request-Id': randomUUID() } },
  );
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
