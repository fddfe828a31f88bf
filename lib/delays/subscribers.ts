import type { Subscriber } from '@/lib/core/events';
import { checkShipmentDelays } from './sweep-delays';

/**
 * The delay check on new tracking events (an exception opens carrier_exception, a new scan closes stalled /
 * no_first_scan, a delivery closes everything), run from the event log after ingest commits instead of in the
 * ingest transaction. Idempotent: an incident opens at most once per parcel and kind (the partial unique index
 * the sweep relies on), and closing an already closed incident changes nothing; the check reads the parcel's
 * state now, so a replay does what the first run did.
 */
export const shipmentDelayCheckSubscriber: Subscriber = {
  name: 'delays.shipment_check',
  types: ['shipment.status_changed'],
  async handle(tx, event) {
    const data = event.data as { shipmentId: string };
    await checkShipmentDelays(tx, [data.shipmentId]);
  },
};

export const DELAY_SUBSCRIBERS: readonly Subscriber[] = [shipmentDelayCheckSubscriber];
