/**
 * Pure delay rules: when each incident kind holds for a parcel (or an order without a parcel), the cut-off
 * instants/dates the SQL sweep compares against (computed here from the same holiday calendar, so the sweep
 * and these rules give the same answers), and the remedies a notice offers.
 * No database, no server-only.
 */
import { carrierCatalog, type Carrier } from '@/lib/carriers/catalog';
import type { ShipmentStatus } from '@/lib/core/enums';
import { type BusinessCalendar, businessSecondsBetween, localDate, zonedTime } from '@/lib/sla/calendar';
import { addCalendarDays, businessDaysBetween, type HolidayCountry } from '@/lib/time/holidays';
import { DELAY_KINDS, type DelayKind, type DelaySettings, type Remedy, thresholdFor } from './settings';

export type { ShipmentStatus };

/** What the rules read of an outbound parcel. */
export type ParcelFacts = {
  carrier: Carrier;
  status: ShipmentStatus;
  subStatus?: string | null;
  createdAt: Date;
  shippedAt?: Date | null;
  firstScanAt?: Date | null;
  lastEventAt?: Date | null;
  promisedDate?: string | null;
  carrierEta?: string | null;
  predictedDate?: string | null;
  pickupDeadline?: string | null;
};

/** What the rules read of an order (dispatch_late). */
export type OrderFacts = { placedAt: Date; canceled: boolean; hasOutboundShipment: boolean };

/** The clock and calendar of a sweep: the shop's time zone, its holiday country and opening hours. */
export type SweepClock = { now: Date; calendar: BusinessCalendar };

const IN_TRANSIT: ReadonlySet<ShipmentStatus> = new Set(['in_transit', 'out_for_delivery']);
/** Statuses where the parcel has arrived or left the flow: no ETA breach. */
const ARRIVED_OR_DONE: ReadonlySet<ShipmentStatus> = new Set(['delivered', 'returned_to_sender', 'canceled', 'available_for_pickup']);
/** dispatch_late looks at orders placed within this many calendar days (older ones are not "late", they are data). */
export const DISPATCH_LOOKBACK_DAYS = 30;

export function today(clock: SweepClock): string {
  return localDate(clock.now, clock.calendar.timeZone);
}

/** The date that counts for an ETA: the shop's promise first (what the customer was told), then the carrier's, then ours. */
export function dueDate(p: Pick<ParcelFacts, 'promisedDate' | 'carrierEta' | 'predictedDate'>): string | null {
  return p.promisedDate ?? p.carrierEta ?? p.predictedDate ?? null;
}

/** Last collection day: the carrier's, else the last scan's date plus the carrier's holding period. */
export function pickupLastDay(p: ParcelFacts, timeZone: string): string | null {
  if (p.pickupDeadline) return p.pickupDeadline;
  if (!p.lastEventAt) return null;
  return addCalendarDays(localDate(p.lastEventAt, timeZone), carrierCatalog[p.carrier].holdingDays);
}

/** The incident kinds that hold for an outbound parcel now (the rule table; the SQL sweep implements the same). */
export function parcelDelayKinds(p: ParcelFacts, settings: DelaySettings, clock: SweepClock): DelayKind[] {
  const tz = clock.calendar.timeZone;
  const country = clock.calendar.country;
  const day = today(clock);
  const n = (kind: DelayKind) => thresholdFor(settings, kind, p.carrier);
  const daysSince = (at: Date) => businessDaysBetween(localDate(at, tz), day, country);
  const kinds: DelayKind[] = [];
  if (p.status === 'info_received' && !p.firstScanAt && daysSince(p.shippedAt ?? p.createdAt) >= n('no_first_scan')) kinds.push('no_first_scan');
  if (IN_TRANSIT.has(p.status) && p.firstScanAt && p.lastEventAt && daysSince(p.lastEventAt) >= n('stalled_in_transit')) kinds.push('stalled_in_transit');
  const due = dueDate(p);
  if (!ARRIVED_OR_DONE.has(p.status) && due && due < day && businessDaysBetween(due, day, country) >= n('eta_breached')) kinds.push('eta_breached');
  if (p.status === 'exception' && daysSince(p.lastEventAt ?? p.createdAt) >= n('carrier_exception')) kinds.push('carrier_exception');
  if (p.status === 'failed_attempt' && daysSince(p.lastEventAt ?? p.createdAt) >= n('failed_attempt')) kinds.push('failed_attempt');
  if (p.status === 'available_for_pickup') {
    const last = pickupLastDay(p, tz);
    if (last && last <= addCalendarDays(day, n('pickup_expiring'))) kinds.push('pickup_expiring');
  }
  return kinds;
}

/** dispatch_late for an order: placed N business hours ago (shop opening hours, holidays) and still no parcel. */
export function orderIsDispatchLate(o: OrderFacts, settings: DelaySettings, clock: SweepClock): boolean {
  if (o.canceled || o.hasOutboundShipment) return false;
  if (o.placedAt.getTime() < clock.now.getTime() - DISPATCH_LOOKBACK_DAYS * 86_400_000) return false;
  return businessSecondsBetween(o.placedAt, clock.now, clock.calendar) >= thresholdFor(settings, 'dispatch_late', null) * 3600;
}

/** The latest date D ≤ today with businessDaysBetween(D, today) ≥ n: "since" dates on or before it qualify. */
export function businessDayCutoff(day: string, n: number, country: HolidayCountry): string {
  let d = day;
  for (let i = 0; i < 800 && businessDaysBetween(d, day, country) < n; i++) d = addCalendarDays(d, -1);
  return d;
}

