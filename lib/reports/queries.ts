import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import type { Actor } from '@/lib/core/actor';
import { col, rateCol, withoutSample, type ReportColumn, type ReportData, type ReportId, type ReportRow } from './definitions';
import type { ReportRange } from './range';
import { authorize } from '@/lib/core/authorize';
import { CSAT_CAUSES, SLA_OUTCOMES } from './csat-causes';

/**
 * Report reads. Everything but the tracking-view counts comes from the rollups (db/schema/reports.ts),
 * so each report is a few GROUP BYs over at most a few thousand rows whatever the number of orders.
 */
export type ReportQuery = { range: ReportRange; timeZone: string; locale: string };

type Rows = Array<Record<string, unknown>>;
async function rows(db: DbOrTx, query: SQL): Promise<ReportRow[]> {
  return ((await db.execute(query)) as unknown as Rows).map((row) => {
    const out: ReportRow = {};
    for (const [k, v] of Object.entries(row)) out[k] = v == null ? null : typeof v === 'number' || typeof v === 'string' ? v : String(v);
    return out;
  });
}

const between = (column: string, q: ReportQuery) => sql`${sql.raw(column)} between ${q.range.from}::date and ${q.range.to}::date`;
/** The period (day, week or month start) a rollup day falls in, as 'YYYY-MM-DD'. */
const period = (column: string, q: ReportQuery) => sql`to_char(date_trunc(${q.range.granularity}, (${sql.raw(column)})::timestamp)::date, 'YYYY-MM-DD')`;
/** Every period of the range, so a chart shows the quiet ones as zero. */
const periods = (q: ReportQuery) =>
  sql`select distinct to_char(date_trunc(${q.range.granularity}, d::timestamp)::date, 'YYYY-MM-DD') as period
      from generate_series(${q.range.from}::date, ${q.range.to}::date, interval '1 day') as d`;
const ratio = (a: string, b: string) => sql.raw(`case when ${b} > 0 then (${a})::float8 / ${b} end`);

export async function loadReport(db: DbOrTx, actor: Actor, id: ReportId, q: ReportQuery): Promise<ReportData> {
  // Agents and admins both read reports; customers and API keys never do.
  authorize(actor, 'reports.read');
  return readReport(db, id, q);
}

/**
 * A report without a permission check: only for the worker's scheduled emails (./send-scheduled-reports.ts),
 * which an admin authorized when saving the schedule. Everything a person asks for goes through `loadReport`.
 */
export async function readReport(db: DbOrTx, id: ReportId, q: ReportQuery): Promise<ReportData> {
  switch (id) {
    case 'returns':
      return returnsReport(db, q);
    case 'reasons':
      return reasonsReport(db, q);
    case 'revenue':
      return revenueReport(db, q);
    case 'sla':
      return slaReport(db, q);
    case 'team':
      return teamReport(db, q);
    case 'csat':
      return csatReport(db, q);
    case 'delays':
      return delaysReport(db, q);
    case 'wismo':
      return wismoReport(db, q);
  }
}

