// POST /api/webhooks/carriers/{carrier} — carrier push (Bring Event Cast, DHL push) into webhook_inbox.
import { getDb } from '@/db';
import { receiveWebhook } from '@/lib/carriers/receive-webhook';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, context: { params: Promise<{ carrier: string }> }) {
  const { carrier } = await context.params;
  const result = await receiveWebhook(getDb(), carrier, request);
  return Response.json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store' } });
}
