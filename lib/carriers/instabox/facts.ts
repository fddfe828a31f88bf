import type { CarrierFacts } from '../carrier';

export const instaboxFacts: CarrierFacts = {
  id: 'instabox',
  name: 'Instabox',
  // carriers.md §5 (Instabox note, [S45]): "up to a week" in the locker (third-party, unverified).
  holdingDays: 7,
  // Next-day locker delivery is the product (LOCKER_EXPRESS); 2 days is our assumption for the slow end.
  transitBusinessDays: { typical: 1, max: 2 },
  deepLink: true,
  // carriers.md §5: tracking base https://track.instabox.io (the per-parcel path is unverified).
  trackingUrl: (n) => `https://track.instabox.io/${encodeURIComponent(n.trim())}`,
  // Instabee's API docs: `parcelId` = the merchant's prefix + digits ("SHOP000000123456", "PREFIX1234567890").
  isTrackingNumber: (n) => /^[A-Z]{2,10}\d{8,14}$/.test(n),
};