/** Return rate: units returned (returns neither rejected nor canceled) over units sold, orders placed in the range. */
async function returnsReport(db: DbOrTx, q: ReportQuery): Promise<ReportData> {
  const by = (key: 'sku' | 'market' | 'carrier') => sql`
    with s as (select key as k, max(title) as title, sum(units) as sold from report_sales_days where dim = ${key} and ${between('day', q)} group by 1),
         r as (select key as k, sum(units) as returned from report_return_days where dim = ${key} and ${between('day', q)} group by 1)
    select coalesce(s.k, r.k) as ${sql.raw(key)}, ${key === 'sku' ? sql`coalesce(s.title, '')` : sql`null`} as title,
      coalesce(s.sold, 0)::int as sold, coalesce(r.returned, 0)::int as returned, ${ratio('coalesce(r.returned, 0)', 's.sold')} as rate
    from s full join r on r.k = s.k
    order by coalesce(r.returned, 0) desc, coalesce(s.sold, 0) desc, 1`;
  const [byProduct, byMarket, byCarrier, byReason] = await Promise.all([
    rows(db, by('sku')),
    rows(db, by('market')),
    rows(db, by('carrier')),
    rows(
      db,
      sql`with sold as (select coalesce(sum(units), 0) as n from report_sales_days where dim = 'market' and ${between('day', q)})
          select key as reason, sum(units)::int as returned, (sum(units)::float8 / sum(sum(units)) over ()) as share, ${ratio('sum(units)', 'max(sold.n)')} as rate
          from report_return_days, sold where dim = 'reason' and ${between('day', q)} group by 1 order by 2 desc, 1`,
    ),
  ]);
  const labels = await reasonLabels(db, q.locale);
  for (const row of byReason) row.reasonLabel = labels.get(String(row.reason)) ?? String(row.reason);
  for (const row of byCarrier) if (row.carrier === '') row.carrier = '—';
  const rateCols = [col('sold', 'int'), col('returned', 'int'), rateCol('rate', 'percent', 'sold', 'returnRate')];
  return {
    id: 'returns',
    tables: [
      { id: 'byProduct', columns: [col('sku', 'text'), col('title', 'text', 'product'), ...rateCols], rows: byProduct },
      { id: 'byReason', columns: [col('reasonLabel', 'text', 'reason'), col('reason', 'text', 'reasonCode'), col('returned', 'int'), col('share', 'percent', 'shareOfReturns'), col('rate', 'percent', 'returnRate')], rows: byReason },
      { id: 'byMarket', columns: [col('market', 'text'), ...rateCols], rows: byMarket },
      { id: 'byCarrier', columns: [col('carrier', 'text'), ...rateCols], rows: byCarrier },
    ],
    charts: [
      { table: 'byProduct', kind: 'bar', x: 'sku', series: ['rate'] },
      { table: 'byReason', kind: 'bar', x: 'reasonLabel', series: ['returned'] },
      { table: 'byMarket', kind: 'bar', x: 'market', series: ['rate'] },
      { table: 'byCarrier', kind: 'bar', x: 'carrier', series: ['rate'] },
    ],
  };
}

/** Returned units per reason and period, by the day the return was requested. */
async function reasonsReport(db: DbOrTx, q: ReportQuery): Promise<ReportData> {
  const [cells, totals, labels] = await Promise.all([
    rows(db, sql`select ${period('day', q)} as period, key as reason, sum(units)::int as units from report_return_days where dim = 'requested_reason' and ${between('day', q)} group by 1, 2`),
    rows(db, sql`select key as reason, sum(units)::int as units, (sum(units)::float8 / sum(sum(units)) over ()) as share from report_return_days where dim = 'requested_reason' and ${between('day', q)} group by 1 order by 2 desc, 1`),
    reasonLabels(db, q.locale),
    // (periods come next, once the reasons are known)
  ]);
  const reasons = totals.map((t) => String(t.reason));
  const overTime = (await rows(db, sql`${periods(q)} order by 1`)).map((p) => {
    const row: ReportRow = { period: p.period ?? null };
    for (const r of reasons) row[`r:${r}`] = 0;
    return row;
  });
  const byPeriod = new Map(overTime.map((row) => [row.period, row]));
  for (const c of cells) byPeriod.get(c.period ?? null)![`r:${c.reason}`] = c.units ?? 0;
  for (const t of totals) t.reasonLabel = labels.get(String(t.reason)) ?? String(t.reason);
  const reasonColumns: ReportColumn[] = reasons.map((r) => ({ key: `r:${r}`, label: labels.get(r) ?? r, literal: true, format: 'int' }));
  return {
    id: 'reasons',
    tables: [
      { id: 'overTime', columns: [col('period', 'text'), ...reasonColumns], rows: overTime },
      { id: 'totals', columns: [col('reasonLabel', 'text', 'reason'), col('reason', 'text', 'reasonCode'), col('units', 'int', 'returned'), col('share', 'percent', 'shareOfReturns')], rows: totals },
    ],
    charts: [{ table: 'overTime', kind: 'bar', x: 'period', series: reasonColumns.map((c) => c.key), stacked: true }],
  };
}

