import type { CarrierFacts } from '../carrier';

export const budbeeFacts: CarrierFacts = {
  id: 'budbee',
  name: 'Budbee',
  // §5: no published holding period; the carrier's own `latestPickupDate` wins. 7 is our assumption.
  holdingDays: 7,
  // §7.4: same or next day (unverified).
  transitBusinessDays: { typical: 1, max: 2 },
  deepLink: true,
  // §5: public page by order token.
  trackingUrl: (n) => `https://track.budbee.com/${encodeURIComponent(n.trim())}`,
  // §5: an opaque order token; no documented number format.
  isTrackingNumber: (n) => /^[A-Z0-9]{6,32}$/.test(n),
};