/** The latest instant T with businessSecondsBetween(T, now) ≥ seconds (orders placed at or before T are late). */
export function businessHoursCutoff(now: Date, hours: number, calendar: BusinessCalendar): Date {
  const target = hours * 3600;
  let lo = Math.floor(now.getTime() / 1000) - (DISPATCH_LOOKBACK_DAYS + 5) * 86_400; // qualifies or is out of range anyway
  let hi = Math.floor(now.getTime() / 1000);
  if (businessSecondsBetween(new Date(hi * 1000), now, calendar) >= target) return new Date(hi * 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessSecondsBetween(new Date(mid * 1000), now, calendar) >= target) lo = mid;
    else hi = mid;
  }
  return new Date(lo * 1000);
}

/** One row per carrier and kind for the SQL sweep: the instant / date a parcel's "since" must not pass. */
export type SweepCutoff = {
  carrier: Carrier;
  kind: Exclude<DelayKind, 'dispatch_late'>;
  /** since-instant < cutoffAt qualifies (no_first_scan, stalled, exception, failed attempt). */
  cutoffAt: string;
  /** due date ≤ cutoffDate qualifies (eta_breached); last collection day ≤ cutoffDate (pickup_expiring). */
  cutoffDate: string;
  holdingDays: number;
};

/** The whole sweep's parameters: per carrier × kind cut-offs and the dispatch_late window. */
export function sweepCutoffs(settings: DelaySettings, clock: SweepClock): { rows: SweepCutoff[]; dispatchCutoff: Date; dispatchFrom: Date } {
  const { timeZone, country } = clock.calendar;
  const day = today(clock);
  const rows: SweepCutoff[] = [];
  for (const carrier of Object.keys(carrierCatalog) as Carrier[]) {
    for (const kind of DELAY_KINDS) {
      if (kind === 'dispatch_late') continue;
      const n = thresholdFor(settings, kind, carrier);
      const sinceCutoff = businessDayCutoff(day, n, country);
      // A "since" instant qualifies when its local date ≤ sinceCutoff, i.e. it is before the next local midnight.
      const cutoffAt = zonedTime(addCalendarDays(sinceCutoff, 1), '00:00', timeZone).toISOString();
      let cutoffDate = sinceCutoff;
      if (kind === 'eta_breached') cutoffDate = sinceCutoff < day ? sinceCutoff : addCalendarDays(day, -1);
      if (kind === 'pickup_expiring') cutoffDate = addCalendarDays(day, n);
      rows.push({ carrier, kind, cutoffAt, cutoffDate, holdingDays: carrierCatalog[carrier].holdingDays });
    }
  }
  return {
    rows,
    dispatchCutoff: businessHoursCutoff(clock.now, thresholdFor(settings, 'dispatch_late', null), clock.calendar),
    dispatchFrom: new Date(clock.now.getTime() - DISPATCH_LOOKBACK_DAYS * 86_400_000),
  };
}

/** Kinds where the law lets the customer cancel a late delivery once the reasonable extra period (the threshold) has passed. */
const LATE_DELIVERY: ReadonlySet<DelayKind> = new Set(['dispatch_late', 'no_first_scan', 'stalled_in_transit', 'eta_breached']);

export type RemedyFacts = {
  kind: DelayKind;
  /** The carrier says the parcel is lost (exception sub-status `lost`). */
  lost: boolean;
  /** Business days since the parcel's last scan (or since the label, without any scan); null when unknown. */
  businessDaysWithoutScan: number | null;
};

/**
 * The remedies a notice offers: what the shop allows for the kind plus the legal minimum (KSL ch. 5:
 * cancellation of a late delivery after a reasonable extra period; a replacement when the parcel is lost or has
 * had no scan for replacementAfterBusinessDays). Keep waiting is always one of the choices when any is offered.
 */
export function remediesFor(facts: RemedyFacts, settings: DelaySettings): Remedy[] {
  const offered = new Set<Remedy>(settings.remedies[facts.kind]);
  if (LATE_DELIVERY.has(facts.kind) || facts.lost) offered.add('cancel_refund');
  const scanless = (facts.kind === 'stalled_in_transit' || facts.kind === 'no_first_scan') && (facts.businessDaysWithoutScan ?? 0) >= settings.replacementAfterBusinessDays;
  if (facts.lost || scanless) offered.add('replacement');
  if (facts.lost) {
    // A lost parcel will not arrive: waiting (with or without a discount) is no choice.
    offered.delete('keep_waiting');
    offered.delete('keep_waiting_with_discount');
  } else if (offered.size > 0) offered.add('keep_waiting');
  const order: Remedy[] = ['keep_waiting', 'keep_waiting_with_discount', 'replacement', 'cancel_refund'];
  return order.filter((r) => offered.has(r));
}

/** A remedy link works this long after its notice: long enough for a holiday, short enough to not linger. */
export const REMEDY_LINK_DAYS = 30;

export function remedyLinkExpired(createdAt: Date, now = new Date()): boolean {
  return now.getTime() - createdAt.getTime() > REMEDY_LINK_DAYS * 86_400_000;
}

/** What the customer sees after choosing, by compensation status. */
export type RemedyOutcome = 'none' | 'issued' | 'approved' | 'pending_approval';
