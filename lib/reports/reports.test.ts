/**
 * Report aggregates against seeded rows. Each test seeds its own orders, returns, cases, surveys and
 * incidents on days of its own (a random date years back, where no other test writes), rebuilds the
 * rollups for those days, and checks the report against what the seeded rows must give — and against
 * an independent SQL aggregate over the base tables.
 */
import { randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, cases, claims, csatResponses, delayIncidents, domainEvents, notices, orderLines, orders, refunds, returnItems, returns, shipments, variants } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { testDb, uniqueId } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createCase, createStaff } from '@/test/staff-factories';
import { CSV_BOM, csvCell, toCsv } from './csv';
import { backlogByPeriod } from './backlog-moves';
import { belowSample, type ReportData, type ReportId, type ReportRow } from './definitions';
import { exportReportCsv } from './export-report';
import { loadReport } from './queries';
import { addDays, parseRange, resolveRange } from './range';
import { refreshReports } from './refresh-reports';
import { countTrackingView, flushTrackingViews } from './tracking-views';

const db = testDb();
const TZ = 'Europe/Helsinki';
const staff: Actor = { type: 'staff', staffId: '00000000-0000-4000-8000-000000000001', role: 'agent' };

/**
 * A three-day window of our own: a random day between 1922 and 1969, at least a week from every window this
 * file already took (two tests in one window count each other's cases: seen once on PostgreSQL 15 in CI).
 * Before 1970 because other files import public fixtures with fixed dates (Shopify's example order is
 * of 2008-01-10, and a window of 2001–2019 once counted it), and 1970 is where a zero timestamp lands.
 */
