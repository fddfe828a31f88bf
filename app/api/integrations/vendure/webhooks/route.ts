// POST /api/integrations/vendure/webhooks — deliveries of the Paluu plugin for Vendure (lib/platforms/receive-webhook.ts).
import { getDb } from '@/db';
import { receivePlatformWebhook } from '@/lib/platforms/receive-webhook';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const result = await receivePlatformWebhook(getDb(), 'vendure', request);
  return Response.json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store' } });
}
