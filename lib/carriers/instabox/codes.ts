import { type CodeEntry, info, s } from '../code-entry';

// Instabee API docs, "Locker Delivery Events" (fixtures/SOURCES.md): the checkpoint types of the locker flow.
// A courier's drop-off at the locker is the arrival at the pickup point; the customer's pickup is the delivery.
// CourierPickup (the courier empties the locker: a return, or an uncollected parcel) claims only transit.
export const instaboxCodes: Record<string, CodeEntry> = {
  InitialCheckpoint: s('info_received'),
  InitialReturnCheckpoint: s('info_received'),
  SortingMachineCheckpoint: s('in_transit'),
  SortingStationCheckpoint: s('in_transit'),
  CourierDropoffCheckpoint: s('available_for_pickup'),
  CourierPickupCheckpoint: s('in_transit'),
  CustomerPickupCheckpoint: s('delivered'),
  CustomerDropoffCheckpoint: s('in_transit'),
  ReturnToSenderCheckpoint: s('returned_to_sender'),
  ReturnedToSenderCheckpoint: s('returned_to_sender'),
  ParcelLostCheckpoint: s('exception', 'lost'),
  ChangePickupPointCheckpoint: info,
  CustomerHomeDeliveryBooked: info,
  CustomerHomeDeliverySuccess: s('delivered'),
  CustomerHomeDeliveryFail: s('failed_attempt'),
};