const taken: number[] = [];
function ownWindow() {
  let day = randomInt(0, 17_500);
  while (taken.some((t) => Math.abs(t - day) < 7)) day = randomInt(0, 17_500);
  taken.push(day);
  const from = addDays('1922-01-01', day);
  const range = resolveRange({ range: 'custom', from, to: addDays(from, 2) }, TZ);
  return { from, to: range.to, range };
}
/** Noon of a local day (Helsinki is UTC+2/+3: 09:00Z is always that day). */
const at = (day: string, hourUtc = 9, minute = 0) => new Date(`${day}T${String(hourUtc).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);

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

  it('backlog over time: opened, reopened and resolved per day, and the open and SLA-breached cases at each day end', async () => {
    const { range } = ownWindow();
    const [day0, day1, day2] = [range.from, addDays(range.from, 1), range.to];
    // Cases of other tests opened years before this window and never resolved are in its backlog too: count from what was there.
    const before = table(await report('sla', range), 'backlog');
    const setCase = async (patch: Partial<typeof cases.$inferInsert>) => {
      const kase = await createCase(db);
      await db.update(cases).set(patch).where(eq(cases.id, kase.id));
      return kase;
    };
    // Open before the window, resolved on its first day.
    await setCase({ createdAt: at(addDays(day0, -1)), resolvedAt: at(day0, 12), status: 'resolved' });
    // Answered and resolved within the SLA on day 1.
    await setCase({ createdAt: at(day0, 8), firstResponseDueAt: at(day0, 12), firstRespondedAt: at(day0, 9), resolutionDueAt: at(day2, 10), resolvedAt: at(day1), status: 'resolved' });
    // Never answered: breached its first response at 11:00 on day 0, open to the end.
    await setCase({ createdAt: at(day0, 10), firstResponseDueAt: at(day0, 11) });
    // Resolved on day 0, reopened by the customer on day 1 (after its resolution was due), resolved again on day 2.
    const reopened = await setCase({ createdAt: at(day0, 9), firstResponseDueAt: at(day0, 12), firstRespondedAt: at(day0, 10), resolutionDueAt: at(day1), resolvedAt: at(day2, 8), status: 'resolved' });
    const event = (type: string, occurredAt: Date, data: Record<string, unknown>) => ({ type, aggregateType: 'case', aggregateId: reopened.id, caseId: reopened.id, actorType: 'staff' as const, data: { caseId: reopened.id, ...data }, occurredAt });
    await db.insert(domainEvents).values([
      event('case.updated', at(day0, 15), { source: 'staff', changes: { status: { from: 'open', to: 'resolved' } } }),
      event('case.resolved', at(day0, 15), {}),
      event('case.customer_replied', at(day1, 10), { messageId: reopened.id, reopened: true }),
      event('case.resolved', at(day2, 8), {}),
    ]);

    const backlog = table(await report('sla', range), 'backlog');
    expect(backlog.map(({ period, opened, reopened, resolved }) => ({ period, opened, reopened, resolved }))).toEqual([
      { period: day0, opened: 3, reopened: 0, resolved: 2 },
      { period: day1, opened: 0, reopened: 1, resolved: 1 },
      { period: day2, opened: 0, reopened: 0, resolved: 1 },
    ]);
    // Day 0 ends with the in-SLA and the unanswered case open (the reopened one was resolved then); day 1 with the
    // unanswered and the reopened one, both past a due time; day 2 with the unanswered one.
    const added = backlog.map((row, i) => ({ open: Number(row.open) - Number(before[i]!.open), breached: Number(row.breached) - Number(before[i]!.breached) }));
    expect(added).toEqual([
      { open: 2, breached: 1 },
      { open: 2, breached: 2 },
      { open: 1, breached: 1 },
    ]);
  });

  it('backlog by week and by month: the daily snapshots add up to the figures computed over the weeks and months themselves', async () => {
    const { range: own } = ownWindow();
    const day0 = own.from;
    const setCase = async (patch: Partial<typeof cases.$inferInsert>) => {
      const kase = await createCase(db);
      await db.update(cases).set(patch).where(eq(cases.id, kase.id));
      return kase;
    };
    // Opened on day 0, resolved on day 9, reopened by the customer on day 23 (past its resolution due time), resolved on day 45.
    const reopened = await setCase({ createdAt: at(day0, 8), firstResponseDueAt: at(day0, 12), firstRespondedAt: at(day0, 9), resolutionDueAt: at(addDays(day0, 20)), resolvedAt: at(addDays(day0, 45)), status: 'resolved' });
    const event = (type: string, occurredAt: Date, data: Record<string, unknown>) => ({ type, aggregateType: 'case', aggregateId: reopened.id, caseId: reopened.id, actorType: 'staff' as const, data: { caseId: reopened.id, ...data }, occurredAt });
    await db.insert(domainEvents).values([
      event('case.resolved', at(addDays(day0, 9)), {}),
      event('case.customer_replied', at(addDays(day0, 23)), { messageId: reopened.id, reopened: true }),
      event('case.resolved', at(addDays(day0, 45)), {}),
    ]);
    // Never answered (breached on day 2), open to the end; and one answered in time, resolved on day 70.
    await setCase({ createdAt: at(addDays(day0, 1)), firstResponseDueAt: at(addDays(day0, 2)) });
    await setCase({ createdAt: at(addDays(day0, 3)), firstResponseDueAt: at(addDays(day0, 4)), firstRespondedAt: at(addDays(day0, 3), 10), resolvedAt: at(addDays(day0, 70)), status: 'resolved' });

    for (const days of [90, 200]) {
      // A range starting mid-week and mid-month, so its first period is cut short.
      const range = resolveRange({ range: 'custom', from: addDays(day0, -2), to: addDays(day0, days - 3) }, TZ);
      expect(range.granularity).toBe(days === 90 ? 'week' : 'month');
      const backlog = table(await report('sla', range), 'backlog');
      const computed = (await db.execute(backlogByPeriod({ ...range, timeZone: TZ }))) as unknown as ReportRow[];
      expect(backlog).toEqual(computed);
      expect(backlog.reduce((n, row) => n + Number(row.reopened), 0)).toBeGreaterThanOrEqual(1);
    }
  });

  it('CSAT by cause (first cause that applies wins) and by SLA outcome, answered surveys sent in the range', async () => {
    const { range } = ownWindow();
    const day0 = range.from;
    const answeredAt = at(day0, 12);
    /** A case on an order of its own, answered and resolved within its SLA, with a survey answered `score` at noon UTC on day 0. */
    const surveyed = async (score: number | null, patch: Partial<typeof cases.$inferInsert> = {}) => {
      const order = await createOrder(db);
      const kase = await createCase(db, { orderId: order.id });
      await db
        .update(cases)
        .set({ createdAt: at(day0, 6), firstResponseDueAt: at(day0, 9), firstRespondedAt: at(day0, 7), resolutionDueAt: at(day0, 11), resolvedAt: at(day0, 10), status: 'resolved', ...patch })
        .where(eq(cases.id, kase.id));
      await db.insert(csatResponses).values({ caseId: kase.id, tokenHash: uniqueId('h').padEnd(64, '0').slice(0, 64), score, sentAt: at(day0, 10), respondedAt: score ? answeredAt : null });
      const parcels = await db.select().from(shipments).where(eq(shipments.orderId, order.id));
      const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.position);
      return { order, kase, parcel: parcels[0]!, line: line! };
    };
    const returnOf = async (orderId: string, lineId: string, reasonCode: string, receivedAt: Date | null = null) => {
      const [ret] = await db.insert(returns).values({ rmaNumber: uniqueId('R'), orderId, method: 'drop_off', currency: 'EUR', status: 'received', receivedAt }).returning();
      await db.insert(returnItems).values({ returnId: ret!.id, orderLineId: lineId, quantity: 1, reasonCode, resolution: 'refund' });
      return ret!;
    };

    // Carrier late (a delay before the answer) and a damaged claim: carrier_late wins. First response late: SLA breached.
    const late = await surveyed(2, { firstRespondedAt: at(day0, 10) });
    await db.insert(delayIncidents).values({ orderId: late.order.id, shipmentId: late.parcel.id, kind: 'eta_breached', openedAt: at(day0, 8) });
    await db.insert(claims).values({ orderId: late.order.id, type: 'damaged', requestedRemedy: 'refund' });
    // Damaged by its return reason, and a wrong-item claim: damaged wins. Resolved after its due time: SLA breached.
    const damaged = await surveyed(1, { resolvedAt: at(day0, 11, 30) });
    await returnOf(damaged.order.id, damaged.line.id, 'damaged');
    await db.insert(claims).values({ orderId: damaged.order.id, type: 'wrong_item', requestedRemedy: 'replacement' });
    // Wrong item; its SLA sets no resolution time, so a late resolution breaches nothing.
    const wrong = await surveyed(3, { resolutionDueAt: null, resolvedAt: at(day0, 11, 50) });
    await db.insert(claims).values({ orderId: wrong.order.id, type: 'wrong_item', requestedRemedy: 'replacement' });
    // A refund settled 20 days after the return arrived: slow.
    const slow = await surveyed(2);
    const slowReturn = await returnOf(slow.order.id, slow.line.id, 'changed_mind', at(addDays(day0, -20)));
    await db.insert(refunds).values({ orderId: slow.order.id, returnId: slowReturn.id, amount: 1490, currency: 'EUR', status: 'succeeded', settledAt: at(day0, 8) });
    // Other: a delay detected only after the answer, a refund within 14 days, ten cases with nothing on them.
    const lateAfter = await surveyed(4);
    await db.insert(delayIncidents).values({ orderId: lateAfter.order.id, shipmentId: lateAfter.parcel.id, kind: 'eta_breached', openedAt: at(day0, 13) });
    const prompt = await surveyed(5);
    const promptReturn = await returnOf(prompt.order.id, prompt.line.id, 'changed_mind', at(addDays(day0, -5)));
    await db.insert(refunds).values({ orderId: prompt.order.id, returnId: promptReturn.id, amount: 1490, currency: 'EUR', status: 'succeeded', settledAt: at(addDays(day0, -1)) });
    for (const score of [5, 5, 5, 5, 4, 4, 3, 2, 1, 5]) await surveyed(score);
    await surveyed(null); // sent, never answered: no cause, no outcome

    const data = await report('csat', range);
    const byCause = table(data, 'byCause');
    expect(byCause).toEqual([
      { cause: 'carrier_late', answers: 1, average: 2, satisfiedShare: 0 },
      { cause: 'damaged', answers: 1, average: 1, satisfiedShare: 0 },
      { cause: 'wrong_item', answers: 1, average: 3, satisfiedShare: 0 },
      { cause: 'slow_refund', answers: 1, average: 2, satisfiedShare: 0 },
      // 5+5+5+5+4+4+3+2+1+5 and 4 and 5 = 48 over 12; nine of twelve 4 or 5.
      { cause: 'other', answers: 12, average: 4, satisfiedShare: 0.75 },
    ]);
    // Twelve answers are enough to show; one is not, and the page shows "—".
    const causeTable = data.tables.find((t) => t.id === 'byCause')!;
    const average = causeTable.columns.find((c) => c.key === 'average')!;
    expect(belowSample(average, find(byCause, 'cause', 'other')!)).toBe(false);
    expect(belowSample(average, find(byCause, 'cause', 'carrier_late')!)).toBe(true);
    expect(table(data, 'bySlaOutcome')).toEqual([
      // 48 + 3 + 2 = 53 over 14; nine of fourteen satisfied.
      { slaOutcome: 'met', answers: 14, average: 3.79, satisfiedShare: 9 / 14 },
      { slaOutcome: 'breached', answers: 2, average: 1.5, satisfiedShare: 0 },
    ]);
    // The CSV has both tables, causes in words.
    const csv = await exportReportCsv({ db, actor: staff }, { report: 'csat', table: 'byCause', query: { range, timeZone: TZ, locale: 'en' } });
    expect(csv.csv.slice(1).split('\r\n').slice(0, 3)).toEqual(['Cause,Answers,Average score,Satisfied (4–5)', 'Carrier late,1,2.00,0.00', 'Damaged,1,1.00,0.00']);
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
