import type { CarrierFacts } from '../carrier';

export const matkahuoltoFacts: CarrierFacts = {
  id: 'matkahuolto',
  name: 'Matkahuolto',
  // §3.4: 7 days at service points and lockers (merchant FAQ, semi-verified).
  holdingDays: 7,
  // §3.6 / §7.4: Lähellä-paketti within 1–3 business days.
  transitBusinessDays: { typical: 2, max: 3 },
  // §3.3: the web tracker has no documented per-parcel deep-link parameter.
  deepLink: false,
  trackingUrl: () => 'https://www.matkahuolto.fi/seuranta',
  // §3.3: MH + 9 digits + FI (S10-shaped), package ids MA + 19 digits.
  isTrackingNumber: (n) => /^MH\d{9}FI$/.test(n) || /^MA\d{19}$/.test(n),
};
