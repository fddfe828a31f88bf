/**
 * "Promise kept" per carrier (issue #18), for the shop's public delivery page: of the outbound parcels a
 * carrier delivered in the last calendar month (the shop's local dates) that had an estimate when they
 * were sent, how many arrived on or before the last day of that FIRST estimate (`shipments.first_estimate_by`,
 * set once when the first prediction is made and never moved), and the median transit in business days.
 * Never computed from hindsight: later re-predictions do not change the figure. Carriers with fewer than
 * PROMISE_MIN_PARCELS such parcels are left out.
 */
import { and, eq, gte, isNotNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { shipments } from '@/db/schema';
import type { Carrier } from '@/lib/carriers/catalog';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { addCalendarDays, businessDaysBetween, type HolidayCountry, toHolidayCountry } from '@/lib/time/holidays';
import { todayIn } from '@/lib/time/today';
import { dateIn, localToInstant } from '@/lib/time/zoned';
import { lowerMedian } from './transit-window';

export const PROMISE_MIN_PARCELS = 20;
const CACHE_MS = 10 * 60_000;

export type PromiseKeptRow = { carrier: Carrier; shippedAt: Date; deliveredAt: Date; firstEstimateBy: string };
export type CarrierPromise = { carrier: Carrier; parcels: number; kept: number; medianDays: number };
/** What the delivery page shows: the month ('YYYY-MM') and the carriers with enough parcels, most parcels first. */
export type PromiseKeptDto = { month: string; minParcels: number; carriers: CarrierPromise[] };

/** The calendar month before the one `today` ('YYYY-MM-DD') is in: its first day and the first day of the next. */
export function lastCalendarMonth(today: string): { month: string; from: string; until: string } {
  const until = `${today.slice(0, 7)}-01`;
  const from = `${addCalendarDays(until, -1).slice(0, 7)}-01`;
  return { month: from.slice(0, 7), from, until };
}

/** Pure: the per-carrier figures from delivered parcels with their first estimate. */
export function promiseKeptByCarrier(
  rows: PromiseKeptRow[],
  calendar: { timeZone: string; holidayCountry: HolidayCountry },
  minParcels = PROMISE_MIN_PARCELS,
): CarrierPromise[] {
  const byCarrier = new Map<Carrier, { kept: number; days: number[] }>();
  for (const row of rows) {
    const delivered = dateIn(row.deliveredAt, calendar.timeZone);
    const entry = byCarrier.get(row.carrier) ?? { kept: 0, days: [] };
    if (delivered <= row.firstEstimateBy) entry.kept += 1;
    entry.days.push(businessDaysBetween(dateIn(row.shippedAt, calendar.timeZone), delivered, calendar.holidayCountry));
    byCarrier.set(row.carrier, entry);
  }
  return [...byCarrier]
    .filter(([, e]) => e.days.length >= minParcels)
    .map(([carrier, e]) => ({ carrier, parcels: e.days.length, kept: e.kept, medianDays: lowerMedian(e.days) }))
    .sort((a, b) => b.parcels - a.parcels || a.carrier.localeCompare(b.carrier));
}

/** Reads last month's figures (one query through shipments_promise_kept_idx, plus the shop's settings). */
export async function loadPromiseKept(db: DbOrTx, options: { today?: string } = {}): Promise<PromiseKeptDto> {
  const shop = await readShopSettings(db);
  const timeZone = shop.timeZone;
  const { month, from, until } = lastCalendarMonth(options.today ?? todayIn(timeZone));
  const rows = await db
    .select({ carrier: shipments.carrier, shippedAt: shipments.shippedAt, deliveredAt: shipments.deliveredAt, firstEstimateBy: shipments.firstEstimateBy })
    .from(shipments)
    .where(
      and(
        isNotNull(shipments.firstEstimateBy),
        gte(shipments.deliveredAt, localToInstant(`${from}T00:00`, timeZone)!),
        lt(shipments.deliveredAt, localToInstant(`${until}T00:00`, timeZone)!),
        eq(shipments.direction, 'outbound'),
        eq(shipments.status, 'delivered'),
        isNotNull(shipments.shippedAt),
      ),
    );
  const carriers = promiseKeptByCarrier(
    rows.map((r) => ({ carrier: r.carrier, shippedAt: r.shippedAt!, deliveredAt: r.deliveredAt!, firstEstimateBy: r.firstEstimateBy! })),
    { timeZone, holidayCountry: toHolidayCountry(shop.country) },
  );
  return { month, minParcels: PROMISE_MIN_PARCELS, carriers };
}

let cached: { dto: PromiseKeptDto; until: number } | undefined;

/**
 * The public page's read: last month's figures do not change within the month, so they are kept for
 * 10 minutes (an anonymous page must not cost a scan per request).
 */
export async function getPromiseKept(db: DbOrTx): Promise<PromiseKeptDto> {
  if (!cached || cached.until <= Date.now()) cached = { dto: await loadPromiseKept(db), until: Date.now() + CACHE_MS };
  return cached.dto;
}
