/**
 * Delay detection, set-based: ONE statement per sweep opens the incidents whose condition holds
 * (INSERT … SELECT … ON CONFLICT DO NOTHING against delay_incidents_one_open_key), closes the open ones whose
 * condition no longer holds (UPDATE … WHERE NOT EXISTS), and writes an audit row per change — atomically, so a
 * sweep cut off by a database restart changes nothing and the next one does the whole job.
 * Business-day arithmetic is not done per row: the rules in state.ts turn each carrier × kind threshold into a
 * cut-off instant or date once (Finnish holidays, the shop's opening hours), and the SQL compares columns with them.
 * No `server-only`: the worker, the CLI and ingest call it.
 */
import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { settings as settingsTable } from '@/db/schema';
import { shopSettingsSchema } from '@/lib/settings/shop-settings';
import { parseSlaSettings, slaCalendar } from '@/lib/sla/sla';
import { toHolidayCountry } from '@/lib/time/holidays';
import { DELAY_KINDS, type DelayKind, type DelaySettings, delaySettingsSchema } from './settings';
import { type SweepClock, sweepCutoffs } from './state';
import { isRetryableTransactionError } from '@/lib/core/pg-error';
import { auditType } from '@/lib/core/events';
import { PENDING_PREFIX } from '@/lib/core/pending-parcel';

export type SweepCounts = Record<DelayKind, number>;
export type SweepResult = { opened: SweepCounts; closed: SweepCounts };

/** Serializes full sweeps (several workers, the CLI): the second waits and then finds nothing left to do. */
const SWEEP_LOCK = [7302, 1] as const;

const zero = (): SweepCounts => Object.fromEntries(DELAY_KINDS.map((k) => [k, 0])) as SweepCounts;

/** The sweep's settings and clock in one read: the shop's time zone and holiday country, the SLA calendar's opening
 *  hours (dispatch_late), the `delays` settings. */
export async function sweepContext(db: DbOrTx, now: Date): Promise<{ settings: DelaySettings; clock: SweepClock }> {
  const rows = await db.select({ key: settingsTable.key, value: settingsTable.value }).from(settingsTable).where(inArray(settingsTable.key, ['delays', 'shop', 'sla']));
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? {};
  const shopParsed = shopSettingsSchema.safeParse(value('shop'));
  const shop = shopParsed.success ? shopParsed.data : shopSettingsSchema.parse({});
  const delays = delaySettingsSchema.safeParse(value('delays'));
  const calendar = slaCalendar(parseSlaSettings(value('sla')), { timeZone: shop.timeZone, country: shop.country });
  return {
    settings: delays.success ? delays.data : delaySettingsSchema.parse({}),
    clock: { now, calendar: { ...calendar, timeZone: shop.timeZone, country: toHolidayCountry(shop.country) } },
  };
}

/** The sweep's clock (see sweepContext). */
export async function sweepClock(db: DbOrTx, now: Date): Promise<SweepClock> {
  return (await sweepContext(db, now)).clock;
}

export type Scope = { orderIds?: string[]; shipmentIds?: string[] };

async function detect(tx: DbOrTx, settings: DelaySettings, clock: SweepClock, scope: Scope): Promise<SweepResult> {
  const result = await tx.execute<{ what: 'opened' | 'closed'; kind: DelayKind; n: number }>(detectStatement(settings, clock, scope));
  const out: SweepResult = { opened: zero(), closed: zero() };
  for (const r of result) out[r.what][r.kind] = r.n;
  return out;
}

