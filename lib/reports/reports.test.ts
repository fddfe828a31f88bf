/**
 * Report aggregates against seeded rows. Each test seeds its own orders, returns, cases, surveys and
 * incidents on days of its own (a random date years back, where no other test writes), rebuilds the
 * rollups for those days, and checks the report against what the seeded rows must give — and against
 * an independent SQL aggregate over the base tables.
 */
import { randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, cases, csatResponses, delayIncidents, notices, orderLines, orders, refunds, returnItems, returns, shipments, variants } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { testDb, uniqueId } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createCase, createStaff } from '@/test/staff-factories';
import { CSV_BOM, csvCell, toCsv } from './csv';
import type { ReportData, ReportId, ReportRow } from './definitions';
import { exportReportCsv } from './export-report';
import { loadReport } from './queries';
import { addDays, parseRange, resolveRange } from './range';
import { refreshReports } from './refresh-reports';
import { countTrackingView, flushTrackingViews } from './tracking-views';

const db = testDb();
const TZ = 'Europe/Helsinki';
const staff: Actor = { type: 'staff', staffId: '00000000-0000-4000-8000-000000000001', role: 'agent' };

/**
 * A three-day window of our own: a random day between 2001 and 2019, at least a week from every window this
 * file already took (two tests in one window count each other's cases: seen once on PostgreSQL 15 in CI).
 */
const taken: number[] = [];
function ownWindow() {
  let day = randomInt(0, 6900);
  while (taken.some((t) => Math.abs(t - day) < 7)) day = randomInt(0, 6900);
  taken.push(day);
  const from = addDays('2001-01-01', day);
  const range = resolveRange({ range: 'custom', from, to: addDays(from, 2) }, TZ);
  return { from, to: range.to, range };
}
/** Noon of a local day (Helsinki is UTC+2/+3: 09:00Z is always that day). */
const at = (day: string, hourUtc = 9) => new Date(`${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`);

async function report(id: ReportId, range: ReturnType<typeof ownWindow>['range'], locale: 'en' | 'fi' = 'en'): Promise<ReportData> {
  await refreshReports(db, { from: range.from, to: range.to, timeZone: TZ });
  return loadReport(db, staff, id, { range, timeZone: TZ, locale });
}
const table = (data: ReportData, id: string) => data.tables.find((t) => t.id === id)!.rows;
const find = (rows: ReportRow[], key: string, value: unknown) => rows.find((r) => r[key] === value);

/** Two orders on `day` (FI and SE) and one the day before; lines: a sweater by posti, 2 socks by Matkahuolto. */
async function seedReturns(day: string) {
  const a = await createOrder(db);
  const b = await createOrder(db);
  const before = await createOrder(db);
  await db.update(orders).set({ placedAt: at(day), market: 'FI' }).where(eq(orders.id, a.id));
  await db.update(orders).set({ placedAt: at(day, 10), market: 'SE' }).where(eq(orders.id, b.id));
  await db.update(orders).set({ placedAt: at(addDays(day, -1)) }).where(eq(orders.id, before.id));
  const lines = async (orderId: string) => {
    const rows = await db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.position);
    return { sweater: rows[0]!, socks: rows[1]! };
  };
  const [la, lb, lbefore] = [await lines(a.id), await lines(b.id), await lines(before.id)];
  const [variant] = await db.insert(variants).values({ sku: uniqueId('V'), productKey: 'sweater', title: 'Merino Sweater L', price: 5990, stock: 3 }).returning();
  const newReturn = async (orderId: string, requestedAt: Date, status: 'requested' | 'rejected' | 'completed') =>
    (await db.insert(returns).values({ rmaNumber: uniqueId('R'), orderId, method: 'drop_off', currency: 'EUR', status, requestedAt }).returning())[0]!;
  const ra = await newReturn(a.id, at(addDays(day, 1)), 'completed');
  await db.insert(returnItems).values([
    { returnId: ra.id, orderLineId: la.sweater.id, quantity: 1, reasonCode: 'too_small', resolution: 'exchange', exchangeVariantId: variant!.id },
    { returnId: ra.id, orderLineId: la.socks.id, quantity: 1, reasonCode: 'defective', resolution: 'refund' },
  ]);
  await db.insert(refunds).values({ orderId: a.id, returnId: ra.id, amount: 1490, currency: 'EUR' });
  const rejected = await newReturn(a.id, at(addDays(day, 1)), 'rejected');
  await db.insert(returnItems).values({ returnId: rejected.id, orderLineId: la.socks.id, quantity: 1, reasonCode: 'changed_mind', resolution: 'refund' });
  const rb = await newReturn(b.id, at(addDays(day, 2)), 'requested');
  await db.insert(returnItems).values({ returnId: rb.id, orderLineId: lb.socks.id, quantity: 2, reasonCode: 'too_small', resolution: 'store_credit' });
  // Placed before the window, returned inside it: a reason in the window, not part of its return rate.
  const rbefore = await newReturn(before.id, at(day), 'requested');
  await db.insert(returnItems).values({ returnId: rbefore.id, orderLineId: lbefore.sweater.id, quantity: 1, reasonCode: 'changed_mind', resolution: 'refund' });
  return { a, b, skus: [la.sweater.sku, la.socks.sku, lb.sweater.sku, lb.socks.sku] };
}

