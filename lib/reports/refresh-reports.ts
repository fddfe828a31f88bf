/**
 * Rebuilds the report rollups (db/schema/reports.ts) for a range of local days, set-based: one
 * DELETE + INSERT … SELECT … GROUP BY per rollup, in one transaction (readers keep seeing the previous
 * figures until it commits). Used by the worker (today and yesterday every minute, a 120-day window every
 * 10 minutes) and by staff on demand.
 * No `server-only`: the worker and the benchmark import it.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { todayIn } from '@/lib/time/today';
import { addDays } from './range';
import { backlogByPeriod } from './backlog-moves';
import { DAMAGE_REASON_CODES, REFUND_PROMISE_DAYS, WRONG_ITEM_REASON_CODES } from './csat-causes';

export type RefreshResult = { from: string; to: string; timeZone: string; durationMs: number };

/** How many days back the wide worker job rebuilds: returns, refunds and cases settle within it. */
export const ROLLING_REFRESH_DAYS = Number(process.env.REPORTS_REFRESH_DAYS ?? 120);

/** The minute job's days: today and yesterday (what happened just before midnight settles after it). */
export const RECENT_REFRESH_DAYS = 2;

type RefreshInput = { from: string; to: string; timeZone?: string };

/** Rebuilds every rollup for local days from..to (inclusive) in the shop's time zone, waiting for a refresh under way. */
export async function refreshReports(db: Db, input: RefreshInput): Promise<RefreshResult> {
  return (await rebuild(db, input, 'wait'))!;
}

/** The wide worker job: the last ROLLING_REFRESH_DAYS local days up to today. */
export async function refreshRecentReports(db: Db, now = new Date()): Promise<RefreshResult> {
  const { timeZone } = await readShopSettings(db);
  const today = todayIn(timeZone, now);
  return refreshReports(db, { from: addDays(today, -(ROLLING_REFRESH_DAYS - 1)), to: today, timeZone });
}

/**
 * The minute job: today and yesterday. Null when another refresh holds the lock: it is skipped, not queued
 * behind a wide one (which rebuilds these days too); the next minute's run catches up.
 */
export async function refreshTodayReports(db: Db, now = new Date()): Promise<RefreshResult | null> {
  const { timeZone } = await readShopSettings(db);
  const today = todayIn(timeZone, now);
  return rebuild(db, { from: addDays(today, -(RECENT_REFRESH_DAYS - 1)), to: today, timeZone }, 'skip');
}

const REFRESH_LOCK = sql`hashtext('paluu:report-refresh')`;