/** The sweep's one statement (exported for EXPLAIN in the benchmark). */
export function detectStatement(settings: DelaySettings, clock: SweepClock, scope: Scope) {
  const { rows, dispatchCutoff, dispatchFrom } = sweepCutoffs(settings, clock);
  // One row per carrier with the cut-off of each kind, so the parcel scan joins a 6-row table once.
  const byCarrier = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const c = byCarrier.get(r.carrier) ?? { carrier: r.carrier, holding: r.holdingDays };
    if (r.kind === 'eta_breached' || r.kind === 'pickup_expiring') c[r.kind] = r.cutoffDate;
    else c[r.kind] = r.cutoffAt;
    byCarrier.set(r.carrier, c);
  }
  const cutoffs = JSON.stringify([...byCarrier.values()]);
  const now = clock.now.toISOString();
  const tz = clock.calendar.timeZone;
  const orderIds = scope.orderIds ? `{${scope.orderIds.join(',')}}` : null;
  const shipmentIds = scope.shipmentIds ? `{${scope.shipmentIds.join(',')}}` : null;
  // Scope filters are added only when scoped, so a full sweep's plan has no always-true "or" to carry, and the
  // ingest check's plan uses the primary key.
  const parcelScope = sql.join(
    [
      orderIds ? sql`and s.order_id = any(${orderIds}::uuid[])` : sql``,
      shipmentIds ? sql`and s.id = any(${shipmentIds}::uuid[])` : sql``,
    ],
    sql` `,
  );
  // `= any(array(…))`: the few scoped orders are looked up by key, never found by scanning 30 days of orders.
  const orderScope = orderIds || shipmentIds ? sql`and o.id = any(array(select id from scope_orders))` : sql``;
  const incidentScope = sql.join(
    [
      orderIds ? sql`and di.order_id = any(${orderIds}::uuid[])` : sql``,
      shipmentIds ? sql`and (di.shipment_id = any(${shipmentIds}::uuid[]) or (di.kind = 'dispatch_late' and di.order_id in (select id from scope_orders)))` : sql``,
    ],
    sql` `,
  );
  // The rule per kind (state.ts says the same in TypeScript), used twice: to filter the scan, then to name the kinds.
  const rule: Array<[Exclude<DelayKind, 'dispatch_late'>, ReturnType<typeof sql>]> = [
    ['no_first_scan', sql`s.status = 'info_received' and s.first_scan_at is null and coalesce(s.shipped_at, s.created_at) < c.no_first_scan`],
    ['stalled_in_transit', sql`s.status in ('in_transit', 'out_for_delivery') and s.first_scan_at is not null and s.last_event_at < c.stalled_in_transit`],
    ['eta_breached', sql`s.status <> 'available_for_pickup' and coalesce(s.promised_date, s.carrier_eta, s.predicted_date) <= c.eta_breached`],
    ['carrier_exception', sql`s.status = 'exception' and coalesce(s.last_event_at, s.created_at) < c.carrier_exception`],
    ['failed_attempt', sql`s.status = 'failed_attempt' and coalesce(s.last_event_at, s.created_at) < c.failed_attempt`],
    ['pickup_expiring', sql`s.status = 'available_for_pickup' and coalesce(s.pickup_deadline, (s.last_event_at at time zone ${tz})::date + c.holding) <= c.pickup_expiring`],
  ];
  const anyRule = sql.join(rule.map(([, cond]) => sql`(${cond})`), sql` or `);
  const kindsOf = sql.join(rule.map(([kind, cond]) => sql`case when ${cond} then ${sql.raw(`'${kind}'`)}::delay_kind end`), sql`, `);

  return sql`
    with c as (
      select * from jsonb_to_recordset(${cutoffs}::jsonb) as c(carrier carrier, holding int, no_first_scan timestamptz,
        stalled_in_transit timestamptz, eta_breached date, carrier_exception timestamptz, failed_attempt timestamptz, pickup_expiring date)
    ),
    scope_orders as (
      select unnest(${orderIds}::uuid[]) as id
      union select s.order_id from shipments s where s.id = any(${shipmentIds}::uuid[])
    ),
    cand as materialized (
      -- The any-rule filter runs on the scan (cheap, short-circuit); only the few late parcels get their kinds named
      -- (one parcel can be both stalled and past its date).
      select * from (
        select s.id as shipment_id, s.order_id, unnest(array[${kindsOf}]) as kind, s.carrier, s.status, s.sub_status
        from shipments s
        join c on c.carrier = s.carrier
        where s.direction = 'outbound' and s.status not in ('delivered', 'returned_to_sender', 'canceled') and (${anyRule}) ${parcelScope}
          -- a parcel awaiting the shop has not left: nothing of it can be late at a carrier
          and s.tracking_number not like ${`${PENDING_PREFIX}%`}
      ) k
      where k.kind is not null
      union all
      select null, o.id, 'dispatch_late'::delay_kind, null, null, null
      from orders o
      where o.canceled_at is null and o.placed_at >= ${dispatchFrom.toISOString()}::timestamptz and o.placed_at <= ${dispatchCutoff.toISOString()}::timestamptz
        and not exists (select 1 from shipments s where s.order_id = o.id and s.direction = 'outbound')
        ${orderScope}
    ),
    fresh as (
      -- Already open: nothing to insert (ON CONFLICT stays the guard against a concurrent sweep).
      select * from cand
      where not exists (select 1 from delay_incidents di where di.resolved_at is null and di.kind = cand.kind
                          and coalesce(di.shipment_id, di.order_id) = coalesce(cand.shipment_id, cand.order_id))
    ),
    opened as (
      insert into delay_incidents (order_id, shipment_id, kind, details, opened_at, updated_at)
      select order_id, shipment_id, kind, jsonb_build_object('carrier', carrier, 'status', status, 'subStatus', sub_status), ${now}::timestamptz, ${now}::timestamptz
      from fresh
      on conflict (coalesce(shipment_id, order_id), kind) where resolved_at is null do nothing
      returning id, order_id, shipment_id, kind
    ),
    closed as (
      update delay_incidents di set
        resolved_at = ${now}::timestamptz,
        updated_at = ${now}::timestamptz,
        closed_reason = coalesce(
          (select case s.status when 'delivered' then 'delivered' when 'returned_to_sender' then 'returned_to_sender' when 'canceled' then 'canceled' end
           from shipments s where s.id = di.shipment_id),
          case when di.kind = 'dispatch_late' then
            (select case when o.canceled_at is not null then 'canceled' else 'shipped' end from orders o where o.id = di.order_id) end,
          'condition_cleared')
      where di.resolved_at is null ${incidentScope}
        and not exists (select 1 from cand where cand.kind = di.kind and coalesce(cand.shipment_id, cand.order_id) = coalesce(di.shipment_id, di.order_id))
      returning di.id, di.order_id, di.shipment_id, di.kind, di.closed_reason
    ),
    audit as (
      -- The audit rows (audience 'audit', tx_id 0: the row shape lib/core/events/record-event.ts writes for an audit type).
      -- An opened incident is its delay.detected event below (one row per change; delay.opened is history only).
      insert into domain_events (type, aggregate_type, aggregate_id, order_id, actor_type, data, occurred_at, audience, tx_id)
      select ${auditType('delay.closed')}::text, 'delay', order_id::text, order_id, 'system'::actor_type, jsonb_build_object('incidentId', id, 'kind', kind, 'shipmentId', shipment_id, 'reason', closed_reason), ${now}::timestamptz, 'audit'::event_audience, 0 from closed
    ),
    events as (
      -- The public delay.detected events, set-based in this one statement (a sweep can open thousands): the row
      -- shape recordEvents writes, data as the catalogue's schema (lib/core/events/catalog.ts; delays.events.test.ts parses it).
      insert into domain_events (type, aggregate_type, aggregate_id, order_id, actor_type, data, occurred_at)
      select 'delay.detected', 'delay', id::text, order_id, 'system'::actor_type,
        jsonb_build_object('incidentId', id, 'shipmentId', shipment_id, 'orderId', order_id, 'kind', kind), ${now}::timestamptz
      from opened
    )
    select 'opened' as what, kind, count(*)::int as n from opened group by kind
    union all
    select 'closed', kind, count(*)::int from closed group by kind`;
}

