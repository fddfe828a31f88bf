import 'server-only';
import type { Db } from '@/db';
import { CLOSED_RETURN_STATUSES, readOrderReturns } from './queries';

/** A return or exchange still under way, as the order summary names it. */
export type OpenReturnDto = {
  rma: string;
  kind: 'return' | 'exchange';
  status: 'requested' | 'approved' | 'label_issued' | 'in_transit' | 'received' | 'inspected';
};

/** The order's returns and exchanges still under way (oldest first), for the order page's summary sentence. */
export async function listOpenReturns(db: Db, orderId: string): Promise<OpenReturnDto[]> {
  const newestFirst = await readOrderReturns(db, orderId);
  return newestFirst
    .filter((r) => !(CLOSED_RETURN_STATUSES as readonly string[]).includes(r.status))
    .reverse()
    .map((r) => ({ rma: r.rma, kind: r.exchange ? 'exchange' : 'return', status: r.status as OpenReturnDto['status'] }));
}
