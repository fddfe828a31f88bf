/**
 * Contract C1 (owner: api): the one path every carrier event takes into the database — webhooks, pollers,
 * the merchant API and the simulator. Set-based: one statement locks the batch's parcels, one inserts the
 * batch (dedupe on tracking_events.dedupe_key), one reads the touched parcels' timelines, one writes the
 * re-derived parcels. Status derivation itself is the pure `deriveShipmentState`.
 * No `server-only` here: CLI scripts and the worker import it under plain Node.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import type { PickupPoint } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { recordEvent, recordEvents, type RecordEventInput } from '@/lib/core/events';
import { deriveShipmentState, TERMINAL_STATUSES, type DerivedShipment } from './derive-status';
import { estimatedPickupDeadline } from './pickup-deadline';
import { readShopSettings } from '@/lib/settings/shop-settings';
import type { CarrierId, ExceptionSubStatus, ShipmentStatus } from '@/lib/core/enums';
import type { NormalizedEvent } from '@/lib/carriers/normalized-event';
import { isRetryableTransactionError } from '@/lib/core/pg-error';

/** The normalized statuses, sub-statuses and carriers: one list each, the database enums'. */
export type { CarrierId, ExceptionSubStatus, NormalizedEvent, ShipmentStatus };
export type IngestSource = 'webhook' | 'poll' | 'api' | 'simulate';
export type IngestResult = { accepted: number; duplicates: number; unmatched: number };

const DEDUPE_KEY_MAX = 200;

/** `${carrier}:id:${eventId}` when eventId, else `${carrier}:${trackingNumber}:${occurredAt.toISOString()}:${carrierCode ?? status}`.
 *  A key longer than the column (200) is replaced by `${carrier}:h:${sha256 of the key}` so it still dedupes. */
export function eventDedupeKey(event: NormalizedEvent): string {
  const key = event.eventId
    ? `${event.carrier}:id:${event.eventId}`
    : `${event.carrier}:${event.trackingNumber}:${event.occurredAt.toISOString()}:${event.carrierCode ?? event.status}`;
  return key.length <= DEDUPE_KEY_MAX ? key : `${event.carrier}:h:${createHash('sha256').update(key).digest('hex')}`;
}

type EventRow = {
  carrier: CarrierId;
  tracking_number: string;
  carrier_code: string | null;
  status: ShipmentStatus;
  sub_status: ExceptionSubStatus | null;
  description: string | null;
  location: string | null;
  occurred_at: string;
  unmapped_code: boolean;
  dedupe_key: string;
  pickup_point: PickupPoint | null;
  pickup_deadline: string | null;
  carrier_eta: string | null;
};

function toRow(event: NormalizedEvent, dedupeKey: string): EventRow {
  return {
    carrier: event.carrier,
    tracking_number: event.trackingNumber.slice(0, 64),
    carrier_code: event.carrierCode?.slice(0, 64) ?? null,
    status: event.status,
    sub_status: event.status === 'exception' ? (event.subStatus ?? 'other') : null,
    description: event.description ?? null,
    location: event.location?.slice(0, 200) ?? null,
    occurred_at: event.occurredAt.toISOString(),
    unmapped_code: event.unmappedCode ?? false,
    dedupe_key: dedupeKey,
    pickup_point: event.pickupPoint ?? null,
    pickup_deadline: event.pickupDeadline ?? null,
    carrier_eta: event.carrierEta ?? null,
  };
}

/** A shipment as stored, the state re-derivation starts from. */
type ShipmentState = {
  id: string;
  order_id: string;
  carrier: CarrierId;
  status: ShipmentStatus;
  sub_status: string | null;
  first_scan_at: Date | string | null;
  last_event_at: Date | string | null;
  delivered_at: Date | string | null;
  pickup_point: PickupPoint | null;
  pickup_deadline: string | null;
  carrier_eta: string | null;
};

const SHIPMENT_STATE_COLUMNS = sql.raw(
  's.id, s.order_id, s.carrier, s.status, s.sub_status, s.first_scan_at, s.last_event_at, s.delivered_at, s.pickup_point, s.pickup_deadline, s.carrier_eta',
);

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

type Change = { shipmentId: string; orderId: string; previous: ShipmentStatus; current: ShipmentStatus };

/**
 * Re-derives the given (locked) shipments from all their events and writes those whose state changed.
 * Returns the status changes, for milestone emails and the audit trail.
 */