/** Money kept vs refunded, orders placed in the range, per currency; exchanges and store credit are kept revenue. */
async function revenueReport(db: DbOrTx, q: ReportQuery): Promise<ReportData> {
  const body = (key: string, from: SQL) => sql`
    with m as (select ${from} as k, currency, sum(orders) as orders, sum(captured) as captured, sum(refunded) as refunded
               from report_revenue_days where ${between('day', q)} group by 1, 2),
         x as (select ${key === 'period' ? period('day', q) : sql.raw('key')} as k, currency,
                 sum(amount) filter (where resolution = 'exchange') as exchanged, sum(amount) filter (where resolution = 'store_credit') as credited
               from report_return_days where dim = ${key === 'period' ? 'resolution' : 'market'} and ${between('day', q)} group by 1, 2)
    select m.k as ${sql.raw(key)}, m.currency, m.orders::int, m.captured::float8, m.refunded::float8, (m.captured - m.refunded)::float8 as kept,
      coalesce(x.exchanged, 0)::float8 as exchanged, coalesce(x.credited, 0)::float8 as credited, ${ratio('m.refunded', 'm.captured')} as "refundShare"
    from m left join x on x.k = m.k and x.currency = m.currency`;
  const [byPeriodRaw, byMarket, currencies] = await Promise.all([
    rows(db, sql`${body('period', period('day', q))} order by 1, 2`),
    rows(db, sql`${body('market', sql.raw('market'))} order by captured desc, 1, 2`),
    rows(db, sql`select currency from report_revenue_days where ${between('day', q)} group by 1 order by sum(captured) desc`),
  ]);
  // Quiet periods show as zero in the main currency.
  const main = currencies[0]?.currency ?? null;
  const seen = new Set(byPeriodRaw.map((r) => `${r.period}|${r.currency}`));
  const byPeriod = [...byPeriodRaw];
  if (main)
    for (const p of await rows(db, sql`${periods(q)}`))
      if (!seen.has(`${p.period}|${main}`)) byPeriod.push({ period: p.period ?? null, currency: main, orders: 0, captured: 0, refunded: 0, kept: 0, exchanged: 0, credited: 0, refundShare: null });
  byPeriod.sort((a, b) => String(a.period).localeCompare(String(b.period)) || String(a.currency).localeCompare(String(b.currency)));
  const money = [col('orders', 'int'), col('captured', 'money'), col('refunded', 'money'), col('kept', 'money'), col('exchanged', 'money'), col('credited', 'money'), col('refundShare', 'percent')];
  return {
    id: 'revenue',
    tables: [
      { id: 'byPeriod', columns: [col('period', 'text'), col('currency', 'text'), ...money], rows: byPeriod },
      { id: 'byMarket', columns: [col('market', 'text'), col('currency', 'text'), ...money], rows: byMarket },
    ],
    charts: [{ table: 'byPeriod', kind: 'bar', x: 'period', series: ['kept', 'refunded'], stacked: true }],
  };
}

const slaFigures = sql`sum(cases)::int as cases, sum(responded)::int as responded,
  case when sum(responded) > 0 then sum(responded_in_sla)::float8 / sum(responded) end as "firstResponseSla",
  case when sum(responded) > 0 then round((sum(response_seconds)::numeric / sum(responded)) / 3600, 2)::float8 end as "avgFirstResponseHours",
  sum(resolved)::int as resolved, case when sum(resolved) > 0 then sum(resolved_in_sla)::float8 / sum(resolved) end as "resolutionSla"`;

