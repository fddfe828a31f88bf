import { type CodeEntry, info, s } from '../code-entry';

// §4.2: Bring Tracking API / Event Cast share the vocabulary. DELIVERY_CANCELLED is a cancelled
// home-delivery booking, not a cancelled shipment.
export const bringCodes: Record<string, CodeEntry> = {
  PRE_NOTIFIED: s('info_received'),
  HANDED_IN: s('in_transit'),
  COLLECTED: s('in_transit'),
  IN_TRANSIT: s('in_transit'),
  TERMINAL: s('in_transit'),
  INTERNATIONAL: s('in_transit'),
  CUSTOMS: s('in_transit'),
  DELIVERY_ORDERED: info,
  DELIVERY_CHANGED: info,
  DELIVERY_CANCELLED: info,
  NOTIFICATION_SENT: info,
  TRANSPORT_TO_RECIPIENT: s('out_for_delivery'),
  READY_FOR_PICKUP: s('available_for_pickup'),
  ATTEMPTED_DELIVERY: s('failed_attempt'),
  DELIVERED: s('delivered'),
  RETURN: s('returned_to_sender'),
  DELIVERED_SENDER: s('returned_to_sender'),
  DEVIATION: s('exception', 'other'),
  UNKNOWN: info,
};