async function rederive(tx: DbOrTx, states: ShipmentState[]): Promise<Change[]> {
  if (states.length === 0) return [];
  const ids = states.map((s) => s.id).join(',');
  const events = await tx.execute<{
    shipment_id: string;
    status: ShipmentStatus;
    sub_status: string | null;
    occurred_at: Date | string;
    dedupe_key: string;
    pickup_point: PickupPoint | null;
    pickup_deadline: string | null;
    carrier_eta: string | null;
    unmapped_code: boolean;
  }>(sql`select shipment_id, status, sub_status, occurred_at, dedupe_key, pickup_point, pickup_deadline, carrier_eta, unmapped_code
         from tracking_events where shipment_id = any(string_to_array(${ids}, ',')::uuid[])`);
  const byShipment = new Map<string, Parameters<typeof deriveShipmentState>[0][number][]>();
  for (const e of events) {
    const list = byShipment.get(e.shipment_id) ?? [];
    list.push({
      status: e.status,
      subStatus: e.sub_status,
      occurredAt: new Date(e.occurred_at),
      dedupeKey: e.dedupe_key,
      pickupPoint: e.pickup_point,
      pickupDeadline: e.pickup_deadline,
      carrierEta: e.carrier_eta,
      unmappedCode: e.unmapped_code,
    });
    byShipment.set(e.shipment_id, list);
  }

  const updates: Array<Record<string, unknown>> = [];
  const changes: Change[] = [];
  for (const state of states) {
    const derived: DerivedShipment = deriveShipmentState(byShipment.get(state.id) ?? [], state.status);
    // `canceled` is set by the merchant or staff, never by a carrier: only a terminal carrier event overrides it.
    if (state.status === 'canceled' && !TERMINAL_STATUSES.has(derived.status)) {
      derived.status = 'canceled';
      derived.subStatus = null;
    }
    const next = {
      id: state.id,
      status: derived.status,
      sub_status: derived.subStatus,
      first_scan_at: iso(derived.firstScanAt) ?? iso(state.first_scan_at),
      last_event_at: iso(derived.lastEventAt) ?? iso(state.last_event_at),
      delivered_at: iso(derived.deliveredAt),
      // Pickup point / deadline / ETA given at shipment creation stay until an event says otherwise.
      pickup_point: derived.pickupPoint ?? state.pickup_point,
      pickup_deadline: derived.pickupDeadline ?? state.pickup_deadline ?? (await holdingDeadline(tx, state, derived, byShipment.get(state.id))),
      carrier_eta: derived.carrierEta ?? state.carrier_eta,
    };
    const before = {
      id: state.id,
      status: state.status,
      sub_status: state.sub_status,
      first_scan_at: iso(state.first_scan_at),
      last_event_at: iso(state.last_event_at),
      delivered_at: iso(state.delivered_at),
      pickup_point: state.pickup_point,
      pickup_deadline: state.pickup_deadline,
      carrier_eta: state.carrier_eta,
    };
    if (JSON.stringify(next) !== JSON.stringify(before)) updates.push(next);
    if (next.status !== state.status) changes.push({ shipmentId: state.id, orderId: state.order_id, previous: state.status, current: next.status });
  }

  if (updates.length > 0) {
    await tx.execute(sql`
      update shipments s set
        status = u.status::shipment_status,
        sub_status = u.sub_status::exception_sub_status,
        first_scan_at = u.first_scan_at,
        last_event_at = u.last_event_at,
        delivered_at = u.delivered_at,
        pickup_point = u.pickup_point,
        pickup_deadline = u.pickup_deadline,
        carrier_eta = u.carrier_eta,
        updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id uuid, status text, sub_status text, first_scan_at timestamptz,
        last_event_at timestamptz, delivered_at timestamptz, pickup_point jsonb, pickup_deadline date, carrier_eta date)
      where s.id = u.id`);
  }
  return changes;
}

/** At a pickup point without a carrier-given last day: the carrier's holding period from the day it became ready. */
async function holdingDeadline(
  tx: DbOrTx,
  state: ShipmentState,
  derived: DerivedShipment,
  events: ReadonlyArray<{ status: ShipmentStatus; occurredAt: Date }> | undefined,
): Promise<string | null> {
  if (derived.status !== 'available_for_pickup') return null;
  const readyAt = events?.filter((e) => e.status === 'available_for_pickup').reduce<Date | null>((min, e) => (!min || e.occurredAt < min ? e.occurredAt : min), null);
  if (!readyAt) return null;
  return estimatedPickupDeadline(state.carrier, readyAt, (await readShopSettings(tx)).timeZone);
}

