// GET /api/returns/stock?order=KK-100123&ids=<uuid>,<uuid> – live stock of exchange variants for the
// return wizard of an order this browser has access to.
import { z } from 'zod';
import { getDb } from '@/db';
import { getVerifiedOrderAccess } from '@/lib/auth/order-access';
import { AppError, toHttpResponse } from '@/lib/errors';
import { findOrderIdByNumber } from '@/lib/orders/queries';
import { getVariantStock } from '@/lib/returns/queries';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ order: z.string().trim().min(1).max(64), ids: z.array(z.uuid()).min(1).max(200) });

export async function GET(request: Request) {
  try {
    const url = new URL(request.url);
    const query = querySchema.parse({ order: url.searchParams.get('order') ?? '', ids: (url.searchParams.get('ids') ?? '').split(',').filter(Boolean) });
    const db = getDb();
    const orderId = await findOrderIdByNumber(db, query.order);
    if (!orderId || !(await getVerifiedOrderAccess(orderId))) throw new AppError('unauthorized', 'Look up the order first.');
    return Response.json({ stock: await getVariantStock(db, query.ids) }, { headers: { 'Cache-Control': 'private, no-store' } });
  } catch (error) {
    return toHttpResponse(error);
  }
}
