import type { CarrierFacts } from '../carrier';
import { isValidS10, isValidSscc } from '../number-checks';

export const postnordFacts: CarrierFacts = {
  id: 'postnord',
  name: 'PostNord',
  // §2.4: SE and DK service points 7 days (14 with the free extension); NO/FI unverified, assumed 7.
  holdingDays: 7,
  // §2.6 / §7.4: MyPack Collect next day in SE, 2–6 days across the border; FI→SE is cross-border for us.
  transitBusinessDays: { typical: 2, max: 6 },
  deepLink: true,
  // §2.3: booking responses may carry their own TRACKING url; prefer that when stored.
  trackingUrl: (n) => `https://tracking.postnord.com/en/tracking?id=${encodeURIComponent(n.trim())}`,
  // §2.3: SSCC item ids, S10 items, and the 11-digit + SE item id form (e.g. 84971563697SE).
  isTrackingNumber: (n) => isValidSscc(n) || isValidS10(n, ['SE', 'DK', 'NO', 'FI']) || /^\d{11}(SE|DK|NO|FI)$/.test(n),
};