/** The batch's events, one per status change (and delivery, hand-over), in one INSERT in the caller's transaction. */
async function announce(tx: Tx, changes: Change[], actor: Actor, source: IngestSource | 'match'): Promise<void> {
  if (changes.length === 0) return;
  const events: RecordEventInput[] = [];
  for (const change of changes) {
    const ids = { shipmentId: change.shipmentId, orderId: change.orderId };
    events.push({ type: 'shipment.status_changed', actor, data: { ...ids, from: change.previous, to: change.current, source } });
    if (change.current === 'delivered') events.push({ type: 'shipment.delivered', actor, data: ids });
  }
  const handedOver = await handOverReturns(tx, changes);
  for (const r of handedOver) events.push({ type: 'return.in_transit', actor, caseId: r.case_id, data: { returnId: r.id, orderId: r.order_id, rma: r.rma_number, shipmentId: r.return_shipment_id } });
  await recordEvents(tx, events);
}

/** Carrier statuses that mean a return parcel is on its way (the carrier has it): the return's hand_over edge. */
const HANDED_OVER = new Set<ShipmentStatus>(['in_transit', 'out_for_delivery', 'available_for_pickup', 'delivered', 'failed_attempt']);

/**
 * A return whose label parcel got its first carrier scan moves label_issued → in_transit (lib/returns/state.ts
 * hand_over), in the ingest transaction. One statement for the batch, found by order (indexed).
 */
async function handOverReturns(tx: Tx, changes: Change[]) {
  const moving = changes.filter((c) => HANDED_OVER.has(c.current));
  if (moving.length === 0) return [];
  const orderIds = `{${[...new Set(moving.map((c) => c.orderId))].join(',')}}`;
  const shipmentIds = `{${moving.map((c) => c.shipmentId).join(',')}}`;
  return tx.execute<{ id: string; order_id: string; rma_number: string; return_shipment_id: string; case_id: string | null }>(sql`
    update returns r set status = 'in_transit', updated_at = now()
    where r.order_id = any(${orderIds}::uuid[]) and r.return_shipment_id = any(${shipmentIds}::uuid[]) and r.status = 'label_issued'
    returning r.id, r.order_id, r.rma_number, r.return_shipment_id,
      (select c.id from cases c where c.return_id = r.id order by c.created_at limit 1) as case_id`);
}

/** Advisory-lock namespace for "this parcel (carrier + tracking number) is being written". */
const PARCEL_LOCK_CLASS = 7301;

/**
 * Serializes ingest and shipment creation per parcel (transaction-scoped advisory locks, taken in one order).
 * Without it, an event for a parcel whose shipment is being created at that very moment could be stored unmatched
 * while the creating transaction's matchPendingEvents does not see it yet — and stay unmatched.
 * Shipment creation calls this before it locks anything else.
 */
