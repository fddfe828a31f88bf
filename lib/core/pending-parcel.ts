/**
 * A parcel the desk created for the shop to send (an exchange's new item, a reship) exists from the moment it
 * must ship, but until the shop reports the carrier's tracking number it has none: its row holds the marker
 * `PENDING-<ref>` instead. Every stored carrier number is normalized without dashes (lib/carriers/tracking-number.ts),
 * so the marker can never collide with a real number or match a carrier's event. Such a parcel is never polled, never counted as late, and shown as "the shop is preparing it".
 * No `server-only`: the poller, the sweep and the pages read it.
 */
export const PENDING_PREFIX = 'PENDING-';

/** The marker of a parcel that awaits the shop: `PENDING-<RMA>` for an exchange, `PENDING-<compensation id>` for a reship. */
export function pendingTrackingNumber(ref: string): string {
  return `${PENDING_PREFIX}${ref}`;
}

/** True while the parcel awaits the shop's tracking number. */
export function isAwaitingShop(trackingNumber: string): boolean {
  return trackingNumber.startsWith(PENDING_PREFIX);
}
