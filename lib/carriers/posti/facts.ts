import type { CarrierFacts } from '../carrier';
import { isValidS10 } from '../number-checks';

export const postiFacts: CarrierFacts = {
  id: 'posti',
  name: 'Posti',
  // §1.4: 7 days at service points and lockers (14 with paid extension or from abroad).
  holdingDays: 7,
  // §1.6 / §7.4: Postipaketti next business day as a rule, at the latest the 3rd.
  transitBusinessDays: { typical: 1, max: 3 },
  deepLink: true,
  // §1.3: the legacy `/fi/seuranta#/lahetys/{code}` redirects here.
  trackingUrl: (n) => `https://www.posti.fi/seuranta/${encodeURIComponent(n.trim())}`,
  // §1.3: JJFI + digits (21 chars seen; 12–21 accepted by Posti's own APIs), or S10 from Finland.
  isTrackingNumber: (n) => /^JJFI\d{9,17}$/.test(n) || isValidS10(n, ['FI']),
};
