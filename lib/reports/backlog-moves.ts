// No `server-only`: the rollup refresh (worker, benchmark) imports it.
import { sql, type SQL } from 'drizzle-orm';
import type { Granularity } from './range';

/** A case's status change in the event log: to resolved or closed resolves it; any other status, or a customer's message, reopens it. */
const resolvesCase = sql.raw(`(e.type = 'case.resolved' or coalesce(e.data->'changes'->'status'->>'to', '') in ('resolved', 'closed'))`);
/** When the case breached its SLA: the earlier of the first-response and resolution due times it missed (null: it missed none). */
const breachedAt = sql.raw(`least(
  case when c.first_response_due_at is not null and (c.first_responded_at is null or c.first_responded_at > c.first_response_due_at) then c.first_response_due_at end,
  case when c.resolution_due_at is not null and (c.resolved_at is null or c.resolved_at > c.resolution_due_at) then c.resolution_due_at end)`);

/**
 * Backlog over time from the base tables: per period of local days from..to (day, week or month starts as
 * 'YYYY-MM-DD'), cases opened, reopened and resolved in it, and at its end (now, for the current one) how many
 * were open and how many of those had breached their SLA; `open` and `breached` are null for a period not begun.
 * The refresh stores it per day in report_backlog_days (the SLA report sums those days); the same query per week
 * or month is what those sums must equal. Each case adds +1/−1 "moves" (opened, resolved, breached, breach over)
 * at their instants, the moves before `from` give the opening backlog, and the periods sum them up. `cases` keeps
 * only the latest resolution, so a case reopened later was, between its earlier resolution and the reopening, not
 * open: those spells come from the event log (resolving and reopening events of cases reopened since `from`), and
 * they count as resolved, then reopened, in their periods.
 */
export function backlogByPeriod(input: { from: string; to: string; timeZone: string; granularity: Granularity }): SQL {
  const { from, to, timeZone, granularity } = input;
  const start = sql`((${from}::date)::timestamp at time zone ${timeZone})`;
  const end = sql`least((${to}::date + 1)::timestamp at time zone ${timeZone}, now())`;
  return sql`with p as (
        select distinct to_char(date_trunc(${granularity}, d::timestamp)::date, 'YYYY-MM-DD') as period
        from generate_series(${from}::date, ${to}::date, interval '1 day') as d),
      -- Where each period begins (the first at the range's start): a move falls in the period width_bucket finds, 0 = before the range.
      bounds as (select array_agg((greatest(period::date, ${from}::date))::timestamp at time zone ${timeZone} order by period) as t from p),
      cs as (select c.created_at, c.resolved_at, ${breachedAt} as b from cases c where c.created_at < ${end}),
      events as (
        select e.case_id, e.occurred_at as moment, e.id, not ${resolvesCase} as open
        from domain_events e
        where e.case_id in (
            -- Reopened since the range began (by the customer or by staff), through the public rows' type index.
            select r.case_id from domain_events r
            where r.audience = 'public' and r.type in ('case.customer_replied', 'case.updated') and r.occurred_at >= ${start} and r.case_id is not null
              and (r.data->>'reopened' = 'true' or r.data->'changes'->'status'->>'from' in ('resolved', 'closed')))
          and (e.type in ('case.resolved', 'case.customer_replied') or e.data->'changes'->'status' is not null)),
      turns as (
        select case_id, moment, open from (select *, lag(open) over (partition by case_id order by moment, id) as was from events) m
        where open <> coalesce(was, true)),
      spells as (
        select x.resolved_at, x.reopened_at, ${breachedAt} as b
        from (select case_id, moment as resolved_at, lead(moment) over (partition by case_id order by moment) as reopened_at, open from turns) x
        join cases c on c.id = x.case_id
        where not x.open and x.reopened_at is not null),
      moves (moment, open, breached, opened, reopened, resolved) as (
        select created_at, 1, 0, 1, 0, 0 from cs
        union all select resolved_at, -1, 0, 0, 0, 1 from cs where resolved_at is not null
        union all select b, 0, 1, 0, 0, 0 from cs where b is not null
        union all select greatest(b, resolved_at), 0, -1, 0, 0, 0 from cs where b is not null and resolved_at is not null
        union all select resolved_at, -1, 0, 0, 0, 1 from spells
        union all select reopened_at, 1, 0, 0, 1, 0 from spells
        union all select greatest(b, resolved_at), 0, -1, 0, 0, 0 from spells where b < reopened_at
        union all select reopened_at, 0, 1, 0, 0, 0 from spells where b < reopened_at),
      sums as (
        select width_bucket(m.moment, bounds.t) as n, sum(open) as open, sum(breached) as breached, sum(opened) as opened, sum(reopened) as reopened, sum(resolved) as resolved
        from moves m, bounds where m.moment < ${end} group by 1),
      base as (select coalesce(sum(open), 0) as open, coalesce(sum(breached), 0) as breached from sums where n = 0)
    select p.period, coalesce(s.opened, 0)::int as opened, coalesce(s.reopened, 0)::int as reopened, coalesce(s.resolved, 0)::int as resolved,
      -- A period that has not begun yet has no backlog.
      case when (p.period::date)::timestamp at time zone ${timeZone} <= now() then (base.open + sum(coalesce(s.open, 0)) over w)::int end as open,
      case when (p.period::date)::timestamp at time zone ${timeZone} <= now() then (base.breached + sum(coalesce(s.breached, 0)) over w)::int end as breached
    from (select period, row_number() over (order by period) as n from p) p cross join base left join sums s on s.n = p.n
    window w as (order by p.period)
    order by 1`;
}
