import type { CarrierFacts } from '../carrier';
import { isDhlExpress } from '../number-checks';

/** Locales the DHL site is addressed with (§6: `{cc}-{lang}`, e.g. `fi-en`, `se-sv`, `no-en`). */
const dhlSites: Partial<Record<string, string>> = { sv: 'se-sv', nb: 'no-en' };

export const dhlFacts: CarrierFacts = {
  id: 'dhl',
  name: 'DHL',
  // §6 / §7.2: DHL service points in SE keep parcels 14 days (merchant FAQ); elsewhere unverified.
  holdingDays: 14,
  // Not in §7.4: DHL Express domestic is next day; 4 is a conservative promise (unverified).
  transitBusinessDays: { typical: 1, max: 4 },
  deepLink: true,
  // §6: the site segment is `{country}-{language}`; Finnish shop, so Finland in English by default.
  trackingUrl: (n, options = {}) => {
    const site = dhlSites[options.locale ?? ''] ?? 'fi-en';
    return `https://www.dhl.com/${site}/home/tracking/tracking-parcel.html?submit=1&tracking-id=${encodeURIComponent(n.trim())}`;
  },
  // §7.5: Express 10 digits (mod 7), eCommerce JJD/JVGL/GM and 00340 + 15 digits (heuristics).
  isTrackingNumber: (n) => isDhlExpress(n) || /^(JJD|JVGL)[A-Z0-9]{8,30}$/.test(n) || /^00340\d{15}$/.test(n) || /^GM\d{16,20}$/.test(n),
};
