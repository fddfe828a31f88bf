import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db';
import { carrierLabels, cases, returns, shipments } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent } from '@/lib/core/events';
import type { BookedLabel, FetchedLabel } from '@/lib/carriers/booking';
import { getCarrierConfig } from '@/lib/carriers/config';
import { registry } from '@/lib/carriers/registry';

/**
 * The worker's waits after each failed fetch of a label still to be fetched (the first failure is the booking's own):
 * then it gives up; the customer's and staff's opening of the label and staff's "fetch label again" still try.
 */
export const LABEL_FETCH_BACKOFF_MINUTES = [1, 5, 15, 60, 240] as const;
/** A customer reloading the label page asks the carrier at most this often. */
const ON_DEMAND_MIN_INTERVAL_MS = 30_000;

export type LabelFetchOutcome = 'fetched' | 'still_missing' | 'nothing_to_fetch';

/** When the worker tries again after `attempts` failed fetches; null once it has tried them all. */
export function nextFetchAt(attempts: number, now = new Date()): Date | null {
  const minutes = LABEL_FETCH_BACKOFF_MINUTES[attempts - 1];
  return minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000);
}

/** A label still to be fetched: booked (a carrier_labels row) but neither PDF nor ZPL stored yet. */
const stillToFetch = and(isNull(carrierLabels.pdf), isNull(carrierLabels.zpl));

/**
 * Stores the carrier's label of a booking (a return's or an outbound parcel's) for its shipment. A booking whose
 * label the carrier did not hand over yet is stored all the same, without a file and due for the worker's fetch: the
 * booking's own label call counted as the first attempt. True when the label is still to be fetched.
 */
export async function storeBookedLabel(tx: Tx, shipmentId: string, booked: BookedLabel, now = new Date()): Promise<boolean> {
  const labelPending = !booked.pdf && booked.zpl === null;
  await tx.insert(carrierLabels).values({
    shipmentId,
    bookedVia: booked.bookedVia,
    carrierReference: booked.carrierReference,
    pdf: booked.pdf ? Buffer.from(booked.pdf) : null,
    zpl: booked.zpl,
    labelSource: booked.labelSource ?? null,
    ...(labelPending ? { fetchAttempts: 1, fetchAttemptedAt: now, fetchNextAt: nextFetchAt(1, now), fetchError: (booked.labelError ?? 'No label in the booking answer.').slice(0, 300) } : {}),
  });
  return labelPending;
}

/**
 * Fetches the carrier's label of a booked return parcel whose label could not be fetched at booking, from the
 * booking's `labelSource` (the booking client's `fetchLabel`), and stores it with its audit row; never books. A
 * failed fetch counts an attempt and schedules the worker's next one (LABEL_FETCH_BACKOFF_MINUTES). `onDemand`
 * (a customer or staff opening the label) skips the call when the carrier was asked within the last 30 seconds.
 * The carrier is called outside any lock; the store is conditional, so two fetches racing store the label once.
 */
export async function fetchCarrierLabel(db: DbOrTx, input: { shipmentId: string; actor: Actor; onDemand?: boolean }, now = new Date()): Promise<LabelFetchOutcome> {
  const [row] = await db
    .select({ carrier: shipments.carrier, labelSource: carrierLabels.labelSource, attempts: carrierLabels.fetchAttempts, attemptedAt: carrierLabels.fetchAttemptedAt })
    .from(carrierLabels)
    .innerJoin(shipments, eq(shipments.id, carrierLabels.shipmentId))
    .where(and(eq(carrierLabels.shipmentId, input.shipmentId), stillToFetch));
  if (!row) return 'nothing_to_fetch';
  if (input.onDemand && row.attemptedAt && now.getTime() - row.attemptedAt.getTime() < ON_DEMAND_MIN_INTERVAL_MS) return 'still_missing';

  const booking = registry[row.carrier].booking;
  const config = booking ? await getCarrierConfig(db, row.carrier) : null;
  let fetched: FetchedLabel | null = null;
  let failure = 'The carrier offers no way to fetch this label again.';
  // Without the booking credentials (removed since the booking) the carrier is not asked.
  if (booking && config && !(config.enabled && booking.configured(config))) failure = "The carrier's booking credentials are not set.";
  else if (booking?.fetchLabel && config && row.labelSource) {
    try {
      const answer = await booking.fetchLabel(row.labelSource, config);
      if (answer.pdf || answer.zpl !== null) fetched = answer;
      else failure = 'The carrier answered without a label.';
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
  }

  if (!fetched) {
    const attempts = row.attempts + 1;
    await db
      .update(carrierLabels)
      .set({ fetchAttempts: attempts, fetchAttemptedAt: now, fetchNextAt: nextFetchAt(attempts, now), fetchError: failure.slice(0, 300) })
      .where(and(eq(carrierLabels.shipmentId, input.shipmentId), stillToFetch));
    return 'still_missing';
  }

  const label = fetched;
  return db.transaction(async (tx) => {
    const [stored] = await tx
      .update(carrierLabels)
      .set({ pdf: label.pdf ? Buffer.from(label.pdf) : null, zpl: label.zpl, fetchAttemptedAt: now, fetchNextAt: null, fetchError: null })
      .where(and(eq(carrierLabels.shipmentId, input.shipmentId), stillToFetch))
      .returning({ shipmentId: carrierLabels.shipmentId });
    // Another fetch stored it meanwhile.
    if (!stored) return 'fetched' as const;
    const [ret] = await tx.select({ id: returns.id, orderId: returns.orderId, rma: returns.rmaNumber }).from(returns).where(eq(returns.returnShipmentId, input.shipmentId)).limit(1);
    if (ret) {
      const [openCase] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.returnId, ret.id)).limit(1);
      await recordEvent(tx, {
        actor: input.actor,
        type: 'return.label_fetched',
        caseId: openCase?.id ?? null,
        data: { returnId: ret.id, orderId: ret.orderId, rma: ret.rma, shipmentId: input.shipmentId, attempts: row.attempts + 1 },
      });
    }
    return 'fetched' as const;
  });
}

/** The worker's sweep: every label still to be fetched whose next try is due, oldest first. */
export async function fetchDueCarrierLabels(db: DbOrTx, now = new Date(), limit = 20): Promise<{ fetched: number; stillMissing: number }> {
  const due = await db
    .select({ shipmentId: carrierLabels.shipmentId })
    .from(carrierLabels)
    .where(and(stillToFetch, lte(carrierLabels.fetchNextAt, now)))
    .orderBy(asc(carrierLabels.fetchNextAt))
    .limit(limit);
  let fetched = 0;
  for (const { shipmentId } of due) {
    if ((await fetchCarrierLabel(db, { shipmentId, actor: { type: 'system' } }, now)) === 'fetched') fetched += 1;
  }
  return { fetched, stillMissing: due.length - fetched };
}
