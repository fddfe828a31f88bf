/**
 * Worker side of the carrier inbox: leases unprocessed rows (`FOR UPDATE SKIP LOCKED`, so any number of
 * workers can run), parses each with its carrier's adapter and hands the events to the ingest core (C1).
 * A failing row records its error and is retried with exponential backoff; a row that can never parse is
 * parked at once. Neither blocks the rows behind it.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { trackingEvents, webhookInbox } from '@/db/schema';
import type { CarrierId } from '@/lib/core/enums';
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';
import { ingestEvents, type IngestResult, type IngestSource } from '@/lib/tracking/ingest-events';
import { adapters, CarrierFormatError } from '@/lib/carriers/adapters';
import { lookupCode } from '@/lib/carriers/codes';
import { normalizeTrackingNumber } from '@/lib/carriers/tracking-number';

export const INBOX_MAX_ATTEMPTS = 8;
/** How long a leased row is hidden from other workers while one works on it. */
const LEASE_SECONDS = 300;

/** 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export type ProcessInboxResult = { processed: number; failed: number; parked: number } & IngestResult;

type Leased = { id: string; carrier: CarrierId; source: string; raw_body: string; attempts: number };

async function lease(db: Db, limit: number, carriers?: readonly CarrierId[]): Promise<Leased[]> {
  const only = carriers && carriers.length > 0 ? sql`and carrier in (${sql.join(carriers.map((c) => sql`${c}`), sql`, `)})` : sql``;
  const rows = await db.execute<Leased>(sql`
    update webhook_inbox set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from webhook_inbox
      where processed_at is null and attempts < ${INBOX_MAX_ATTEMPTS} and (next_attempt_at is null or next_attempt_at <= now()) ${only}
      order by received_at
      limit ${limit}
      for update skip locked
    )
    returning id, carrier, source, raw_body, attempts`);
  return [...rows];
}

function isInformational(event: NormalizedEvent): boolean {
  return !!event.carrierCode && !event.unmappedCode && lookupCode(event.carrier, event.carrierCode)?.info === true;
}

/**
 * A push carries one event; an informational one (a notice, a booking change) keeps the status of the
 * parcel's previous stored event instead of the adapter's in-batch guess.
 */
async function settleAgainstHistory(db: Db, events: NormalizedEvent[]): Promise<NormalizedEvent[]> {
  const out: NormalizedEvent[] = [];
  for (const event of events) {
    if (!isInformational(event)) {
      out.push(event);
      continue;
    }
    const earlierInBatch = events.filter((e) => e.trackingNumber === event.trackingNumber && !isInformational(e) && !e.unmappedCode && e.occurredAt < event.occurredAt).at(-1);
    const stored = await db
      .select({ status: trackingEvents.status, subStatus: trackingEvents.subStatus, carrierCode: trackingEvents.carrierCode, occurredAt: trackingEvents.occurredAt })
      .from(trackingEvents)
      .where(and(eq(trackingEvents.carrier, event.carrier), eq(trackingEvents.trackingNumber, event.trackingNumber), lt(trackingEvents.occurredAt, event.occurredAt), eq(trackingEvents.unmappedCode, false)))
      .orderBy(desc(trackingEvents.occurredAt))
      .limit(10);
    const earlierStored = stored.find((r) => !(r.carrierCode && lookupCode(event.carrier, r.carrierCode)?.info));
    const previous = earlierInBatch && (!earlierStored || earlierInBatch.occurredAt >= earlierStored.occurredAt) ? earlierInBatch : earlierStored;
    if (!previous) {
      out.push(event);
      continue;
    }
    const settled: NormalizedEvent = { ...event, status: previous.status };
    if (previous.subStatus) settled.subStatus = previous.subStatus;
    else delete settled.subStatus;
    out.push(settled);
  }
  return out;
}

function ingestSourceOf(source: string): IngestSource {
  return source === 'poll' ? 'poll' : source === 'simulate' ? 'simulate' : 'webhook';
}

/** Processes up to `limit` inbox rows; call again until `processed + failed + parked` is 0. */
export async function processInbox(db: Db, options: { limit?: number; carriers?: readonly CarrierId[] } = {}): Promise<ProcessInboxResult> {
  const result: ProcessInboxResult = { processed: 0, failed: 0, parked: 0, accepted: 0, duplicates: 0, unmatched: 0 };
  const rows = await lease(db, options.limit ?? 50, options.carriers);
  for (const row of rows) {
    try {
      // One spelling per parcel (upper case, no spaces or dashes), the same the merchant API stores.
      const parsed = adapters[row.carrier]
        .parse(row.raw_body, row.source === 'webhook' ? 'push' : row.source === 'poll' ? 'tracking' : undefined)
        .map((e) => ({ ...e, trackingNumber: normalizeTrackingNumber(e.trackingNumber) }));
      const events = await settleAgainstHistory(db, parsed);
      const ingested = await ingestEvents(db, events, ingestSourceOf(row.source));
      result.accepted += ingested.accepted;
      result.duplicates += ingested.duplicates;
      result.unmatched += ingested.unmatched;
      await db.update(webhookInbox).set({ processedAt: new Date(), nextAttemptAt: null, error: null }).where(eq(webhookInbox.id, row.id));
      result.processed += 1;
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      // A body that is not the carrier's format will never parse: park it for a human instead of retrying.
      const permanent = e instanceof CarrierFormatError;
      await db
        .update(webhookInbox)
        .set({
          error: message,
          attempts: permanent ? INBOX_MAX_ATTEMPTS : row.attempts,
          nextAttemptAt: permanent ? null : new Date(Date.now() + backoffSeconds(row.attempts) * 1000),
        })
        .where(eq(webhookInbox.id, row.id));
      if (permanent) result.parked += 1;
      else result.failed += 1;
    }
  }
  return result;
}

/**
 * Processes batches until nothing moves or `budgetMs` has passed, so one job run stays short (its queue expires a run
 * after two minutes). `more` is true when the budget ran out first: the caller queues another run for the rest.
 */
export async function drainInbox(
  db: Db,
  options: { budgetMs: number; limit?: number; carriers?: readonly CarrierId[]; onBatch?: (result: ProcessInboxResult) => void },
): Promise<{ more: boolean }> {
  const started = Date.now();
  for (;;) {
    const r = await processInbox(db, options);
    if (r.processed + r.failed + r.parked === 0) return { more: false };
    options.onBatch?.(r);
    if (Date.now() - started >= options.budgetMs) return { more: true };
  }
}
