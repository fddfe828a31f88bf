// POST /api/integrations/stripe/webhooks — Stripe's refund events reconcile the refund ledger (lib/refunds/stripe-webhook.ts).
import { getDb } from '@/db';
import { receiveStripeWebhook } from '@/lib/refunds/stripe-webhook';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const result = await receiveStripeWebhook(getDb(), request);
  return Response.json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store' } });
}