/** The same figures straight from the base tables, without the rollups. */
async function independentReturnRates(from: string, to: string) {
  return (await db.execute(sql`
    with o as (select * from orders where canceled_at is null
                 and placed_at >= (${from}::date)::timestamp at time zone ${TZ} and placed_at < (${to}::date + 1)::timestamp at time zone ${TZ}),
         sold as (select ol.sku, sum(ol.quantity)::int as sold from o join order_lines ol on ol.order_id = o.id group by 1),
         ret as (select ol.sku, sum(ri.quantity)::int as returned from o join returns r on r.order_id = o.id and r.status not in ('rejected', 'canceled')
                 join return_items ri on ri.return_id = r.id join order_lines ol on ol.id = ri.order_line_id group by 1)
    select sold.sku, sold.sold, coalesce(ret.returned, 0) as returned from sold left join ret using (sku) order by 1`)) as unknown as Array<{ sku: string; sold: number; returned: number }>;
}

describe('report aggregates', () => {
  it('return rate by product, reason, market and carrier counts returned units of orders placed in the range', async () => {
    const { from, to, range } = ownWindow();
    const { skus } = await seedReturns(from);
    const data = await report('returns', range);
    const byProduct = table(data, 'byProduct');
    expect(byProduct.map((r) => r.sku).sort()).toEqual([...skus].sort());
    expect(find(byProduct, 'sku', skus[0])).toMatchObject({ sold: 1, returned: 1, rate: 1 });
    expect(find(byProduct, 'sku', skus[1])).toMatchObject({ sold: 2, returned: 1, rate: 0.5 }); // the rejected return does not count
    expect(find(byProduct, 'sku', skus[3])).toMatchObject({ sold: 2, returned: 2, rate: 1 });
    expect(find(table(data, 'byMarket'), 'market', 'FI')).toMatchObject({ sold: 3, returned: 2 });
    expect(find(table(data, 'byMarket'), 'market', 'SE')).toMatchObject({ sold: 3, returned: 2 });
    expect(find(table(data, 'byCarrier'), 'carrier', 'posti')).toMatchObject({ sold: 2, returned: 1, rate: 0.5 });
    expect(find(table(data, 'byCarrier'), 'carrier', 'matkahuolto')).toMatchObject({ sold: 4, returned: 3, rate: 0.75 });
    const byReason = table(data, 'byReason');
    expect(find(byReason, 'reason', 'too_small')).toMatchObject({ returned: 3, share: 0.75, rate: 0.5 });
    expect(find(byReason, 'reason', 'changed_mind')).toBeUndefined(); // rejected, or an order from before the range
    // And the same as straight from the base tables.
    const independent = await independentReturnRates(from, to);
    expect(byProduct.map((r) => ({ sku: r.sku, sold: r.sold, returned: r.returned })).sort((x, y) => String(x.sku).localeCompare(String(y.sku)))).toEqual(independent);
  });

  it('a refresh run twice gives the same figures (it rebuilds its days, it does not add to them)', async () => {
    const { range } = ownWindow();
    await seedReturns(range.from);
    const first = await report('returns', range);
    const second = await report('returns', range);
    expect(second.tables).toEqual(first.tables);
  });

  it('reasons over time go by the day the return was requested', async () => {
    const { range } = ownWindow();
    await seedReturns(range.from);
    const data = await report('reasons', range);
    const overTime = table(data, 'overTime');
    expect(overTime.map((r) => r.period)).toEqual([range.from, addDays(range.from, 1), addDays(range.from, 2)]);
    expect(overTime[0]).toMatchObject({ 'r:changed_mind': 1, 'r:too_small': 0 }); // the order from the day before
    expect(overTime[1]).toMatchObject({ 'r:too_small': 1, 'r:defective': 1 });
    expect(overTime[2]).toMatchObject({ 'r:too_small': 2 });
    expect(find(table(data, 'totals'), 'reason', 'too_small')).toMatchObject({ units: 3, share: 0.6 });
  });

  it('refunded vs kept revenue counts exchanges and store credit as kept', async () => {
    const { range } = ownWindow();
    await seedReturns(range.from);
    const data = await report('revenue', range);
    const byPeriod = table(data, 'byPeriod').filter((r) => r.orders !== 0);
    expect(byPeriod).toEqual([
      { period: range.from, currency: 'EUR', orders: 2, captured: 19_120, refunded: 1490, kept: 17_630, exchanged: 5990, credited: 2980, refundShare: 1490 / 19_120 },
    ]);
    expect(table(data, 'byPeriod')).toHaveLength(3); // quiet days show as zero
    expect(find(table(data, 'byMarket'), 'market', 'SE')).toMatchObject({ orders: 1, refunded: 0, credited: 2980 });
  });

  it('SLA attainment and first-response times of cases opened in the range', async () => {
    const { range } = ownWindow();
    const day = range.from;
    const one = await createCase(db);
    const two = await createCase(db);
    await db
      .update(cases)
      .set({ createdAt: at(day, 8), firstResponseDueAt: at(day, 12), firstRespondedAt: at(day, 9), resolutionDueAt: at(addDays(day, 2)), resolvedAt: at(addDays(day, 1)), status: 'resolved' })
      .where(eq(cases.id, one.id));
    await db
      .update(cases)
      .set({ type: 'delivery_issue', createdAt: at(day, 10), firstResponseDueAt: at(day, 11), firstRespondedAt: at(day, 15), resolutionDueAt: at(addDays(day, 1)) })
      .where(eq(cases.id, two.id));
    const data = await report('sla', range);
    expect(table(data, 'byPeriod')[0]).toEqual({ period: day, cases: 2, responded: 2, firstResponseSla: 0.5, avgFirstResponseHours: 3, resolved: 1, resolutionSla: 1 });
    expect(find(table(data, 'byType'), 'type', 'delivery_issue')).toMatchObject({ cases: 1, firstResponseSla: 0, avgFirstResponseHours: 5, resolved: 0, resolutionSla: null });
    expect(table(data, 'firstResponse')).toEqual([
      { bucket: 'h1', cases: 1 },
      { bucket: 'h4', cases: 0 },
      { bucket: 'h8', cases: 1 },
      { bucket: 'h24', cases: 0 },
      { bucket: 'later', cases: 0 },
    ]);
  });

  it('team: cases, answers and resolutions per agent with median times, and cases by weekday and hour in shop time', async () => {
    const { range } = ownWindow();
    const day = range.from;
    const agent = await createStaff(db, { name: `Agent ${uniqueId()}` });
    // Three cases of the agent's, opened an hour apart on one day.
    const opened = [8, 9, 10].map((h) => at(day, h));
    const answeredAfterHours = [1, 2, 9];
    const resolvedAfterHours = [4, 30, null];
    for (let i = 0; i < 3; i++) {
      const kase = await createCase(db);
      const created = opened[i]!;
      const resolvedAfter = resolvedAfterHours[i];
      await db
        .update(cases)
        .set({
          assigneeId: agent.id,
          createdAt: created,
          firstRespondedAt: new Date(created.getTime() + answeredAfterHours[i]! * 3_600_000),
          resolvedAt: resolvedAfter == null ? null : new Date(created.getTime() + resolvedAfter * 3_600_000),
          status: resolvedAfter == null ? 'open' : 'resolved',
        })
        .where(eq(cases.id, kase.id));
    }
    const data = await report('team', range);
    // Medians: answers after 1, 2, 9 h → 2 h; resolutions after 4 and 30 h → 17 h (the open case has none).
    expect(find(table(data, 'byAgent'), 'agent', agent.name)).toEqual({ agent: agent.name, cases: 3, responded: 3, resolved: 2, medianFirstResponseHours: 2, medianResolutionHours: 17 });
    // By weekday and hour in the shop's zone, worked out here with Intl for the same instants.
    const parts = (d: Date) => Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(d).map((p) => [p.type, p.value]));
    const local = { weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts(opened[0]!).weekday!) + 1, hours: opened.map((d) => Number(parts(d).hour)) };
    const row = find(table(data, 'byHour'), 'weekday', String(local.weekday))!;
    for (const h of local.hours) expect(row[`h${String(h).padStart(2, '0')}`]).toBe(1);
    expect(row.total).toBe(3);
    // The other six weekdays are there, empty: the range is one window of our own.
    expect(table(data, 'byHour')).toHaveLength(7);
    expect(table(data, 'byHour').reduce((sum, r) => sum + Number(r.total), 0)).toBe(3);
  });

  it('CSAT by agent and over time, surveys sent in the range', async () => {
    const { range } = ownWindow();
    const agent = await createStaff(db, { name: `Agent ${uniqueId()}` });
    const kases = await Promise.all([createCase(db), createCase(db), createCase(db), createCase(db)]);
    const survey = (i: number, score: number | null, agentId: string | null, day = range.from) => ({
      caseId: kases[i]!.id,
      tokenHash: uniqueId('h').padEnd(64, '0').slice(0, 64),
      agentId,
      score,
      sentAt: at(day),
      respondedAt: score ? at(day, 12) : null,
    });
    await db.insert(csatResponses).values([survey(0, 5, agent.id), survey(1, 2, agent.id), survey(2, null, agent.id), survey(3, 4, null, addDays(range.from, 1))]);
    const data = await report('csat', range);
    expect(table(data, 'overall')[0]).toEqual({ sent: 4, answers: 3, average: 3.67, satisfiedShare: 2 / 3 });
    expect(find(table(data, 'byAgent'), 'agent', agent.name)).toEqual({ agent: agent.name, sent: 3, answers: 2, average: 3.5, satisfiedShare: 0.5 });
    expect(find(table(data, 'byAgent'), 'agent', '')).toMatchObject({ sent: 1, answers: 1, average: 4 });
    expect(table(data, 'byPeriod').map((r) => r.sent)).toEqual([3, 1, 0]);
  });

  it('incidents and notices by carrier', async () => {
    const { range } = ownWindow();
    const order = await createOrder(db);
    const parcels = await db.select().from(shipments).where(eq(shipments.orderId, order.id));
    const posti = parcels.find((p) => p.carrier === 'posti')!;
    const mh = parcels.find((p) => p.carrier === 'matkahuolto')!;
    const kase = await createCase(db, { orderId: order.id });
    const [late] = await db.insert(delayIncidents).values({ orderId: order.id, shipmentId: posti.id, kind: 'eta_breached', caseId: kase.id, openedAt: at(range.from) }).returning();
    await db.insert(delayIncidents).values({ orderId: order.id, shipmentId: mh.id, kind: 'pickup_expiring', openedAt: at(range.to), dismissedAt: at(range.to, 12) });
    await db.insert(notices).values({ incidentId: late!.id, orderId: order.id, locale: 'fi', status: 'sent', sentAt: at(range.from, 10), remediesOffered: ['keep_waiting', 'cancel_refund'], remedyChosen: 'keep_waiting', dedupeKey: uniqueId('delay-notice') });
    const data = await report('delays', range);
    expect(find(table(data, 'byCarrier'), 'carrier', 'posti')).toEqual({ carrier: 'posti', incidents: 1, escalated: 1, dismissed: 0, notices: 1, noticesSent: 1, remediesChosen: 1 });
    expect(find(table(data, 'byCarrier'), 'carrier', 'matkahuolto')).toEqual({ carrier: 'matkahuolto', incidents: 1, escalated: 0, dismissed: 1, notices: 0, noticesSent: 0, remediesChosen: 0 });
    expect(table(data, 'byKind').map((r) => `${r.kind}/${r.carrier}`)).toEqual(['eta_breached/posti', 'pickup_expiring/matkahuolto']);
    expect(table(data, 'byPeriod').map((r) => r.incidents)).toEqual([1, 0, 1]);
  });

  it('"where is my order" deflection: counted tracking views against delivery cases and questions', async () => {
    const { range } = ownWindow();
    for (let i = 0; i < 4; i++) countTrackingView(at(range.from).getTime() + i * 60_000);
    countTrackingView(at(addDays(range.from, 1)).getTime());
    expect(await flushTrackingViews(db)).toBeGreaterThanOrEqual(5);
    const delivery = await createCase(db);
    const question = await createCase(db);
    await db.update(cases).set({ type: 'delivery_issue', createdAt: at(range.from, 11) }).where(eq(cases.id, delivery.id));
    await db.update(cases).set({ createdAt: at(range.from, 12) }).where(eq(cases.id, question.id));
    const data = await report('wismo', range);
    expect(table(data, 'total')[0]).toEqual({ views: 5, deliveryCases: 1, questions: 1, emailDeflected: 0, contactsPer1000: 400, deflection: 0.6 });
    expect(table(data, 'byPeriod').map((r) => r.views)).toEqual([4, 1, 0]);
  });

  it('refuses anyone but staff', async () => {
    const { range } = ownWindow();
    await expect(loadReport(db, { type: 'customer', orderId: staff.staffId } as Actor, 'returns', { range, timeZone: TZ, locale: 'en' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('CSV export', () => {
  it('matches an independent SQL aggregate, has a BOM and localized headers, and is audited', async () => {
    const { from, to, range } = ownWindow();
    await seedReturns(from);
    await refreshReports(db, { from, to, timeZone: TZ });
    const agent = await createStaff(db);
    const actor: Actor = { type: 'staff', staffId: agent.id, role: 'agent' };
    const out = await exportReportCsv({ db, actor }, { report: 'returns', table: 'byProduct', query: { range, timeZone: TZ, locale: 'fi' } });
    expect(out.csv.startsWith(CSV_BOM)).toBe(true);
    const [header, ...lines] = out.csv.slice(1).trimEnd().split('\r\n');
    expect(header).toBe('SKU,Tuote,Myydyt kpl,Palautetut kpl,Palautusaste');
    const independent = await independentReturnRates(from, to);
    const parsed = lines.map((l) => l.split(',')).map(([sku, , sold, returned]) => ({ sku, sold: Number(sold), returned: Number(returned) }));
    expect(parsed.sort((x, y) => x.sku!.localeCompare(y.sku!))).toEqual(independent);
    // A rate is a percentage with two decimals: the socks of the first order, 1 of 2 returned.
    const socks = independent.find((r) => r.sold === 2 && r.returned === 1)!;
    expect(lines.find((l) => l.startsWith(`${socks.sku},`))).toMatch(/,50\.00$/);
    const [event] = await db.select().from(caseEvents).where(eq(caseEvents.actorId, agent.id));
    expect(event).toMatchObject({ type: 'report.exported', actorType: 'staff', data: { report: 'returns', table: 'byProduct', from, to, rows: 4 } });
  });

  it('revenue CSV money is in major units and matches the orders and refunds tables', async () => {
    const { from, to, range } = ownWindow();
    const { a, b } = await seedReturns(from);
    await refreshReports(db, { from, to, timeZone: TZ });
    const out = await exportReportCsv({ db, actor: staff }, { report: 'revenue', table: 'byPeriod', query: { range, timeZone: TZ, locale: 'en' } });
    const [totals] = (await db.execute(sql`
      select count(*)::int as orders, sum(captured_amount)::int as captured, (select coalesce(sum(amount), 0)::int from refunds where order_id in (${a.id}::uuid, ${b.id}::uuid)) as refunded
      from orders where id in (${a.id}::uuid, ${b.id}::uuid)`)) as unknown as Array<{ orders: number; captured: number; refunded: number }>;
    const row = out.csv.split('\r\n').find((l) => l.startsWith(`${from},`))!;
    expect(row.split(',').slice(0, 6)).toEqual([from, 'EUR', String(totals!.orders), (totals!.captured / 100).toFixed(2), (totals!.refunded / 100).toFixed(2), ((totals!.captured - totals!.refunded) / 100).toFixed(2)]);
  });

  it('quotes and neutralises formulas in text cells, never in numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+358 40')).toBe("'+358 40");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    const csv = toCsv(['Name', 'Amount'], [{ key: 'n', label: 'n', format: 'text' }, { key: 'a', label: 'a', format: 'money' }], [{ n: '=1+1', a: -1250 }]);
    expect(csv).toBe(`${CSV_BOM}Name,Amount\r\n'=1+1,-12.50\r\n`);
  });
});

describe('date ranges', () => {
  const now = new Date('2026-03-15T22:30:00Z'); // already 16 March in Helsinki
  it('resolves presets in the shop time zone', () => {
    expect(resolveRange({ range: '7d' }, TZ, now)).toMatchObject({ from: '2026-03-10', to: '2026-03-16', days: 7, granularity: 'day' });
    expect(resolveRange({ range: 'lastMonth' }, TZ, now)).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(resolveRange({ range: 'thisYear' }, TZ, now)).toMatchObject({ from: '2026-01-01', granularity: 'week' });
    expect(resolveRange({ range: '12m' }, TZ, now)).toMatchObject({ from: '2025-03-17', to: '2026-03-16', granularity: 'month' });
    expect(resolveRange({}, TZ, now)).toMatchObject({ preset: '30d', from: '2026-02-15' });
  });
  it('takes custom dates and falls back, flagged, on bad ones', () => {
    expect(parseRange({ range: 'custom', from: '2026-01-01', to: '2026-01-31' }, TZ, now)).toMatchObject({ invalid: false, range: { preset: 'custom', days: 31 } });
    for (const bad of [{ range: 'custom', from: '2026-02-01', to: '2026-01-01' }, { from: '2026-01-01' }, { from: 'x', to: 'y' }, { range: 'forever' }, { from: '2020-01-01', to: '2026-01-01' }])
      expect(parseRange(bad, TZ, now)).toMatchObject({ invalid: true, range: { preset: '30d' } });
    // A preset ignores stale dates in the query string.
    expect(parseRange({ range: '7d', from: '2026-02-01', to: '2026-01-01' }, TZ, now)).toMatchObject({ invalid: false, range: { preset: '7d' } });
  });
});
