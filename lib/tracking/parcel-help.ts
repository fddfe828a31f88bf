/**
 * What the customer can do about a parcel in trouble, per problem kind, carrier and destination country:
 * the facts come from research/carriers.md (holding periods §1.4, §2.4, §3.4, §4.4 and §7.2; Posten's
 * customs rule §4.4; the carriers' failed attempt handling §10); the words are in the message catalogs
 * (`firstScreen.help.*`). The carrier's own page is offered only where the customer must act there
 * (customs, a missed delivery); for an address problem, a parcel going back or a damaged or lost one the
 * customer deals with us. Pure data and functions (no database), so the client parcel card uses it.
 *
 * Not in research/carriers.md, so the rows keep the general sentence (no deadline, no procedure) until
 * a carrier-owned source confirms them:
 * - customs: Finnish Customs' (Tulli) declaration for Posti parcels from outside the EU; PostNord's
 *   customs procedure and deadline in SE, DK, NO and FI (only its `stoppedInCustoms` flag is known);
 *   DHL's and Matkahuolto's customs handling; Bring's outside Norway (Posten's 14 days are Norway's rule);
 * - failed attempts: how long PostNord holds parcels in NO and FI, Bring in SE and DK, DHL outside
 *   Sweden and Instabox anywhere; whether any carrier redelivers on request (only Budbee's new time in
 *   its app is documented).
 */
import type { Carrier } from '@/lib/carriers/catalog';
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

/** A row for a carrier in one destination country (`posti:FI`), for a carrier anywhere (`posti`), else `default`. */
type RowKey = Carrier | `${Carrier}:${string}`;
type Table = Record<HelpKind, Partial<Record<RowKey, HelpRow>> & { default: HelpRow }>;

/** A missed delivery where the carrier's holding period in that country is published: it sets the last day. */
const heldFor = (days: number, message = 'failedAttempt', extra?: string): HelpRow => ({ message, extra, action: 'carrier', actWithinDays: days });
/** A missed delivery with no published holding period: the carrier's own message says until when. */
const heldUnknown: HelpRow = { message: 'failedAttemptNoLimit', action: 'carrier', actWithinDays: null };
const customsGeneral: HelpRow = { message: 'customsDefault', action: 'carrier', actWithinDays: null };

/** The table: one row per problem kind, carrier- and country-specific rows where the sources say they differ. */
export const helpTable: Table = {
  customs: {
    // §4.4 [S78]: Posten (Norway) — customs-held items from abroad have 14 days for the documentation, then go back.
    'bring:NO': { message: 'customsBring', action: 'carrier', actWithinDays: 14 },
    // §2.1/§2.2: PostNord flags `stoppedInCustoms` in every country; no published deadline or procedure.
    postnord: { message: 'customsPostnord', action: 'carrier', actWithinDays: null },
    // §1.4 [S60][S61]: Posti keeps parcels arriving from abroad 14 days at the pickup point (not a customs deadline).
    'posti:FI': { ...customsGeneral, extra: 'customsPostiAbroad' },
    default: customsGeneral,
  },
  failed_attempt: {
    // §1.4 [S60][S61]: 7 days after an attempted delivery; the last day is on the arrival notice and in tracking.
    'posti:FI': heldFor(7, 'failedAttemptPosti'),
    // §2.4 [S66][S68]: SE 7 days with a free extension to 14; DK 7 days.
    'postnord:SE': heldFor(7, 'failedAttempt', 'extendPostnord'),
    'postnord:DK': heldFor(7),
    // §4.4 [S78], §10 [S30]: Bring takes the parcel to the nearest pickup point; Posten holds it 7 days, 14 free in the app or by SMS.
    'bring:NO': heldFor(7, 'failedAttemptBring', 'extendPosten'),
    // §3.4 [S73]: 7 days at service points and lockers.
    'matkahuolto:FI': heldFor(7),
    // §7.2 [S67]: 14 days at a DHL service point in Sweden.
    'dhl:SE': heldFor(14),
    // §5 [S40]: the customer picks a new time in Budbee's app or the link in their message.
    budbee: { message: 'failedAttemptBudbee', action: 'carrier', actWithinDays: null },
    default: heldUnknown,
  },
  address_issue: { default: { message: 'addressIssue', action: 'shop', actWithinDays: null } },
  returned_to_sender: { default: { message: 'returnedToSender', action: 'shop', actWithinDays: null } },
  damaged: { default: { message: 'damaged', action: 'claim', actWithinDays: null } },
  lost: { default: { message: 'lost', action: 'claim', actWithinDays: null } },
};

/** The row for this carrier in this country, else for the carrier, else the general one. */
export function helpRow(kind: HelpKind, carrier: Carrier, country: string | null): HelpRow {
  const rows = helpTable[kind];
  return (country ? rows[`${carrier}:${country.toUpperCase()}`] : undefined) ?? rows[carrier] ?? rows.default;
}

export function helpKindOf(status: ShipmentStatus, subStatus: string | null): HelpKind | null {
  if (status === 'failed_attempt') return 'failed_attempt';
  if (status === 'returned_to_sender') return 'returned_to_sender';
  if (status !== 'exception') return null;
  return subStatus === 'customs' || subStatus === 'address_issue' || subStatus === 'damaged' || subStatus === 'lost' ? subStatus : null;
}

export type ParcelHelp = HelpRow & { kind: HelpKind; carrier: Carrier; actBy: string | null };

/**
 * The help for a parcel, or null when nothing is wrong (or the trouble needs nothing from anyone,
 * such as weather), for a parcel going to `destinationCountry` (ISO code). `actBy` is the last day
 * to act, counted from the day of the problem scan (`scanDate`, shop-local), and left out once it has passed.
 */
export function parcelHelp(
  parcel: { carrier: Carrier; status: ShipmentStatus; subStatus: string | null; destinationCountry: string | null },
  scanDate: string | null,
  today: string,
): ParcelHelp | null {
  const kind = helpKindOf(parcel.status, parcel.subStatus);
  if (!kind) return null;
  const row = helpRow(kind, parcel.carrier, parcel.destinationCountry);
  const actBy = row.actWithinDays !== null && scanDate ? addCalendarDays(scanDate, row.actWithinDays) : null;
  return { ...row, kind, carrier: parcel.carrier, actBy: actBy && actBy >= today ? actBy : null };
}
