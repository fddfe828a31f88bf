/**
 * Rebuilds the report rollups (db/schema/reports.ts) for a range of local days, set-based: one
 * DELETE + INSERT … SELECT … GROUP BY per rollup, in one transaction (readers keep seeing the previous
 * figures until it commits). Used by the worker (every minute today, yesterday and the days of the 120-day window
 * whose inputs changed; the whole window every 10 minutes) and by staff on demand.
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

/** The minute job always rebuilds today and yesterday (what happened just before midnight settles after it). */
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

/** More changed days than this (a bulk import, a backfill) and the minute job rebuilds the whole window instead. */
export const MAX_CHANGED_DAYS = Number(process.env.REPORTS_MAX_CHANGED_DAYS ?? 14);

/**
 * How far before the window's last refresh the minute job looks for changes: a row's updated_at is its transaction's
 * start (now()), and that transaction may commit after the refresh began. A longer write transaction waits for the
 * wide job.
 */
const CHANGE_MARGIN = '5 minutes';

/** The minute job's outcome: the days of the window it found changed, and whether it rebuilt the whole window instead. */
export type MinuteRefreshResult = RefreshResult & { changedDays: string[]; missingDays: number; wide: boolean };

/**
 * The minute job: today, yesterday and every day of the wide window whose inputs changed since the window's figures
 * were computed (`changedDays`), so each figure of the window is at most a minute old. More than MAX_CHANGED_DAYS
 * days to rebuild, or days of the window no refresh has computed yet, and it rebuilds the whole window (wide).
 * Null when another refresh holds the lock: it is skipped, not queued behind a wide one; the next minute's run
 * catches up.
 */
export async function refreshTodayReports(db: Db, now = new Date()): Promise<MinuteRefreshResult | null> {
  const started = performance.now();
  const { timeZone } = await readShopSettings(db);
  const today = todayIn(timeZone, now);
  const windowFrom = addDays(today, -(ROLLING_REFRESH_DAYS - 1));
  const done = await locked(db, 'skip', async (tx, at) => {
    const changes = await changedDays(tx, { from: windowFrom, to: today, timeZone });
    const recentFrom = addDays(today, -(RECENT_REFRESH_DAYS - 1));
    const days = [...new Set([recentFrom, today, ...changes.days])].sort();
    const wide = changes.missing > 0 || days.length > MAX_CHANGED_DAYS;
    if (wide) await refreshInTx(tx, windowFrom, today, timeZone);
    else {
      for (const run of consecutiveRuns(days)) await refreshInTx(tx, run.from, run.to, timeZone, { backlog: false });
      // The backlog (cases only) is a running count: a changed case moves the days from its opening on.
      const backlogFrom = changes.backlogFrom && changes.backlogFrom < recentFrom ? changes.backlogFrom : recentFrom;
      await refreshBacklog(tx, backlogFrom, today, timeZone);
    }
    // Every day of the window is now as of this run: rebuilt, or unchanged since it was computed.
    await recordRefresh(tx, { from: windowFrom, to: today, timeZone, at, durationMs: performance.now() - started });
    return { changedDays: changes.days, missingDays: changes.missing, wide };
  });
  return done ? { from: windowFrom, to: today, timeZone, durationMs: Math.round(performance.now() - started), ...done } : null;
}

const REFRESH_LOCK = sql`hashtext('paluu:report-refresh')`;

/**
 * Runs `work` in one transaction holding the refresh lock (one refresh at a time: two overlapping ones would each
 * delete and insert the same days); `at` is when it got the lock. Null when the lock is taken and told to skip.
 */