/** SLA attainment (first response, resolution) and first-response times, cases opened in the range. */
async function slaReport(db: DbOrTx, q: ReportQuery): Promise<ReportData> {
  const [byPeriod, byType, [buckets], backlog] = await Promise.all([
    rows(db, sql`with p as (${periods(q)}), c as (select ${period('day', q)} as period, ${slaFigures} from report_case_days where ${between('day', q)} group by 1)
                 select p.period, coalesce(c.cases, 0) as cases, coalesce(c.responded, 0) as responded, c."firstResponseSla", c."avgFirstResponseHours",
                   coalesce(c.resolved, 0) as resolved, c."resolutionSla" from p left join c using (period) order by 1`),
    rows(db, sql`select type, ${slaFigures} from report_case_days where ${between('day', q)} group by 1 order by 2 desc, 1`),
    rows(db, sql`select coalesce(sum(response_within_1h), 0)::int as h1, coalesce(sum(response_within_4h), 0)::int as h4, coalesce(sum(response_within_8h), 0)::int as h8,
                   coalesce(sum(response_within_24h), 0)::int as h24, coalesce(sum(response_later), 0)::int as later from report_case_days where ${between('day', q)}`),
    backlogOverTime(db, q),
  ]);
  const distribution = (['h1', 'h4', 'h8', 'h24', 'later'] as const).map((bucket) => ({ bucket, cases: buckets?.[bucket] ?? 0 }));
  const figures = [
    col('cases', 'int'),
    col('responded', 'int'),
    rateCol('firstResponseSla', 'percent', 'responded'),
    rateCol('avgFirstResponseHours', 'hours', 'responded'),
    col('resolved', 'int'),
    rateCol('resolutionSla', 'percent', 'resolved'),
  ];
  return {
    id: 'sla',
    tables: [
      { id: 'byPeriod', columns: [col('period', 'text'), ...withoutSample(figures)], rows: byPeriod },
      { id: 'byType', columns: [col('type', 'text', 'caseType'), ...figures], rows: byType },
      { id: 'firstResponse', columns: [col('bucket', 'text', 'responseTime'), col('cases', 'int')], rows: distribution },
      {
        id: 'backlog',
        columns: [col('period', 'text'), col('opened', 'int', 'casesOpened'), col('reopened', 'int'), col('resolved', 'int'), col('open', 'int', 'openAtEnd'), col('breached', 'int', 'breachedAtEnd')],
        rows: backlog,
      },
    ],
    charts: [
      { table: 'byPeriod', kind: 'line', x: 'period', series: ['firstResponseSla', 'resolutionSla'] },
      { table: 'firstResponse', kind: 'bar', x: 'bucket', series: ['cases'] },
      { table: 'backlog', kind: 'line', x: 'period', series: ['open', 'breached'] },
    ],
  };
}

/**
 * Backlog over time from the daily snapshots (report_backlog_days, filled by the refresh from ./backlog-moves.ts):
 * moves summed over the period's days, open and breached as at its last day's end. A period not begun has none.
 */
async function backlogOverTime(db: DbOrTx, q: ReportQuery): Promise<ReportRow[]> {
  return rows(
    db,
    sql`with p as (${periods(q)}),
      d as (select ${period('day', q)} as period, sum(opened) as opened, sum(reopened) as reopened, sum(resolved) as resolved,
              (array_agg(open_at_end order by day desc))[1] as open, (array_agg(breached_at_end order by day desc))[1] as breached
            from report_backlog_days where ${between('day', q)} group by 1)
    select p.period, coalesce(d.opened, 0)::int as opened, coalesce(d.reopened, 0)::int as reopened, coalesce(d.resolved, 0)::int as resolved, d.open, d.breached
    from p left join d using (period) order by 1`,
  );
}

/**
 * The team: per agent, the cases opened in the range that they hold, answered and resolved, with the median
 * first response and resolution times (medians: one forgotten case must not drag a good agent's figure);
 * and when cases come in, by weekday and hour in the shop's time zone, for planning shifts. Read from
 * `cases` directly (a median does not roll up) through its created_at index, the range's cases only.
 */
