import type { PickupPoint } from '@/db/schema';
import type { CarrierId, ExceptionSubStatus, ShipmentStatus } from '@/lib/core/enums';

/**
 * One carrier event in our vocabulary: what every carrier adapter produces and tracking ingest stores.
 * It lives with the adapters (lib/carriers), below lib/tracking (issue #13: the type used to live in
 * lib/tracking/ingest-events.ts, which made every adapter import tracking).
 */
export type NormalizedEvent = {
  carrier: CarrierId;
  trackingNumber: string;
  eventId?: string;
  carrierCode?: string;
  status: ShipmentStatus;
  subStatus?: ExceptionSubStatus;
  description?: string;
  location?: string;
  occurredAt: Date;
  unmappedCode?: boolean;
  pickupPoint?: PickupPoint;
  pickupDeadline?: string;
  carrierEta?: string;
};
