// GET /api/metrics – Prometheus text format for the operator's scraper (METRICS_TOKEN as a bearer token).
import { getDb } from '@/db';
import { checkMetricsAccess } from '@/lib/ops/metrics-token';
import { renderMetrics } from '@/lib/ops/metrics';

export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'no-store' };

export async function GET(request: Request) {
  const access = checkMetricsAccess(request.headers.get('authorization'));
  if (access === 'disabled') {
    return Response.json({ error: { code: 'not_found', message: 'Metrics are off. Set METRICS_TOKEN to enable /api/metrics.' } }, { status: 404, headers: noStore });
  }
  if (access === 'denied') {
    return Response.json(
      { error: { code: 'unauthorized', message: 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".' } },
      { status: 401, headers: { ...noStore, 'WWW-Authenticate': 'Bearer realm="metrics"' } },
    );
  }
  try {
    const { contentType, body } = await renderMetrics(getDb());
    return new Response(body, { headers: { 'Content-Type': contentType, ...noStore } });
  } catch {
    return Response.json({ error: { code: 'unavailable', message: 'The database did not answer; metrics cannot be read.' } }, { status: 503, headers: noStore });
  }
}
