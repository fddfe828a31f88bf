/**
 * What the customer can do about a parcel in trouble, per problem kind and carrier: the facts come
 * from research/carriers.md (holding periods §7.2, Posten's customs rule §4.4, the carriers' failed
 * attempt handling §10); the words are in the message catalogs (`firstScreen.help.*`). The carrier's
 * own page is offered only where the customer must act there (customs, a missed delivery); for an
 * address problem, a parcel going back or a damaged or lost one the customer deals with us.
 * Pure data and functions (no database), so the client parcel card uses it.
 */
import { type Carrier, carrierCatalog } from '@/lib/carriers/catalog';
import type { ShipmentStatus } from '@/lib/core/enums';
import { addCalendarDays } from '@/lib/time/holidays';

export type HelpKind = 'customs' | 'failed_attempt' | 'address_issue' | 'returned_to_sender' | 'damaged' | 'lost';

/** Where the customer acts: at the carrier (their page), with us (email), or through the claim form. */
export type HelpAction = 'carrier' | 'shop' | 'claim';

export type HelpRow = {
  /** Message key under `firstScreen.help`. */
  message: string;
  /** An extra carrier-specific sentence (key under `firstScreen.help`), if any. */
  extra?: string;
  action: HelpAction;
  /** Calendar days from the problem scan within which the customer must act, or null (no published limit). */
  actWithinDays: number | null;
};

type Table = Record<HelpKind, Partial<Record<Carrier, HelpRow>> & { default: HelpRow }>;

const collectWithin = (carrier: Carrier) => carrierCatalog[carrier].holdingDays;
const failed = (carrier: Carrier, extra?: string): HelpRow => ({ message: 'failedAttempt', extra, action: 'carrier', actWithinDays: collectWithin(carrier) });

/** The table: one row per problem kind, carrier-specific rows where the carriers differ. */
export const helpTable: Table = {
  customs: {
    // §4.4: Posten/Bring (Norway) — customs-held items from abroad have 14 days for the documentation, then go back.
    bring: { message: 'customsBring', action: 'carrier', actWithinDays: 14 },
    // §2.1/§2.2: PostNord flags `stoppedInCustoms`; no published deadline.
    postnord: { message: 'customsPostnord', action: 'carrier', actWithinDays: null },
    default: { message: 'customsDefault', action: 'carrier', actWithinDays: null },
  },
  failed_attempt: {
    // §1.4: 7 days at the service point after an attempted delivery.
    posti: failed('posti'),
    // §4.4: 7 days, the recipient extends to 14 for free in the Posten app or by SMS.
    bring: failed('bring', 'extendPosten'),
    // §2.4: SE 7 days, free extension to 14.
    postnord: failed('postnord', 'extendPostnord'),
    matkahuolto: failed('matkahuolto'),
    // §5: the customer picks a new time in Budbee's app or the link in their message.
    budbee: { message: 'failedAttemptBudbee', action: 'carrier', actWithinDays: null },
    dhl: failed('dhl'),
    instabox: failed('instabox'),
    default: { message: 'failedAttempt', action: 'carrier', actWithinDays: 7 },
  },
  address_issue: { default: { message: 'addressIssue', action: 'shop', actWithinDays: null } },
  returned_to_sender: { default: { message: 'returnedToSender', action: 'shop', actWithinDays: null } },
  damaged: { default: { message: 'damaged', action: 'claim', actWithinDays: null } },
  lost: { default: { message: 'lost', action: 'claim', actWithinDays: null } },
};

export function helpKindOf(status: ShipmentStatus, subStatus: string | null): HelpKind | null {
  if (status === 'failed_attempt') return 'failed_attempt';
  if (status === 'returned_to_sender') return 'returned_to_sender';
  if (status !== 'exception') return null;
  return subStatus === 'customs' || subStatus === 'address_issue' || subStatus === 'damaged' || subStatus === 'lost' ? subStatus : null;
}

export type ParcelHelp = HelpRow & { kind: HelpKind; carrier: Carrier; days: number; actBy: string | null };

/**
 * The help for a parcel, or null when nothing is wrong (or the trouble needs nothing from anyone,
 * such as weather). `actBy` is the last day to act, counted from the day of the problem scan
 * (`scanDate`, shop-local), and left out once it has passed.
 */
export function parcelHelp(parcel: { carrier: Carrier; status: ShipmentStatus; subStatus: string | null }, scanDate: string | null, today: string): ParcelHelp | null {
  const kind = helpKindOf(parcel.status, parcel.subStatus);
  if (!kind) return null;
  const row = helpTable[kind][parcel.carrier] ?? helpTable[kind].default;
  const actBy = row.actWithinDays !== null && scanDate ? addCalendarDays(scanDate, row.actWithinDays) : null;
  return { ...row, kind, carrier: parcel.carrier, days: row.actWithinDays ?? collectWithin(parcel.carrier), actBy: actBy && actBy >= today ? actBy : null };
}
