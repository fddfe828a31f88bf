// GET /api/payments/paytrail/refund-callback — Paytrail's signed refund callback settles the refund ledger (lib/refunds/paytrail-callback.ts).
import { getDb } from '@/db';
import { receivePaytrailRefundCallback } from '@/lib/refunds/paytrail-callback';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const result = await receivePaytrailRefundCallback(getDb(), new URL(request.url));
  return Response.json(result.body, { status: result.status, headers: { 'Cache-Control': 'no-store' } });
}