async function teamReport(db: DbOrTx, q: ReportQuery): Promise<ReportData> {
  const start = sql`((${q.range.from}::date)::timestamp at time zone ${q.timeZone})`;
  const end = sql`((${q.range.to}::date + 1)::timestamp at time zone ${q.timeZone})`;
  const hours = (from: string, to: string) => sql.raw(`extract(epoch from ${to} - ${from}) / 3600`);
  const [byAgent, cells] = await Promise.all([
    rows(
      db,
      sql`select coalesce(min(s.name), '') as agent, count(*)::int as cases, count(c.first_responded_at)::int as responded, count(c.resolved_at)::int as resolved,
            round((percentile_cont(0.5) within group (order by ${hours('c.created_at', 'c.first_responded_at')}))::numeric, 2)::float8 as "medianFirstResponseHours",
            round((percentile_cont(0.5) within group (order by ${hours('c.created_at', 'c.resolved_at')}))::numeric, 2)::float8 as "medianResolutionHours"
          from cases c left join staff_users s on s.id = c.assignee_id
          where c.created_at >= ${start} and c.created_at < ${end}
          group by c.assignee_id order by 4 desc, 2 desc, 1`,
    ),
    rows(
      db,
      sql`select extract(isodow from c.created_at at time zone ${q.timeZone})::int as weekday, extract(hour from c.created_at at time zone ${q.timeZone})::int as hour, count(*)::int as cases
          from cases c where c.created_at >= ${start} and c.created_at < ${end} group by 1, 2`,
    ),
  ]);
  const hourKeys = Array.from({ length: 24 }, (_, h) => `h${String(h).padStart(2, '0')}`);
  const byHour: ReportRow[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: String(weekday), ...Object.fromEntries(hourKeys.map((k) => [k, 0])), total: 0 }));
  for (const cell of cells) {
    const row = byHour[Number(cell.weekday) - 1]!;
    row[hourKeys[Number(cell.hour)]!] = Number(cell.cases);
    row.total = Number(row.total) + Number(cell.cases);
  }
  return {
    id: 'team',
    tables: [
      {
        id: 'byAgent',
        columns: [
          col('agent', 'text'),
          col('cases', 'int'),
          col('responded', 'int'),
          col('resolved', 'int'),
          col('medianFirstResponseHours', 'hours'),
          col('medianResolutionHours', 'hours'),
        ],
        rows: byAgent,
      },
      {
        id: 'byHour',
        columns: [col('weekday', 'text'), ...hourKeys.map((key, h): ReportColumn => ({ key, label: String(h).padStart(2, '0'), literal: true, format: 'int' })), col('total', 'int', 'cases')],
        rows: byHour,
      },
    ],
    charts: [
      { table: 'byAgent', kind: 'bar', x: 'agent', series: ['resolved'] },
      { table: 'byHour', kind: 'bar', x: 'weekday', series: ['total'] },
    ],
  };
}

const csatFigures = sql`sum(sent)::int as sent, sum(answers)::int as answers,
  case when sum(answers) > 0 then round(sum(score_sum)::numeric / sum(answers), 2)::float8 end as average,
  case when sum(answers) > 0 then sum(satisfied)::float8 / sum(answers) end as "satisfiedShare"`;

/** Answers, average score and satisfied share (4–5) of answered surveys, from report_csat_cause_days. */
const answerFigures = sql`sum(answers)::int as answers, round(sum(score_sum)::numeric / sum(answers), 2)::float8 as average, sum(satisfied)::float8 / sum(answers) as "satisfiedShare"`;

/**
 * Satisfaction by agent (the assignee when the survey went out) and over time, surveys sent in the range; and
 * the answered surveys by their case's cause (csat-causes.ts) and by whether the case met its SLA, both
 * settled by the refresh (refresh-reports.ts) into report_csat_cause_days.
 */
