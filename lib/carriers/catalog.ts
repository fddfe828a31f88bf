/**
 * Static facts about the carriers Paluu supports: display names, public tracking pages,
 * pickup holding periods and fallback transit times. Pure data (no database, no server-only),
 * so customer pages, the staff desk, the delay sweep and the seed can all import it.
 * Section references (§) point into shared/research/carriers.md; re-check contractual numbers
 * (holding periods, transit promises) against the carriers' live sites before quoting them in UI copy.
 */
import type { carrierEnum } from '../../db/schema/enums';

export type Carrier = (typeof carrierEnum.enumValues)[number];

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

export const carrierCatalog = {
  posti: {
    name: 'Posti',
    // §1.4: 7 days at service points and lockers (14 with paid extension or from abroad).
    holdingDays: 7,
    // §1.6 / §7.4: Postipaketti next business day as a rule, at the latest the 3rd.
    transitBusinessDays: { typical: 1, max: 3 },
    deepLink: true,
  },
  postnord: {
    name: 'PostNord',
    // §2.4: SE and DK service points 7 days (14 with the free extension); NO/FI unverified, assumed 7.
    holdingDays: 7,
    // §2.6 / §7.4: MyPack Collect next day in SE, 2–6 days across the border; FI→SE is cross-border for us.
    transitBusinessDays: { typical: 2, max: 6 },
    deepLink: true,
  },
  matkahuolto: {
    name: 'Matkahuolto',
    // §3.4: 7 days at service points and lockers (merchant FAQ, semi-verified).
    holdingDays: 7,
    // §3.6 / §7.4: Lähellä-paketti within 1–3 business days.
    transitBusinessDays: { typical: 2, max: 3 },
    // §3.3: the web tracker has no documented per-parcel deep-link parameter.
    deepLink: false,
  },
  bring: {
    name: 'Bring',
    // §4.4: Posten/Bring NO pickup points 7 days (recipient can extend to 14 for free).
    holdingDays: 7,
    // §4.6 / §7.4: Norgespakke 2–5 days; business services should use the Shipping Guide ETA.
    transitBusinessDays: { typical: 2, max: 5 },
    deepLink: true,
  },
  budbee: {
    name: 'Budbee',
    // §5: no published holding period; the carrier's own `latestPickupDate` wins. 7 is our assumption.
    holdingDays: 7,
    // §7.4: same or next day (unverified).
    transitBusinessDays: { typical: 1, max: 2 },
    deepLink: true,
  },
  dhl: {
    name: 'DHL',
    // §6 / §7.2: DHL service points in SE keep parcels 14 days (merchant FAQ); elsewhere unverified.
    holdingDays: 14,
    // Not in §7.4: DHL Express domestic is next day; 4 is a conservative promise (unverified).
    transitBusinessDays: { typical: 1, max: 4 },
    deepLink: true,
  },
} as const satisfies Record<Carrier, CarrierInfo>;

/** Every supported carrier, in the order of the database enum. */
export const carriers = Object.keys(carrierCatalog) as Carrier[];

export function isCarrier(value: string): value is Carrier {
  return Object.hasOwn(carrierCatalog, value);
}

export function carrierName(carrier: Carrier): string {
  return carrierCatalog[carrier].name;
}

/** Locales the DHL site is addressed with (§6: `{cc}-{lang}`, e.g. `fi-en`, `se-sv`, `no-en`). */
const dhlSites: Partial<Record<string, string>> = { sv: 'se-sv', nb: 'no-en' };

/**
 * The carrier's public tracking page for a parcel (always https). Where the carrier has no
 * per-parcel link (Matkahuolto, see `deepLink`) this is its tracking page without the number.
 * `locale` only picks the language of carriers whose URL carries one.
 */
export function trackingUrl(carrier: Carrier, trackingNumber: string, options: { locale?: string } = {}): string {
  const id = encodeURIComponent(trackingNumber.trim());
  switch (carrier) {
    case 'posti':
      // §1.3: the legacy `/fi/seuranta#/lahetys/{code}` redirects here.
      return `https://www.posti.fi/seuranta/${id}`;
    case 'postnord':
      // §2.3: booking responses may carry their own TRACKING url; prefer that when stored.
      return `https://tracking.postnord.com/en/tracking?id=${id}`;
    case 'matkahuolto':
      // §3.3: no per-parcel deep link.
      return 'https://www.matkahuolto.fi/seuranta';
    case 'bring':
      // §4.3: Posten's consumer page tracks Bring parcels; the tracking.bring.com deep-link path is unverified.
      return `https://sporing.posten.no/sporing/${id}`;
    case 'budbee':
      // §5: public page by order token.
      return `https://track.budbee.com/${id}`;
    case 'dhl': {
      // §6: the site segment is `{country}-{language}`; Finnish shop, so Finland in English by default.
      const site = dhlSites[options.locale ?? ''] ?? 'fi-en';
      return `https://www.dhl.com/${site}/home/tracking/tracking-parcel.html?submit=1&tracking-id=${id}`;
    }
  }
}