async function locked<T>(db: Db, whenBusy: 'wait' | 'skip', work: (tx: DbOrTx, at: string) => Promise<T>): Promise<T | null> {
  return db.transaction(async (tx) => {
    if (whenBusy === 'wait') await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`);
    else {
      const [{ locked }] = (await tx.execute(sql`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as locked`)) as unknown as [{ locked: boolean }];
      if (!locked) return null;
    }
    // "As of": each statement after this reads what was committed when it began, so nothing committed before this
    // moment is missing (now() would be the transaction's start, before a wait for the lock).
    const [{ at }] = (await tx.execute(sql`select clock_timestamp() as at`)) as unknown as [{ at: Date | string }];
    return work(tx, new Date(at).toISOString());
  });
}

async function recordRefresh(tx: DbOrTx, r: { from: string; to: string; timeZone: string; at: string; durationMs: number }): Promise<void> {
  // Rows whose days this refresh covers again say nothing any more: the table keeps about one row a day.
  await tx.execute(sql`delete from report_refreshes where time_zone = ${r.timeZone} and from_day >= ${r.from}::date and to_day <= ${r.to}::date`);
  await tx.execute(sql`
    insert into report_refreshes (from_day, to_day, time_zone, duration_ms, refreshed_at)
    values (${r.from}::date, ${r.to}::date, ${r.timeZone}, ${Math.round(r.durationMs)}, ${r.at}::timestamptz)`);
}

async function rebuild(db: Db, input: RefreshInput, whenBusy: 'wait' | 'skip'): Promise<RefreshResult | null> {
  const started = performance.now();
  const timeZone = input.timeZone ?? (await readShopSettings(db)).timeZone;
  const { from, to } = input;
  new Intl.DateTimeFormat('en', { timeZone }); // throws on an unknown zone before it reaches SQL text
  const done = await locked(db, whenBusy, async (tx, at) => {
    await refreshInTx(tx, from, to, timeZone);
    await recordRefresh(tx, { from, to, timeZone, at, durationMs: performance.now() - started });
    return true;
  });
  return done ? { from, to, timeZone, durationMs: Math.round(performance.now() - started) } : null;
}

/** Sorted days as runs of consecutive days, each rebuilt by one set of statements. */
function consecutiveRuns(days: readonly string[]): Array<{ from: string; to: string }> {
  const runs: Array<{ from: string; to: string }> = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && addDays(last.to, 1) === day) last.to = day;
    else runs.push({ from: day, to: day });
  }
  return runs;
}

const textList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

async function refreshInTx(tx: DbOrTx, from: string, to: string, tz: string, { backlog = true } = {}): Promise<void> {
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

  if (backlog) await refreshBacklog(tx, from, to, tz);

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

/** The backlog at each day's end (days not begun left out): computed per day, summed into weeks and months by the report. */
async function refreshBacklog(tx: DbOrTx, from: string, to: string, tz: string): Promise<void> {
  await tx.execute(sql`delete from report_backlog_days where day between ${from}::date and ${to}::date`);
  await tx.execute(sql`
    insert into report_backlog_days (day, opened, reopened, resolved, open_at_end, breached_at_end)
    select b.period::date, b.opened, b.reopened, b.resolved, b.open, b.breached
    from (${backlogByPeriod({ from, to, timeZone: tz, granularity: 'day' })}) as b where b.open is not null`);
}

/**
 * The local days from..to whose rollup rows a rebuild would change, found from what changed since the oldest of
 * those days' refreshes (less CHANGE_MARGIN), each mapped to the day keys refreshInTx groups by: an order's rows →
 * its placed day (sales, revenue, the return rate by order day); a return → its order's day and its requested day;
 * a refund, claim, parcel or delay incident → its order's day; a case → its opened day; a survey → the day it went
 * out, also when its case's cause (the order's returns, claims, refunds, incidents) or SLA outcome (a due time
 * passing) changed; an incident or its notices → the incident's day. Change times: the rows' created_at/updated_at
 * and state instants, and the domain event log (one event per state change, with its order and case) for writes
 * that bypass updated_at. `backlogFrom`: the earliest opening day of a changed case (its backlog moves lie after
 * it). `missing`: days of the range no refresh has computed.
 */
async function changedDays(tx: DbOrTx, input: { from: string; to: string; timeZone: string }): Promise<{ days: string[]; backlogFrom: string | null; missing: number }> {
  const { from, to, timeZone: tz } = input;
  const [window] = (await tx.execute(sql`
    select min(latest) as since, count(*) filter (where latest is null)::int as missing
    from generate_series(${from}::date, ${to}::date, interval '1 day') as d
    cross join lateral (
      select max(r.refreshed_at) as latest from report_refreshes r where r.time_zone = ${tz} and d::date between r.from_day and r.to_day
    ) as l`)) as unknown as [{ since: Date | string | null; missing: number }];
  if (window.since === null) return { days: [], backlogFrom: null, missing: window.missing };
  const t = sql`(${new Date(window.since).toISOString()}::timestamptz - interval '${sql.raw(CHANGE_MARGIN)}')`;
  const day = (column: string) => sql.raw(`(${column} at time zone '${tz.replaceAll("'", "''")}')::date`);
  const found = (await tx.execute(sql`
    with changed_orders as (
        select id as order_id from orders where updated_at >= ${t} or created_at >= ${t}
        union select order_id from order_lines where updated_at >= ${t}
        union select order_id from returns where updated_at >= ${t} or created_at >= ${t}
        union select order_id from refunds where updated_at >= ${t} or created_at >= ${t} or settled_at >= ${t}
        union select order_id from claims where updated_at >= ${t} or created_at >= ${t}
        union select order_id from shipments where order_id is not null and (updated_at >= ${t} or created_at >= ${t})
        union select order_id from delay_incidents where order_id is not null and (updated_at >= ${t} or opened_at >= ${t})
        union select order_id from domain_events where occurred_at >= ${t} and order_id is not null),
      changed_cases as (
        select id as case_id from cases where updated_at >= ${t} or created_at >= ${t}
        union select case_id from domain_events where occurred_at >= ${t} and case_id is not null
        union select case_id from inbound_emails where created_at >= ${t} and case_id is not null),
      changed_incidents as (
        select id from delay_incidents where updated_at >= ${t} or opened_at >= ${t} or dismissed_at >= ${t}
        union select incident_id from notices where updated_at >= ${t} or created_at >= ${t} or sent_at >= ${t} or remedy_chosen_at >= ${t}),
      -- Cases whose survey's cause or SLA outcome may have changed without the case itself changing.
      survey_cases as (
        select case_id from changed_cases
        union select c.id from cases c where c.order_id in (select order_id from changed_orders)
        union select c.id from cases c join returns r on r.id = c.return_id where r.order_id in (select order_id from changed_orders)
        union select c.id from cases c join claims cl on cl.id = c.claim_id where cl.order_id in (select order_id from changed_orders)
        union select c.id from cases c join delay_incidents i on i.shipment_id = c.shipment_id where i.id in (select id from changed_incidents)
        union select id from cases where first_response_due_at between ${t} and now() or resolution_due_at between ${t} and now()),
      days (day, backlog) as (
        select ${day('o.placed_at')}, false from orders o where o.id in (select order_id from changed_orders)
        union all select ${day('r.requested_at')}, false from returns r where r.updated_at >= ${t} or r.created_at >= ${t}
        union all select ${day('c.created_at')}, true from cases c where c.id in (select case_id from changed_cases)
        union all select ${day('s.sent_at')}, false from csat_responses s
          where s.case_id in (select case_id from survey_cases) or s.created_at >= ${t} or s.sent_at >= ${t} or s.responded_at >= ${t}
        union all select ${day('i.opened_at')}, false from delay_incidents i where i.id in (select id from changed_incidents))
    select to_char(day, 'YYYY-MM-DD') as day, bool_or(backlog) as backlog from days
    where day <= ${to}::date group by day order by day`)) as unknown as Array<{ day: string; backlog: boolean }>;
  // Days before the range are not the minute job's (their figures say how old they are); the backlog's from the range's start.
  const backlogFrom = found.find((f) => f.backlog)?.day ?? null;
  return {
    days: found.filter((f) => f.day >= from).map((f) => f.day),
    backlogFrom: backlogFrom && backlogFrom < from ? from : backlogFrom,
    missing: window.missing,
  };
}