async function csatReport(db: DbOrTx, q: ReportQuery): Promise<ReportData> {
  const [overall, byAgent, byPeriod, causes, outcomes] = await Promise.all([
    rows(db, sql`select ${csatFigures} from report_csat_days where ${between('day', q)}`),
    rows(db, sql`select r.agent_id as "agentId", coalesce(min(s.name), '') as agent, ${csatFigures}
                 from report_csat_days r left join staff_users s on s.id = r.agent_id where ${between('r.day', q)} group by 1 order by 3 desc, 2`),
    rows(db, sql`with p as (${periods(q)}), c as (select ${period('day', q)} as period, ${csatFigures} from report_csat_days where ${between('day', q)} group by 1)
                 select p.period, coalesce(c.sent, 0) as sent, coalesce(c.answers, 0) as answers, c.average, c."satisfiedShare" from p left join c using (period) order by 1`),
    rows(db, sql`select cause, ${answerFigures} from report_csat_cause_days where ${between('day', q)} group by 1`),
    rows(db, sql`select sla_outcome as "slaOutcome", ${answerFigures} from report_csat_cause_days where ${between('day', q)} group by 1`),
  ]);
  const empty = { answers: 0, average: null, satisfiedShare: null };
  const byCause = CSAT_CAUSES.map((cause) => ({ cause, ...empty, ...causes.find((r) => r.cause === cause) }));
  const bySlaOutcome = SLA_OUTCOMES.map((slaOutcome) => ({ slaOutcome, ...empty, ...outcomes.find((r) => r.slaOutcome === slaOutcome) }));
  const figures = [col('sent', 'int', 'surveys'), col('answers', 'int'), rateCol('average', 'decimal', 'answers', 'averageScore'), rateCol('satisfiedShare', 'percent', 'answers')];
  const answerColumns = figures.slice(1);
  return {
    id: 'csat',
    tables: [
      { id: 'overall', columns: withoutSample(figures), rows: overall.map((r) => ({ ...r, sent: r.sent ?? 0, answers: r.answers ?? 0 })) },
      { id: 'byAgent', columns: [col('agent', 'text'), ...figures], rows: byAgent.map(({ agentId: _, ...r }) => r) },
      { id: 'byPeriod', columns: [col('period', 'text'), ...withoutSample(figures)], rows: byPeriod },
      { id: 'byCause', columns: [col('cause', 'text'), ...answerColumns], rows: byCause },
      { id: 'bySlaOutcome', columns: [col('slaOutcome', 'text'), ...answerColumns], rows: bySlaOutcome },
    ],
    charts: [
      { table: 'byPeriod', kind: 'line', x: 'period', series: ['average'] },
      { table: 'byAgent', kind: 'bar', x: 'agent', series: ['average'] },
      { table: 'byCause', kind: 'bar', x: 'cause', series: ['satisfiedShare'] },
    ],
  };
}

const delayFigures = sql`sum(incidents)::int as incidents, sum(escalated)::int as escalated, sum(dismissed)::int as dismissed,
  sum(notices)::int as notices, sum(notices_sent)::int as "noticesSent", sum(remedies_chosen)::int as "remediesChosen"`;

/** Delay incidents and the notices about them, by carrier and kind, incidents opened in the range. */
async function delaysReport(db: DbOrTx, q: ReportQuery): Promise<ReportData> {
  const [byCarrier, byKind, byPeriod] = await Promise.all([
    rows(db, sql`select carrier, ${delayFigures} from report_delay_days where ${between('day', q)} group by 1 order by 2 desc, 1`),
    rows(db, sql`select kind, carrier, ${delayFigures} from report_delay_days where ${between('day', q)} group by 1, 2 order by 1, 3 desc, 2`),
    rows(db, sql`with p as (${periods(q)}), c as (select ${period('day', q)} as period, ${delayFigures} from report_delay_days where ${between('day', q)} group by 1)
                 select p.period, coalesce(c.incidents, 0) as incidents, coalesce(c.notices, 0) as notices from p left join c using (period) order by 1`),
  ]);
  const figures = ['incidents', 'escalated', 'dismissed', 'notices', 'noticesSent', 'remediesChosen'].map((k) => col(k, 'int'));
  return {
    id: 'delays',
    tables: [
      { id: 'byCarrier', columns: [col('carrier', 'text'), ...figures], rows: byCarrier },
      { id: 'byKind', columns: [col('kind', 'text', 'delayKind'), col('carrier', 'text'), ...figures], rows: byKind },
      { id: 'byPeriod', columns: [col('period', 'text'), col('incidents', 'int'), col('notices', 'int')], rows: byPeriod },
    ],
    charts: [
      { table: 'byCarrier', kind: 'bar', x: 'carrier', series: ['incidents', 'notices'] },
      { table: 'byPeriod', kind: 'line', x: 'period', series: ['incidents', 'notices'] },
    ],
  };
}

