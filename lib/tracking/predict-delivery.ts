// C4 — owner: carriers.
/**
 * Predicted delivery date: transit times learned from the shop's own delivered parcels, in business days
 * (the shop country's public holidays, lib/time/holidays.ts), per carrier + service + destination postal
 * area (country + first two digits), falling back to carrier + service, then carrier, then the carrier's
 * published standard (lib/carriers/catalog.ts). The statistic is the median with at least
 * MIN_SAMPLES parcels per group. The learned table is built once and cached, so a prediction is a map lookup.
 * No `server-only`: the worker and the benchmark use it too.
 */
import { and, eq, isNotNull, isNull, lt, notInArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orders, shipments } from '@/db/schema';
import { carrierCatalog } from '@/lib/carriers/catalog';
import { addBusinessDays, businessDaysBetween, type HolidayCountry, toHolidayCountry } from '@/lib/time/holidays';
import { dateIn } from '@/lib/time/zoned';
import { DEFAULT_SHOP_TIME_ZONE } from '@/lib/time/today';
import type { CarrierId } from './ingest-events';
import { readShopSettings } from '@/lib/settings/shop-settings';

export const MIN_SAMPLES = 5;
const CACHE_MS = 15 * 60_000;

export type TransitModel = {
  holidayCountry: HolidayCountry;
  timeZone: string;
  /** group key → median transit in business days. */
  medians: Map<string, number>;
  samples: number;
};

export type PredictInput = { carrier: CarrierId; service?: string | null; postalCode: string; country: string; shippedAt: Date };

export function postalArea(country: string, postalCode: string): string {
  const digits = postalCode.replace(/\D/g, '');
  return `${country.toUpperCase()}-${digits.slice(0, 2) || '??'}`;
}

/** Most specific first. */
function groupKeys(carrier: string, service: string | null | undefined, country: string, postalCode: string): string[] {
  const s = (service ?? '').trim().toLowerCase();
  return [`${carrier}|${s}|${postalArea(country, postalCode)}`, `${carrier}|${s}`, `${carrier}`];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // Lower median: on a tie between two days, promising the earlier one is right as often and never later than the data.
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]!;
}

export type HistoryRow = { carrier: string; service: string | null; postalCode: string; country: string; shippedAt: Date; deliveredAt: Date };

/** Builds the learned table from delivered parcels (pure; the benchmark trains on a time-cut subset). */
export function buildTransitModel(history: HistoryRow[], options: { holidayCountry: HolidayCountry; timeZone: string }): TransitModel {
  const groups = new Map<string, number[]>();
  for (const row of history) {
    const days = businessDaysBetween(dateIn(row.shippedAt, options.timeZone), dateIn(row.deliveredAt, options.timeZone), options.holidayCountry);
    for (const key of groupKeys(row.carrier, row.service, row.country, row.postalCode)) {
      const list = groups.get(key);
      if (list) list.push(days);
      else groups.set(key, [days]);
    }
  }
  const medians = new Map<string, number>();
  for (const [key, values] of groups) if (values.length >= MIN_SAMPLES) medians.set(key, median(values));
  return { ...options, medians, samples: history.length };
}

/** The carrier's published typical transit time (no learning). */
export function fallbackDays(carrier: CarrierId): number {
  return carrierCatalog[carrier].transitBusinessDays.typical;
}

export function predictWithModel(model: TransitModel | null, input: PredictInput, options: { fallbackOnly?: boolean } = {}): string {
  const shipDate = dateIn(input.shippedAt, model?.timeZone ?? DEFAULT_SHOP_TIME_ZONE);
  let days: number | undefined;
  if (model && !options.fallbackOnly) {
    for (const key of groupKeys(input.carrier, input.service, input.country, input.postalCode)) {
      days = model.medians.get(key);
      if (days !== undefined) break;
    }
  }
  return addBusinessDays(shipDate, days ?? fallbackDays(input.carrier), model?.holidayCountry ?? 'FI');
}

async function shopCalendar(db: DbOrTx): Promise<{ holidayCountry: HolidayCountry; timeZone: string }> {
  const shop = await readShopSettings(db);
  return { holidayCountry: toHolidayCountry(shop.country), timeZone: shop.timeZone };
}

/** The shop's delivered outbound parcels (optionally only those delivered before `before`). */
export async function loadHistory(db: DbOrTx, options: { before?: Date } = {}): Promise<HistoryRow[]> {
  const conditions = [eq(shipments.direction, 'outbound'), eq(shipments.status, 'delivered'), isNotNull(shipments.shippedAt), isNotNull(shipments.deliveredAt)];
  if (options.before) conditions.push(lt(shipments.deliveredAt, options.before));
  const rows = await db
    .select({ carrier: shipments.carrier, service: shipments.service, postalCode: orders.shippingPostalCode, country: orders.shippingCountry, shippedAt: shipments.shippedAt, deliveredAt: shipments.deliveredAt })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(and(...conditions));
  return rows.map((r) => ({ ...r, postalCode: r.postalCode ?? '', country: r.country ?? 'FI', shippedAt: r.shippedAt!, deliveredAt: r.deliveredAt! }));
}

export async function learnTransitModel(db: DbOrTx, options: { before?: Date } = {}): Promise<TransitModel> {
  const [calendar, history] = await Promise.all([shopCalendar(db), loadHistory(db, options)]);
  return buildTransitModel(history, calendar);
}

let cached: { model: TransitModel; until: number } | undefined;

/** Drops the cached table (after bulk imports; tests). */
export function forgetTransitModel(): void {
  cached = undefined;
}

export async function predictDeliveryDate(db: DbOrTx, input: { carrier: CarrierId; service?: string | null; postalCode: string; country: string; shippedAt: Date }): Promise<string | null> {
  if (Number.isNaN(input.shippedAt.getTime())) return null;
  if (!cached || cached.until < Date.now()) cached = { model: await learnTransitModel(db), until: Date.now() + CACHE_MS };
  return predictWithModel(cached.model, input);
}

/** Fills predicted_date for shipped, undelivered outbound parcels that have none (worker job). Returns the count. */
export async function refreshPredictedDates(db: DbOrTx, options: { recomputeAll?: boolean } = {}): Promise<number> {
  const model = await learnTransitModel(db);
  cached = { model, until: Date.now() + CACHE_MS };
  const conditions = [eq(shipments.direction, 'outbound'), isNotNull(shipments.shippedAt), notInArray(shipments.status, ['delivered', 'returned_to_sender', 'canceled'])];
  if (!options.recomputeAll) conditions.push(isNull(shipments.predictedDate));
  const rows = await db
    .select({ id: shipments.id, carrier: shipments.carrier, service: shipments.service, shippedAt: shipments.shippedAt, postalCode: orders.shippingPostalCode, country: orders.shippingCountry })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(and(...conditions));
  for (const r of rows) {
    const predicted = predictWithModel(model, { carrier: r.carrier, service: r.service, postalCode: r.postalCode ?? '', country: r.country ?? 'FI', shippedAt: r.shippedAt! });
    await db.update(shipments).set({ predictedDate: predicted }).where(eq(shipments.id, r.id));
  }
  return rows.length;
}
