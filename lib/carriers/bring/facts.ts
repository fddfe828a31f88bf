import type { CarrierFacts } from '../carrier';
import { isValidGsin, isValidS10, isValidSscc } from '../number-checks';

export const bringFacts: CarrierFacts = {
  id: 'bring',
  name: 'Bring',
  // §4.4: Posten/Bring NO pickup points 7 days (recipient can extend to 14 for free). The parcel's own
  // `dateOfReturn` (Tracking API) wins over this.
  holdingDays: 7,
  // §4.6 / §7.4: Norgespakke 2–5 days; business services should use the Shipping Guide ETA.
  transitBusinessDays: { typical: 2, max: 5 },
  deepLink: true,
  // §4.3: Posten's consumer page tracks Bring parcels; the tracking.bring.com deep-link path is unverified.
  trackingUrl: (n) => `https://sporing.posten.no/sporing/${encodeURIComponent(n.trim())}`,
  // §4.3: SSCC package ids, 17-digit GS1 shipment numbers, S10 for abroad (…NO).
  isTrackingNumber: (n) => isValidSscc(n) || isValidGsin(n) || isValidS10(n, ['NO', 'SE', 'DK']),
};
