import 'server-only';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { returnItems, returns } from '@/db/schema';
import { CLOSED_RETURN_STATUSES } from './queries';

/** A return or exchange still under way, as the order summary names it. */
export type OpenReturnDto = {
  rma: string;
  kind: 'return' | 'exchange';
  status: 'requested' | 'approved' | 'label_issued' | 'in_transit' | 'received' | 'inspected';
};

/** The order's returns and exchanges still under way (oldest first), for the order page's summary sentence. */
export async function listOpenReturns(db: Db, orderId: string): Promise<OpenReturnDto[]> {
  const rows = await db
    .select({
      rma: returns.rmaNumber,
      status: returns.status,
      exchange: sql<boolean>`coalesce(bool_or(${returnItems.resolution} = 'exchange'), false)`,
    })
    .from(returns)
    .leftJoin(returnItems, eq(returnItems.returnId, returns.id))
    .where(and(eq(returns.orderId, orderId), notInArray(returns.status, [...CLOSED_RETURN_STATUSES])))
    .groupBy(returns.id)
    .orderBy(returns.requestedAt);
  return rows.map((r) => ({ rma: r.rma, kind: r.exchange ? 'exchange' : 'return', status: r.status as OpenReturnDto['status'] }));
}
