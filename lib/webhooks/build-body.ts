import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { returns, type DomainEventRow } from '@/db/schema';
import { getApiOrder } from '@/lib/orders/api-queries';
import { getApiReturn } from '@/lib/returns/api-queries';
import { resourceOf } from './resources';

/**
 * A webhook's `data`: the resource as the API's GET shows it at fan-out time (lib/webhooks/resources.ts), or the
 * event's own data when the type has no GET or the resource is gone (a purged order).
 */
export async function webhookData(db: DbOrTx, event: DomainEventRow): Promise<unknown> {
  const data = event.data as Record<string, unknown>;
  const resource = resourceOf(event.type);
  if (resource === 'order' && typeof data.orderId === 'string') {
    return (await getApiOrder(db, data.orderId)) ?? data;
  }
  if (resource === 'shipment' && typeof data.orderId === 'string') {
    const order = await getApiOrder(db, data.orderId);
    const shipment = order?.shipments.find((s) => s.id === data.shipmentId);
    return shipment && order ? { ...shipment, orderNumber: order.orderNumber } : data;
  }
  if (resource === 'return' && typeof data.returnId === 'string') {
    const [row] = await db.select({ rma: returns.rmaNumber }).from(returns).where(eq(returns.id, data.returnId));
    return (row && (await getApiReturn(db, row.rma))) ?? data;
  }
  return data;
}

/** The body, serialized once: every retry sends these exact bytes (the signature covers them). */
export function webhookBody(type: string, timestamp: Date, data: unknown): string {
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
}
