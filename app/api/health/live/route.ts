// GET /api/health/live – liveness: the process answers. No database call, so a slow database never
// makes an orchestrator restart healthy web servers.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }, { headers: { 'Cache-Control': 'no-store' } });
}
