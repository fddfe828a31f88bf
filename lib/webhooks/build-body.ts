import type { DbOrTx } from '@/db';
import type { DomainEventRow } from '@/db/schema';
import { isPublicEventType, publicDataOf } from '@/lib/core/events/catalog';
import { getApiOrder } from '@/lib/orders/api-queries';
import { getApiReturnsByIds } from '@/lib/returns/api-queries';
import { resourceOf } from './resources';

/**
 * The public `data` of events, in their order: the resource as the API's GET shows it now (lib/webhooks/resources.ts),
 * or the keys of the event's data its type publishes when the type has no GET or the resource is gone (a purged
 * order); the staff-only facts of the row (a provider's message, a reason) never leave. A webhook's body and
 * `GET /api/v1/events` both read it, so an event carries the same `data` in both.
 */
export async function eventsData(db: DbOrTx, events: readonly DomainEventRow[]): Promise<unknown[]> {
  const returnIds = new Set<string>();
  const orderIds = new Set<string>();
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    const resource = resourceOf(event.type);
    if (resource === 'return' && typeof data.returnId === 'string') returnIds.add(data.returnId);
    if ((resource === 'order' || resource === 'shipment') && typeof data.orderId === 'string') orderIds.add(data.orderId);
  }
  const returnsById = await getApiReturnsByIds(db, [...returnIds]);
  const ordersById = new Map(await Promise.all([...orderIds].map(async (id) => [id, await getApiOrder(db, id)] as const)));
  return events.map((event) => {
    const data = event.data as Record<string, unknown>;
    const own = isPublicEventType(event.type) ? publicDataOf(event.type, data) : {};
    switch (resourceOf(event.type)) {
      case 'order':
        return ordersById.get(data.orderId as string) ?? own;
      case 'return':
        return returnsById.get(data.returnId as string) ?? own;
      case 'shipment': {
        const order = ordersById.get(data.orderId as string);
        const shipment = order?.shipments.find((s) => s.id === data.shipmentId);
        return shipment && order ? { ...shipment, orderNumber: order.orderNumber } : own;
      }
      default:
        return own;
    }
  });
}

/** One webhook's `data` (eventsData of one event). */
export async function webhookData(db: DbOrTx, event: DomainEventRow): Promise<unknown> {
  const [data] = await eventsData(db, [event]);
  return data;
}

/** The body, serialized once: every retry sends these exact bytes (the signature covers them). */
export function webhookBody(type: string, timestamp: Date, data: unknown): string {
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
}
