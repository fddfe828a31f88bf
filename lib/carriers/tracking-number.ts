/**
 * Tracking-number shapes per carrier (carriers.md §7.5, §8.3; the patterns are in
 * lib/carriers/<carrier>/facts.ts). Check digits are verified where the format has one (UPU S10 mod 11, GS1 SSCC mod 10, DHL Express mod 7), so a typo is caught at the door.
 * Never guess the carrier from an SSCC alone: PostNord and Bring share the format (§7.5).
 */
import type { CarrierId } from '@/lib/core/enums';
import { carrierFacts } from './facts';

/** Upper-case, without spaces, dashes or the printed `(00)` brackets. */
export function normalizeTrackingNumber(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s\-()]/g, '');
}

export { isValidS10, isValidSscc } from './number-checks';

/** The normalized number when it fits the carrier's format, else null. */
export function checkTrackingNumber(carrier: CarrierId, raw: string): string | null {
  const normalized = normalizeTrackingNumber(raw);
  return normalized.length > 0 && normalized.length <= 64 && carrierFacts[carrier].isTrackingNumber(normalized) ? normalized : null;
}

export function isValidTrackingNumber(carrier: CarrierId, raw: string): boolean {
  return checkTrackingNumber(carrier, raw) !== null;
}
