/**
 * Static facts about the carriers Paluu supports: display names, public tracking pages,
 * pickup holding periods and fallback transit times, read from lib/carriers/<carrier>/facts.ts.
 * Pure data (no database, no server-only),
 * so customer pages, the staff desk, the delay sweep and the seed can all import it.
 * Section references (§) point into shared/research/carriers.md; re-check contractual numbers
 * (holding periods, transit promises) against the carriers' live sites before quoting them in UI copy.
 */
import type { CarrierId } from '@/lib/core/enums';
import { carrierFacts } from './facts';

export type Carrier = CarrierId;

export type CarrierInfo = {
  /** How the carrier names itself to consumers. */
  name: string;
  /** Calendar days a parcel waits at a pickup point or locker before it goes back to the sender (§7.2). */
  holdingDays: number;
  /**
   * Domestic transit time in business days when the carrier gives no ETA (§7.4):
   * `typical` is what usually happens, `max` is the slow end the shop can still promise.
   */
  transitBusinessDays: { typical: number; max: number };
  /** False when the public page has no per-parcel link and the customer must type the number in. */
  deepLink: boolean;
};

/** The facts of lib/carriers/<carrier>/facts.ts, as the pages read them. */
export const carrierCatalog = Object.fromEntries(
  Object.values(carrierFacts).map((f) => [f.id, { name: f.name, holdingDays: f.holdingDays, transitBusinessDays: f.transitBusinessDays, deepLink: f.deepLink }]),
) as Record<Carrier, CarrierInfo>;

/** Every supported carrier, in the order of the database enum. */
export const carriers = Object.keys(carrierCatalog) as Carrier[];

export function isCarrier(value: string): value is Carrier {
  return Object.hasOwn(carrierCatalog, value);
}

export function carrierName(carrier: Carrier): string {
  return carrierCatalog[carrier].name;
}

/**
 * The carrier's public tracking page for a parcel (always https). Where the carrier has no
 * per-parcel link (Matkahuolto, see `deepLink`) this is its tracking page without the number.
 * `locale` only picks the language of carriers whose URL carries one.
 */
export function trackingUrl(carrier: Carrier, trackingNumber: string, options: { locale?: string } = {}): string {
  return carrierFacts[carrier].trackingUrl(trackingNumber, options);
}