async function rebuild(db: Db, input: RefreshInput, whenBusy: 'wait' | 'skip'): Promise<RefreshResult | null> {
  const started = performance.now();
  const timeZone = input.timeZone ?? (await readShopSettings(db)).timeZone;
  const { from, to } = input;
  new Intl.DateTimeFormat('en', { timeZone }); // throws on an unknown zone before it reaches SQL text
  const done = await db.transaction(async (tx) => {
    // One refresh at a time: two overlapping ones would each delete and insert the same days.
    if (whenBusy === 'wait') await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`);
    else {
      const [{ locked }] = (await tx.execute(sql`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as locked`)) as unknown as [{ locked: boolean }];
      if (!locked) return false;
    }
    // "As of": each statement below reads what was committed when it began, so nothing committed before this
    // moment is missing (now() would be the transaction's start, before a wait for the lock).
    const [{ at }] = (await tx.execute(sql`select clock_timestamp() as at`)) as unknown as [{ at: Date | string }];
    await refreshInTx(tx, from, to, timeZone);
    // Rows whose days this refresh covers again say nothing any more: the table keeps about one row a day.
    await tx.execute(sql`delete from report_refreshes where time_zone = ${timeZone} and from_day >= ${from}::date and to_day <= ${to}::date`);
    await tx.execute(sql`
      insert into report_refreshes (from_day, to_day, time_zone, duration_ms, refreshed_at)
      values (${from}::date, ${to}::date, ${timeZone}, ${Math.round(performance.now() - started)}, ${new Date(at).toISOString()}::timestamptz)`);
    return true;
  });
  return done ? { from, to, timeZone, durationMs: Math.round(performance.now() - started) } : null;
}

const textList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

async function refreshInTx(tx: DbOrTx, from: string, to: string, tz: string): Promise<void> {
  // The local days from..to as an instant range, so the base tables' time indexes apply.
  const start = sql`((${from}::date)::timestamp at time zone ${tz})`;
  const end = sql`((${to}::date + 1)::timestamp at time zone ${tz})`;
  const day = (column: string) => sql.raw(`(${column} at time zone '${tz.replaceAll("'", "''")}')::date`);
  const inDays = (column: string) => sql`${sql.raw(column)} >= ${start} and ${sql.raw(column)} < ${end}`;
  // The outbound carrier of each order line (the first parcel that carried it).
  const lineCarrier = sql`
    left join lateral (
      select s.carrier::text as carrier from shipment_lines sl join shipments s on s.id = sl.shipment_id
      where sl.order_line_id = ol.id and s.direction = 'outbound' order by s.created_at, s.id limit 1
    ) c on true`;

  await tx.execute(sql`delete from report_sales_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_sales_days (dim, day, key, title, units)
    select case when grouping(ol.sku) = 0 then 'sku' when grouping(o.market) = 0 then 'market' else 'carrier' end,
      d, coalesce(ol.sku, o.market, c.carrier, ''), case when grouping(ol.sku) = 0 then max(ol.title) else '' end, sum(ol.quantity)
    from orders o join order_lines ol on ol.order_id = o.id ${lineCarrier}
    cross join lateral (select ${day('o.placed_at')} as d) as pd
    where ${inDays('o.placed_at')} and o.canceled_at is null
    group by grouping sets ((d, ol.sku), (d, o.market), (d, c.carrier))`);

  // Reasons over time go by the request day, everything else by the order day: rebuild the rows of
  // every return that touches the range, and keep those whose own day falls in it.
  await tx.execute(sql`delete from report_return_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_return_days (dim, day, key, resolution, currency, units, amount)
    select * from (
      select case when grouping(rd) = 0 then 'requested_reason' when grouping(ol.sku) = 0 then 'sku' when grouping(o.market) = 0 then 'market'
                  when grouping(c.carrier) = 0 then 'carrier' when grouping(ri.reason_code) = 0 then 'reason' else 'resolution' end as dim,
        coalesce(rd, pd) as day, coalesce(ol.sku, o.market, c.carrier, ri.reason_code, '') as key,
        case when grouping(ri.resolution) = 0 then ri.resolution::text else '' end as resolution, coalesce(o.currency, '') as currency,
        sum(ri.quantity)::int as units, sum(ri.quantity::bigint * ol.unit_price) as amount
      from returns r
      join orders o on o.id = r.order_id
      join return_items ri on ri.return_id = r.id
      join order_lines ol on ol.id = ri.order_line_id ${lineCarrier}
      cross join lateral (select ${day('o.placed_at')} as pd, ${day('r.requested_at')} as rd) as days
      where r.status not in ('rejected', 'canceled') and o.canceled_at is null
        -- The returns of orders placed in the range, and those requested in it: one "or" across the two tables
        -- would join every return first (1.7 of the 2.2 s of a two-day refresh at 1M orders).
        and r.id in (
          select rr.id from orders oo join returns rr on rr.order_id = oo.id where ${inDays('oo.placed_at')}
          union all
          select rr.id from returns rr where ${inDays('rr.requested_at')})
      group by grouping sets ((pd, ol.sku), (pd, o.market, ri.resolution, o.currency), (pd, c.carrier), (pd, ri.reason_code), (rd, ri.reason_code), (pd, ri.resolution, o.currency))
    ) as g
    where g.day between ${from}::date and ${to}::date`);

  await tx.execute(sql`delete from report_revenue_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_revenue_days (day, market, currency, orders, captured, refunded)
    select ${day('o.placed_at')}, o.market, o.currency, count(*), sum(o.captured_amount), sum(o.refunded_amount)
    from orders o where ${inDays('o.placed_at')} and o.canceled_at is null
    group by 1, 2, 3`);

  await tx.execute(sql`delete from report_case_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_case_days (day, type, cases, responded, responded_in_sla, response_seconds, response_within_1h, response_within_4h,
      response_within_8h, response_within_24h, response_later, resolved, resolved_in_sla, email_deflected)
    select ${day('c.created_at')}, c.type::text, count(*), count(c.first_responded_at),
      count(*) filter (where c.first_responded_at is not null and (c.first_response_due_at is null or c.first_responded_at <= c.first_response_due_at)),
      coalesce(sum(extract(epoch from c.first_responded_at - c.created_at))::bigint, 0),
      count(*) filter (where c.first_responded_at - c.created_at <= interval '1 hour'),
      count(*) filter (where c.first_responded_at - c.created_at > interval '1 hour' and c.first_responded_at - c.created_at <= interval '4 hours'),
      count(*) filter (where c.first_responded_at - c.created_at > interval '4 hours' and c.first_responded_at - c.created_at <= interval '8 hours'),
      count(*) filter (where c.first_responded_at - c.created_at > interval '8 hours' and c.first_responded_at - c.created_at <= interval '24 hours'),
      count(*) filter (where c.first_responded_at - c.created_at > interval '24 hours'),
      count(c.resolved_at),
      count(*) filter (where c.resolved_at is not null and (c.resolution_due_at is null or c.resolved_at <= c.resolution_due_at)),
      -- Opened by a "where is my order" email and answered automatically (lib/inbound): deflected.
      count(*) filter (where exists (select 1 from inbound_emails e where e.case_id = c.id and e.outcome = 'auto_answered'))
    from cases c where ${inDays('c.created_at')}
    group by 1, 2`);

  await tx.execute(sql`delete from report_csat_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_csat_days (day, agent_id, sent, answers, score_sum, satisfied)
    select ${day('r.sent_at')}, r.agent_id, count(*), count(r.score), coalesce(sum(r.score), 0), count(*) filter (where r.score >= 4)
    from csat_responses r where ${inDays('r.sent_at')}
    group by 1, 2`);

  // Each answered survey's cause, the first of CSAT_CAUSES that applies (csat-causes.ts says why), and its case's SLA outcome.
  // The case's order: its own, else that of its return or claim (every cause is looked up by order, through its index).
  const itemFault = (type: string, reasons: readonly string[]) => sql`(
    exists (select 1 from claims cl where cl.order_id = a.order_ref and cl.type = ${type})
    or exists (select 1 from returns rt join return_items ri on ri.return_id = rt.id where rt.order_id = a.order_ref and ri.reason_code in (${textList(reasons)})))`;
  await tx.execute(sql`delete from report_csat_cause_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_csat_cause_days (day, cause, sla_outcome, answers, score_sum, satisfied)
    select a.day, case
        when exists (select 1 from delay_incidents i where (i.order_id = a.order_ref or i.shipment_id = a.shipment_id)
                       and i.opened_at < a.responded_at and i.dismissed_at is null) then 'carrier_late'
        when ${itemFault('damaged', DAMAGE_REASON_CODES)} then 'damaged'
        when ${itemFault('wrong_item', WRONG_ITEM_REASON_CODES)} then 'wrong_item'
        when exists (select 1 from refunds f join returns rt on rt.id = f.return_id
                     where f.order_id = a.order_ref and rt.received_at is not null
                       and least(f.settled_at, a.responded_at) > rt.received_at + make_interval(days => ${REFUND_PROMISE_DAYS})) then 'slow_refund'
        else 'other' end,
      -- Met: the first response by its due time, and the resolution by its due time where the SLA sets one; not yet due is not breached.
      case when (a.first_response_due_at is null or coalesce(a.first_responded_at, now()) <= a.first_response_due_at)
             and (a.resolution_due_at is null or coalesce(a.resolved_at, now()) <= a.resolution_due_at) then 'met' else 'breached' end,
      count(*), sum(a.score), count(*) filter (where a.score >= 4)
    from (
      select ${day('r.sent_at')} as day, r.score, r.responded_at, c.shipment_id, c.first_response_due_at, c.first_responded_at, c.resolution_due_at, c.resolved_at,
        coalesce(c.order_id, (select order_id from returns where id = c.return_id), (select order_id from claims where id = c.claim_id)) as order_ref
      from csat_responses r join cases c on c.id = r.case_id
      where ${inDays('r.sent_at')} and r.score is not null) as a
    group by 1, 2, 3`);

  // The backlog at each day's end (days not begun left out): computed per day, summed into weeks and months by the report.
  await tx.execute(sql`delete from report_backlog_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_backlog_days (day, opened, reopened, resolved, open_at_end, breached_at_end)
    select b.period::date, b.opened, b.reopened, b.resolved, b.open, b.breached
    from (${backlogByPeriod({ from, to, timeZone: tz, granularity: 'day' })}) as b where b.open is not null`);

  await tx.execute(sql`delete from report_delay_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_delay_days (day, carrier, kind, incidents, escalated, dismissed, notices, notices_sent, remedies_chosen)
    select ${day('i.opened_at')}, coalesce(s.carrier::text, '—'), i.kind::text, count(*), count(i.case_id), count(i.dismissed_at),
      coalesce(sum(n.notices), 0), coalesce(sum(n.sent), 0), coalesce(sum(n.chosen), 0)
    from delay_incidents i
    -- dispatch_late has no parcel yet: its carrier is '—'.
    left join shipments s on s.id = i.shipment_id
    left join lateral (
      select count(*) as notices, count(*) filter (where n.status = 'sent' or n.sent_at is not null) as sent, count(n.remedy_chosen) as chosen
      from notices n where n.incident_id = i.id
    ) n on true
    where ${inDays('i.opened_at')}
    group by 1, 2, 3`);
}