/**
 * One full sweep. `now` is for tests and replays (default: the clock); `options.orderIds` limits it to some
 * orders (tests on a shared database own their rows). Throws when the database goes away: nothing is half done.
 */
export async function sweepDelays(db: DbOrTx, now: Date = new Date(), options: { orderIds?: string[] } = {}): Promise<SweepResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        if (!options.orderIds) await tx.execute(sql`select pg_advisory_xact_lock(${SWEEP_LOCK[0]}, ${SWEEP_LOCK[1]})`);
        // The candidate set and the anti-joins stay in memory (the default 4 MB spills 100k rows to disk).
        await tx.execute(sql`set local work_mem = '64MB'`);
        const { settings, clock } = await sweepContext(tx, now);
        return detect(tx, settings, clock, { orderIds: options.orderIds });
      });
    } catch (error) {
      if (attempt >= 3 || !isRetryableTransactionError(error)) throw error;
    }
  }
}

/**
 * The check on new tracking events, in the ingest transaction: the same rules for just these parcels (and their
 * orders' dispatch_late), so an exception or failed attempt opens at once and a new scan or delivery closes
 * stalled / no_first_scan / eta_breached at once. Parcels with nothing to open by status and no open incident are
 * skipped with one indexed query (most events are ordinary scans): the time-based kinds are the sweep's job.
 */
export async function checkShipmentDelays(tx: DbOrTx, shipmentIds: string[], now: Date = new Date()): Promise<SweepResult> {
  if (shipmentIds.length === 0) return { opened: zero(), closed: zero() };
  const ids = `{${[...new Set(shipmentIds)].join(',')}}`;
  const relevant = await tx.execute<{ id: string }>(sql`
    select s.id from shipments s
    where s.id = any(${ids}::uuid[])
      and (s.status in ('exception', 'failed_attempt', 'available_for_pickup')
           or exists (select 1 from delay_incidents di where di.resolved_at is null
                        and (di.shipment_id = s.id or (di.kind = 'dispatch_late' and di.order_id = s.order_id))))`);
  if (relevant.length === 0) return { opened: zero(), closed: zero() };
  const { settings, clock } = await sweepContext(tx, now);
  return detect(tx, settings, clock, { shipmentIds: relevant.map((r) => r.id) });
}