/** "Where is my order" deflection: tracking-page views against delivery cases and questions opened. */
async function wismoReport(db: DbOrTx, q: ReportQuery): Promise<ReportData> {
  const start = sql`((${q.range.from}::date)::timestamp at time zone ${q.timeZone})`;
  const end = sql`((${q.range.to}::date + 1)::timestamp at time zone ${q.timeZone})`;
  const byPeriod = await rows(
    db,
    sql`with p as (${periods(q)}),
      v as (select ${period(`(hour at time zone '${q.timeZone.replaceAll("'", "''")}')::date`, q)} as period, sum(views) as views
            from tracking_view_hours where hour >= ${start} and hour < ${end} group by 1),
      c as (select ${period('day', q)} as period, sum(cases) filter (where type = 'delivery_issue') as delivery, sum(cases) filter (where type = 'question') as questions,
                   sum(email_deflected) as deflected
            from report_case_days where ${between('day', q)} and type in ('delivery_issue', 'question') group by 1)
    select p.period, coalesce(v.views, 0)::int as views, coalesce(c.delivery, 0)::int as "deliveryCases", coalesce(c.questions, 0)::int as questions,
      coalesce(c.deflected, 0)::int as "emailDeflected"
    from p left join v using (period) left join c using (period) order by 1`,
  );
  const withRates = (row: ReportRow): ReportRow => {
    const views = Number(row.views);
    // Questions answered automatically by email (lib/inbound) needed no agent: they count as deflected, not as contacts.
    const contacts = Math.max(0, Number(row.deliveryCases) + Number(row.questions) - Number(row.emailDeflected ?? 0));
    return { ...row, contactsPer1000: views > 0 ? Math.round((contacts / views) * 100_000) / 100 : null, deflection: views > 0 ? Math.max(0, 1 - contacts / views) : null };
  };
  const sum = (k: string) => byPeriod.reduce((a, r) => a + Number(r[k]), 0);
  const total = withRates({ views: sum('views'), deliveryCases: sum('deliveryCases'), questions: sum('questions'), emailDeflected: sum('emailDeflected') });
  const figures = [
    col('views', 'int', 'trackingViews'),
    col('deliveryCases', 'int'),
    col('questions', 'int'),
    col('emailDeflected', 'int'),
    col('contactsPer1000', 'decimal'),
    col('deflection', 'percent'),
  ];
  return {
    id: 'wismo',
    tables: [
      { id: 'total', columns: figures, rows: [total] },
      { id: 'byPeriod', columns: [col('period', 'text'), ...figures], rows: byPeriod.map(withRates) },
    ],
    charts: [{ table: 'byPeriod', kind: 'line', x: 'period', series: ['contactsPer1000'] }],
  };
}

/** Reason codes → the active policy's label in the staff member's language (en fallback, then the code). */
async function reasonLabels(db: DbOrTx, locale: string): Promise<Map<string, string>> {
  const [policy] = (await db.execute(sql`select reasons from return_policies where is_active limit 1`)) as unknown as Array<{ reasons: ReasonNode[] }>;
  const out = new Map<string, string>();
  const walk = (nodes: ReasonNode[] | undefined) => {
    for (const n of nodes ?? []) {
      const label = n.labels?.[locale] ?? n.labels?.en;
      if (label) out.set(n.code, label);
      walk(n.children);
    }
  };
  walk(policy?.reasons);
  return out;
}
type ReasonNode = { code: string; labels?: Record<string, string>; children?: ReasonNode[] };

/**
 * How old the figures of local days from..to are: each day's rows are from the latest refresh that covered it
 * (in this time zone), so the range is as of the oldest of those; `missingDays` were never computed.
 * `at` is null when no day of the range was.
 */
export async function figuresAsOf(db: DbOrTx, input: { from: string; to: string; timeZone: string }): Promise<{ at: Date | null; missingDays: number }> {
  const [row] = (await db.execute(sql`
    select min(latest) as at, count(*) filter (where latest is null)::int as missing
    from generate_series(${input.from}::date, ${input.to}::date, interval '1 day') as d
    cross join lateral (
      select max(r.refreshed_at) as latest from report_refreshes r
      where r.time_zone = ${input.timeZone} and d::date between r.from_day and r.to_day
    ) as l`)) as unknown as Array<{ at: Date | string | null; missing: number }>;
  return { at: row?.at ? new Date(row.at) : null, missingDays: row?.missing ?? 0 };
}
