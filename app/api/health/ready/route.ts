// GET /api/health/ready – readiness for load balancers: 200 when the database answers and holds every
// migration this build ships, 503 otherwise.
import { getDb } from '@/db';
import { checkReadiness } from '@/lib/ops/readiness';

export const dynamic = 'force-dynamic';

export async function GET() {
  const result = await checkReadiness(getDb());
  const { ready, ...body } = result;
  return Response.json({ status: ready ? 'ok' : 'unavailable', ...body }, { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
