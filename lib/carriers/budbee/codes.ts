import { type CodeEntry, s } from '../code-entry';

// §5: Budbee home deliveries. Locker (BOX) orders override some codes below.
export const budbeeCodes: Record<string, CodeEntry> = {
  NotStarted: s('info_received'),
  Pending: s('info_received'),
  OnRouteCollection: s('in_transit'),
  Collected: s('in_transit'),
  CollectedShippingLabel: s('in_transit'),
  CrossDocked: s('in_transit'),
  DroppedOff: s('in_transit'),
  ReturnedToTerminal: s('in_transit'),
  OnRouteDelivery: s('out_for_delivery'),
  Delivered: s('delivered'),
  PickedUp: s('delivered'),
  Miss: s('failed_attempt'),
  Backordered: s('exception', 'other'),
  Undelivered: s('exception', 'other'),
  ReturnedToMerchant: s('returned_to_sender'),
};

/** §5 trap: in a Budbee Box "Delivered" means the parcel is in the locker; "PickedUp" is the delivery. */
export const budbeeBoxCodes: Record<string, CodeEntry> = {
  Delivered: s('available_for_pickup'),
  Undelivered: s('exception', 'other'),
};
