import type { Subscriber } from '@/lib/core/events';
import { queueShipmentSubscription } from './push-subscriptions';

/**
 * A new parcel of a carrier whose pushes must be subscribed to (Bring Event Cast, DHL Unified Push) gets a
 * `pending` push subscription row; the worker job `carrier-push-subscriptions` creates it at the carrier (no
 * network I/O here). Idempotent: one row per carrier and tracking number (unique key).
 */
export const pushSubscriptionSubscriber: Subscriber = {
  name: 'carriers.push_subscriptions',
  types: ['shipment.created'],
  async handle(tx, event) {
    const data = event.data as { shipmentId: string };
    await queueShipmentSubscription(tx, data.shipmentId);
  },
};

export const CARRIER_SUBSCRIBERS: readonly Subscriber[] = [pushSubscriptionSubscriber];
