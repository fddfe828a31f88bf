// C4 — owner: carriers.
/**
 * Predicted delivery date: transit times learned from the shop's own delivered parcels, in business days
 * (the shop country's public holidays, lib/time/holidays.ts), per carrier + service + destination postal
 * area (country + first two digits), falling back to carrier + service, then carrier, then the carrier's
 * published standard (lib/carriers/catalog.ts). The statistic is the median with at least
 * MIN_SAMPLES parcels per group, and beside it the group's window and how sure it is
 * (lib/tracking/transit-window.ts; a confidence claim only from CONFIDENCE_MIN_SAMPLES parcels).
 * The learned table is built once and cached, so a prediction is a map lookup.
 * No `server-only`: the worker and the benchmark use it too.
 */
import { and, eq, isNotNull, isNull, lt, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { orders, shipments } from '@/db/schema';
import { carrierCatalog } from '@/lib/carriers/catalog';
import { addBusinessDays, businessDaysBetween, type HolidayCountry, toHolidayCountry } from '@/lib/time/holidays';
import { dateIn } from '@/lib/time/zoned';
import { DEFAULT_SHOP_TIME_ZONE } from '@/lib/time/today';
import type { CarrierId } from './ingest-events';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { type GroupStats, groupEstimate, learnGroups, MAX_WINDOW_SPAN, pickGroup } from './transit-window';

const CACHE_MS = 15 * 60_000;

export type TransitModel = {
  holidayCountry: HolidayCountry;
  timeZone: string;
  /** group key → the group's median and window in business days after shipping, with its hits and sample size. */
  groups: Map<string, GroupStats>;
  samples: number;
};

/** Which group an estimate came from: the postal area, the delivery method, the carrier, or the carrier's published standard. */
export type EstimateBasis = 'route' | 'service' | 'carrier' | 'standard';

/**
 * An estimate as the customer sees it: the date (the median), the window around it (local dates) and,
 * only for a group of at least CONFIDENCE_MIN_SAMPLES parcels, how many of that group arrived inside
 * such a window (hits of samples); otherwise hits and samples are null and nothing is claimed.
 */
export type DeliveryPrediction = { date: string; from: string; to: string; hits: number | null; samples: number | null; basis: EstimateBasis };

export type PredictInput = { carrier: CarrierId; service?: string | null; postalCode: string; country: string; shippedAt: Date };

export type HistoryRow = { carrier: string; service: string | null; postalCode: string; country: string; shippedAt: Date; deliveredAt: Date };

/** Builds the learned table from delivered parcels (pure; the benchmark trains on a time-cut subset). */
export function buildTransitModel(history: HistoryRow[], options: { holidayCountry: HolidayCountry; timeZone: string }): TransitModel {
  const groups = learnGroups(
    history.map((row) => ({ ...row, days: businessDaysBetween(dateIn(row.shippedAt, options.timeZone), dateIn(row.deliveredAt, options.timeZone), options.holidayCountry) })),
  );
  return { ...options, groups, samples: history.length };
}

export function predictWithModel(model: TransitModel | null, input: PredictInput, options: { fallbackOnly?: boolean } = {}): string {
  return predictEstimate(model, input, options).date;
}

/**
 * The date, its window and (from CONFIDENCE_MIN_SAMPLES parcels) its confidence, from the most specific
 * group with at least MIN_SAMPLES parcels; without one, the carrier's published typical..max transit
 * (at most MAX_WINDOW_SPAN apart) and no confidence claim.
 */
export function predictEstimate(model: TransitModel | null, input: PredictInput, options: { fallbackOnly?: boolean } = {}): DeliveryPrediction {
  const shipDate = dateIn(input.shippedAt, model?.timeZone ?? DEFAULT_SHOP_TIME_ZONE);
  const country = model?.holidayCountry ?? 'FI';
  const at = (days: number) => addBusinessDays(shipDate, days, country);
  const group = model && !options.fallbackOnly ? pickGroup(model.groups, input.carrier, input.service, input.country, input.postalCode) : null;
  if (group) return groupEstimate(group, at);
  const { typical, max } = carrierCatalog[input.carrier].transitBusinessDays;
  return { date: at(typical), from: at(typical), to: at(Math.min(Math.max(max, typical), typical + MAX_WINDOW_SPAN)), hits: null, samples: null, basis: 'standard' };
}

/** The columns a prediction fills on a shipment; the first estimate (what was promised when shipped) is set once, elsewhere. */
export function predictionColumns(p: DeliveryPrediction) {
  return { predictedDate: p.date, predictedFrom: p.from, predictedTo: p.to, predictedHits: p.hits, predictedSamples: p.samples, predictedBasis: p.basis };
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

/** The full estimate (date, window, confidence) from the cached model. */
export async function predictDelivery(db: DbOrTx, input: PredictInput): Promise<DeliveryPrediction | null> {
  if (Number.isNaN(input.shippedAt.getTime())) return null;
  if (!cached || cached.until < Date.now()) cached = { model: await learnTransitModel(db), until: Date.now() + CACHE_MS };
  return predictEstimate(cached.model, input);
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
    const predicted = predictEstimate(model, { carrier: r.carrier, service: r.service, postalCode: r.postalCode ?? '', country: r.country ?? 'FI', shippedAt: r.shippedAt! });
    // The first estimate a parcel gets is kept as what was promised (the per-carrier "promise kept" figure); later ones never move it.
    await db
      .update(shipments)
      .set({ ...predictionColumns(predicted), firstEstimateBy: sql`coalesce(${shipments.firstEstimateBy}, ${predicted.to}::date)` })
      .where(eq(shipments.id, r.id));
  }
  return rows.length;
}