export async function lockParcels(tx: DbOrTx, parcels: ReadonlyArray<{ carrier: CarrierId; trackingNumber: string }>): Promise<void> {
  if (parcels.length === 0) return;
  const payload = JSON.stringify(parcels.map((p) => ({ k: `${p.carrier}:${p.trackingNumber.slice(0, 64)}` })));
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(${PARCEL_LOCK_CLASS}, h)) from (
      select distinct hashtext(x.k) as h from jsonb_to_recordset(${payload}::jsonb) as x(k text) order by h) locks`);
}

async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 4 || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Stores new events (dedupe on tracking_events.dedupe_key), keeps events of unknown parcels with shipment_id null
 *  (counted `unmatched`), re-derives each touched shipment's status from all its events (terminal precedence, never
 *  backwards), updates shipments (status, sub_status, first_scan_at, last_event_at, delivered_at, pickup point and
 *  deadline, carrier_eta) and writes a shipment.status_changed event per changed parcel (its milestone emails and delay check follow in the worker: lib/tracking/subscribers.ts, lib/delays/subscribers.ts).
 *  `accepted` counts newly stored events (unmatched ones included), `duplicates` the rest of the input.
 *  `options.actor` is who the audit rows name (default: the batch's carrier, or the system for mixed batches); with an
 *  explicit actor a batch that stored events also gets one `tracking_events.received` audit row. */
export async function ingestEvents(db: Db, events: NormalizedEvent[], source: IngestSource, options: { actor?: Actor } = {}): Promise<IngestResult> {
  if (events.length === 0) return { accepted: 0, duplicates: 0, unmatched: 0 };
  const byKey = new Map<string, EventRow>();
  for (const event of events) {
    const key = eventDedupeKey(event);
    if (!byKey.has(key)) byKey.set(key, toRow(event, key));
  }
  const payload = JSON.stringify([...byKey.values()]);
  // Default audit actor: the carrier when the batch is from one carrier (webhook, poll), else the system.
  const carriersInBatch = new Set(events.map((e) => e.carrier));
  const actor: Actor = options.actor ?? (carriersInBatch.size === 1 ? { type: 'carrier', carrier: events[0]!.carrier } : { type: 'system' });

  return withRetry(() =>
    db.transaction(async (tx) => {
      await lockParcels(tx, [...byKey.values()].map((row) => ({ carrier: row.carrier, trackingNumber: row.tracking_number })));
      // Lock the batch's known parcels in id order: concurrent batches touching the same parcels queue up
      // instead of deadlocking, and each re-derivation sees every committed event.
      const locked = await tx.execute<ShipmentState>(sql`
        select ${SHIPMENT_STATE_COLUMNS} from shipments s
        join (select distinct x.carrier, x.tracking_number from jsonb_to_recordset(${payload}::jsonb) as x(carrier carrier, tracking_number text)) k
          on s.carrier = k.carrier and s.tracking_number = k.tracking_number
        order by s.id
        for no key update of s`);
      // Inserted in dedupe-key order, so two batches with overlapping new events wait on each other in one order.
      const inserted = await tx.execute<{ shipment_id: string | null }>(sql`
        insert into tracking_events (shipment_id, carrier, tracking_number, carrier_code, status, sub_status, description, location,
          occurred_at, source, unmapped_code, dedupe_key, pickup_point, pickup_deadline, carrier_eta)
        select s.id, x.carrier, x.tracking_number, x.carrier_code, x.status, x.sub_status, x.description, x.location,
          x.occurred_at, ${source}::tracking_source, x.unmapped_code, x.dedupe_key, x.pickup_point, x.pickup_deadline, x.carrier_eta
        from jsonb_to_recordset(${payload}::jsonb) as x(carrier carrier, tracking_number text, carrier_code text, status shipment_status,
          sub_status exception_sub_status, description text, location text, occurred_at timestamptz, unmapped_code boolean, dedupe_key text,
          pickup_point jsonb, pickup_deadline date, carrier_eta date)
        left join shipments s on s.carrier = x.carrier and s.tracking_number = x.tracking_number
        order by x.dedupe_key
        on conflict (dedupe_key) do nothing
        returning shipment_id`);

      const touched = new Set<string>();
      let unmatched = 0;
      for (const row of inserted) {
        if (row.shipment_id) touched.add(row.shipment_id);
        else unmatched += 1;
      }
      const states = [...locked].filter((s) => touched.has(s.id));
      // A parcel committed between the lock and the insert was matched but not locked yet: lock it now.
      const late = [...touched].filter((id) => !locked.some((s) => s.id === id));
      if (late.length > 0) {
        states.push(
          ...(await tx.execute<ShipmentState>(sql`select ${SHIPMENT_STATE_COLUMNS} from shipments s
            where s.id = any(string_to_array(${late.join(',')}, ',')::uuid[]) order by s.id for no key update`)),
        );
      }
      const changes = await rederive(tx, states);
      // Milestone emails and the delay check follow from the shipment.status_changed events written here
      // (lib/tracking/subscribers.ts, lib/delays/subscribers.ts), after commit, in the worker.
      await announce(tx, changes, actor, source);
      if (options.actor && inserted.length > 0) {
        // An explicit caller (the merchant API) also gets one row per batch that stored anything.
        await recordEvent(tx, {
          actor: options.actor,
          type: 'tracking_events.received',
          data: { source, accepted: inserted.length, duplicates: events.length - inserted.length, unmatched, statusChanges: changes.length },
        });
      }
      return { accepted: inserted.length, duplicates: events.length - inserted.length, unmatched };
    }),
  );
}

/** Attaches stored unmatched events to a newly created shipment and derives its status (call inside the creating tx).
 *  Queues no email itself: the creator calls C2 with `previous: null` and the status this leaves. */
export async function matchPendingEvents(tx: DbOrTx, shipmentId: string): Promise<void> {
  const matched = await tx.execute<{ id: string }>(sql`
    update tracking_events te set shipment_id = s.id
    from shipments s
    where s.id = ${shipmentId} and te.shipment_id is null and te.carrier = s.carrier and te.tracking_number = s.tracking_number
    returning te.id`);
  if (matched.length === 0) return;
  const [state] = await tx.execute<ShipmentState>(sql`select ${SHIPMENT_STATE_COLUMNS} from shipments s where s.id = ${shipmentId} for no key update`);
  if (state) await rederive(tx, [state]);
}
