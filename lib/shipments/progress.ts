import type { ShipmentStatus } from '@/lib/core/enums';

export type { ShipmentStatus };

/** Steps of the customer's progress bar: Ordered → Shipped → In transit → Out for delivery / At pickup point → Delivered. */
export const progressSteps = ['ordered', 'shipped', 'inTransit', 'lastMile', 'delivered'] as const;
export type ProgressStep = (typeof progressSteps)[number];

/** How far along the bar a parcel is (index into progressSteps). */
export function progressIndex(status: ShipmentStatus): number {
  switch (status) {
    case 'info_received':
      return 1;
    case 'in_transit':
    case 'exception':
    case 'failed_attempt':
      return 2;
    case 'out_for_delivery':
    case 'available_for_pickup':
      return 3;
    case 'delivered':
      return 4;
    case 'returned_to_sender':
    case 'canceled':
      return 2;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

/** Whether the parcel needs the customer's attention or is in trouble (shown in a warning tone). */
export function isTroubled(status: ShipmentStatus): boolean {
  return status === 'exception' || status === 'failed_attempt' || status === 'returned_to_sender';
}

/** Still moving: not delivered, not back with the shop, not canceled. */
export function isActive(status: ShipmentStatus): boolean {
  return status !== 'delivered' && status !== 'returned_to_sender' && status !== 'canceled';
}
