/**
 * The rollup refreshes as the worker runs them: the minute job (today, yesterday and the changed days of the
 * window), the wide window, and two of them at once. Each test plays on days of its own in 1980–1999 (reports.test.ts
 * takes 2001–2019), two windows apart, with the worker's clock set to a moment of those days, against the real database.
 */
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, claims, csatResponses, orderLines, orders, returnItems, returns } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { testDb, uniqueId } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createCase } from '@/test/staff-factories';
import type { ReportData, ReportId } from './definitions';
import { figuresAsOf, loadReport } from './queries';
import { addDays, resolveRange } from './range';
import { MAX_CHANGED_DAYS, refreshRecentReports, refreshReports, refreshTodayReports, ROLLING_REFRESH_DAYS } from './refresh-reports';

const db = testDb();
const staff: Actor = { type: 'staff', staffId: '00000000-0000-4000-8000-000000000001', role: 'agent' };
const timeZone = async () => (await readShopSettings(db)).timeZone;

/** A day of our own, two minute-job windows from every day this file already took (the job reads its whole window). */
const taken: number[] = [];
function ownDay(): string {
  const apart = 2 * ROLLING_REFRESH_DAYS + 5;
  let n = randomInt(apart, 7000);
  while (taken.some((t) => Math.abs(t - n) < apart)) n = randomInt(apart, 7000);
  taken.push(n);
  return addDays('1980-01-01', n);
}
/** 09:00Z is that day in the shop's zone (Helsinki: UTC+2/+3). */
const at = (day: string, hourUtc = 9) => new Date(`${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`);

/**
 * The minute job as the worker runs it. A refresh of another test file may hold the lock: then the job skips, as it
 * would in production, and runs again as the next minute's would.
 */
async function minuteJob(now: Date) {
  for (;;) {
    const result = await refreshTodayReports(db, now);
    if (result) return result;
    await sleep(50);
  }
}

async function report(id: ReportId, from: string, to: string): Promise<ReportData> {
  const tz = await timeZone();
  return loadReport(db, staff, id, { range: resolveRange({ range: 'custom', from, to }, tz), timeZone: tz, locale: 'en' });
}
const rows = (data: ReportData, table: string) => data.tables.find((t) => t.id === table)!.rows;

/** An order placed at `placedAt`; its first line (one unit) is what the tests return. */
async function placeOrder(placedAt: Date) {
  const order = await createOrder(db);
  await db.update(orders).set({ placedAt }).where(eq(orders.id, order.id));
  const [line] = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.position);
  return { orderId: order.id, lineId: line!.id, sku: line!.sku };
}

/** The customer asks to return the order's first line (too small, refund) at `requestedAt`. */
async function returnLine(order: { orderId: string; lineId: string }, requestedAt: Date) {
  const [ret] = await db.insert(returns).values({ rmaNumber: uniqueId('R'), orderId: order.orderId, method: 'drop_off', currency: 'EUR', status: 'requested', requestedAt }).returning();
  await db.insert(returnItems).values({ returnId: ret!.id, orderLineId: order.lineId, quantity: 1, reasonCode: 'too_small', resolution: 'refund' });
}

/** Dates the order's rows and events a day back: a change no refresh can see, so only a rebuild of its day regardless counts it. */
async function backdate(orderId: string) {
  const long = new Date(Date.now() - 86_400_000).toISOString();
  await db.execute(sql`update orders set created_at = ${long}, updated_at = ${long} where id = ${orderId}`);
  await db.execute(sql`update order_lines set created_at = ${long}, updated_at = ${long} where order_id = ${orderId}`);
  await db.execute(sql`update shipments set created_at = ${long}, updated_at = ${long} where order_id = ${orderId}`);
  await db.execute(sql`update domain_events set occurred_at = ${long} where order_id = ${orderId}`);
}

/** The same for a case, its events and its survey. */
async function backdateCase(caseId: string) {
  const long = new Date(Date.now() - 86_400_000).toISOString();
  await db.execute(sql`update cases set updated_at = ${long} where id = ${caseId}`);
  await db.execute(sql`update domain_events set occurred_at = ${long} where case_id = ${caseId}`);
  await db.execute(sql`update csat_responses set created_at = ${long} where case_id = ${caseId}`);
}

async function orderWithReturn(placedAt: Date, requestedAt: Date) {
  const order = await placeOrder(placedAt);
  await returnLine(order, requestedAt);
  return order;
}

/** Every rollup row of local days from..to, in a fixed order: what the reports read. */
async function rollups(from: string, to: string) {
  const out: Record<string, string[]> = {};
  for (const table of ['report_sales_days', 'report_return_days', 'report_revenue_days', 'report_case_days', 'report_csat_days', 'report_csat_cause_days', 'report_backlog_days', 'report_delay_days']) {
    const found = (await db.execute(sql`select to_jsonb(t)::text as row from ${sql.raw(table)} t where day between ${from}::date and ${to}::date order by 1`)) as unknown as Array<{ row: string }>;
    out[table] = found.map((r) => r.row);
  }
  return out;
}

describe('the minute job (today, yesterday and the changed days of the window)', () => {
  it('a return created and a case resolved a moment ago are in the reports once it has run, and the figures say when', async () => {
    const today = ownDay();
    const now = at(today, 10);
    const tz = await timeZone();
    // Days of the window no refresh has computed yet: the job computes the whole window.
    expect(await minuteJob(now)).toMatchObject({ wide: true });
    const before = await report('sla', today, today);
    expect(rows(before, 'byPeriod')[0]).toMatchObject({ cases: 0, resolved: 0 });

    // This morning an order was placed and a case opened; just now the customer asked to return a line and the case was resolved.
    const { sku } = await orderWithReturn(at(today, 7), at(today, 9));
    const kase = await createCase(db);
    await db.update(cases).set({ createdAt: at(today, 8), firstRespondedAt: at(today, 9), resolvedAt: at(today, 10), status: 'resolved' }).where(eq(cases.id, kase.id));
    const written = new Date();
    // Not in the reports until the job has run: they read the rollups.
    expect(rows(await report('returns', today, today), 'byProduct')).toEqual([]);

    expect(await minuteJob(now)).toMatchObject({ wide: false, changedDays: [today] });
    expect(rows(await report('returns', today, today), 'byProduct').find((r) => r.sku === sku)).toMatchObject({ sold: 1, returned: 1 });
    expect(rows(await report('reasons', today, today), 'overTime')[0]).toMatchObject({ period: today, 'r:too_small': 1 });
    expect(rows(await report('sla', today, today), 'byPeriod')[0]).toMatchObject({ period: today, cases: 1, responded: 1, resolved: 1 });
    expect(rows(await report('sla', today, today), 'backlog')[0]).toMatchObject({ period: today, opened: 1, resolved: 1 });
    // "Figures as of": when the job computed them, after the writes it shows.
    const asOf = await figuresAsOf(db, { from: today, to: today, timeZone: tz });
    expect(asOf.missingDays).toBe(0);
    expect(asOf.at!.getTime()).toBeGreaterThanOrEqual(written.getTime());
    expect(asOf.at!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('rebuilds an older day of the window whose inputs changed, and leaves the other days as they were', async () => {
    const today = ownDay();
    const [older, untouched] = [addDays(today, -10), addDays(today, -7)];
    const now = at(today, 10);
    const tz = await timeZone();
    // An order placed ten days ago, its day long computed.
    const olderOrder = await placeOrder(at(older));
    await backdate(olderOrder.orderId);
    await refreshRecentReports(db, now);
    const computed = await figuresAsOf(db, { from: older, to: today, timeZone: tz });
    // Since then the customer asked to return it, and an order of seven days ago turned up with no change time to show it.
    await returnLine(olderOrder, at(today, 9));
    const unseen = await placeOrder(at(untouched));
    await backdate(unseen.orderId);
    const untouchedBefore = await rollups(untouched, untouched);

    expect(await minuteJob(now)).toMatchObject({ wide: false, changedDays: [older, today] });
    // The return rate of ten days ago counts the return (it goes by the order day), today's reasons too (by the request day)…
    expect(rows(await report('returns', older, older), 'byProduct').find((r) => r.sku === olderOrder.sku)).toMatchObject({ sold: 1, returned: 1 });
    expect(rows(await report('reasons', today, today), 'overTime')[0]).toMatchObject({ period: today, 'r:too_small': 1 });
    // …a day nothing changed on was not rebuilt…
    expect(await rollups(untouched, untouched)).toEqual(untouchedBefore);
    expect(rows(await report('returns', untouched, untouched), 'byProduct').find((r) => r.sku === unseen.sku)).toBeUndefined();
    // …and every day of the window is as of this run; the days before it are not the minute job's, and are counted.
    const windowFrom = addDays(today, -(ROLLING_REFRESH_DAYS - 1));
    const asOf = await figuresAsOf(db, { from: windowFrom, to: today, timeZone: tz });
    expect(asOf.missingDays).toBe(0);
    expect(asOf.at!.getTime()).toBeGreaterThan(computed.at!.getTime());
    expect(await figuresAsOf(db, { from: addDays(windowFrom, -3), to: today, timeZone: tz })).toEqual({ at: asOf.at, missingDays: 3 });

    // The wide refresh rebuilds every day, changed or not: then the unseen order counts too.
    await refreshRecentReports(db, now);
    expect(rows(await report('returns', untouched, untouched), 'byProduct').find((r) => r.sku === unseen.sku)).toMatchObject({ sold: 1, returned: 0 });
  });

  it("a case opened five days ago and resolved now moves that day's SLA row, and the backlog counts the resolution today", async () => {
    const today = ownDay();
    const opened = addDays(today, -5);
    const now = at(today, 10);
    await refreshRecentReports(db, now);
    const kase = await createCase(db);
    await db.update(cases).set({ createdAt: at(opened, 8), firstRespondedAt: at(opened, 9) }).where(eq(cases.id, kase.id));
    await minuteJob(now);
    expect(rows(await report('sla', opened, opened), 'byPeriod')[0]).toMatchObject({ period: opened, cases: 1, responded: 1, resolved: 0 });
    expect(rows(await report('sla', today, today), 'backlog')[0]).toMatchObject({ period: today, opened: 0, resolved: 0 });

    await db.update(cases).set({ resolvedAt: at(today, 9), status: 'resolved' }).where(eq(cases.id, kase.id));
    expect(await minuteJob(now)).toMatchObject({ wide: false, changedDays: [opened] });
    expect(rows(await report('sla', opened, opened), 'byPeriod')[0]).toMatchObject({ period: opened, cases: 1, responded: 1, resolved: 1 });
    expect(rows(await report('sla', today, today), 'backlog')[0]).toMatchObject({ period: today, opened: 0, resolved: 1 });
  });

  it("a claim filed now on the order of a survey sent eight days ago moves that day's satisfaction by cause", async () => {
    const today = ownDay();
    const sent = addDays(today, -8);
    const now = at(today, 10);
    const order = await placeOrder(at(addDays(today, -20)));
    const kase = await createCase(db, { orderId: order.orderId });
    await db.update(cases).set({ createdAt: at(sent, 7), firstRespondedAt: at(sent, 8), resolvedAt: at(sent, 8), status: 'resolved' }).where(eq(cases.id, kase.id));
    await db.insert(csatResponses).values({ caseId: kase.id, tokenHash: uniqueId('h').padEnd(64, '0').slice(0, 64), score: 2, sentAt: at(sent, 9), respondedAt: at(sent, 10) });
    await backdate(order.orderId);
    await backdateCase(kase.id);
    await refreshRecentReports(db, now);
    const cause = async (name: string) => rows(await report('csat', sent, sent), 'byCause').find((r) => r.cause === name);
    expect(await cause('other')).toMatchObject({ answers: 1 });

    await db.insert(claims).values({ orderId: order.orderId, type: 'damaged', requestedRemedy: 'refund' });
    // Neither the survey nor its case changed: the order's claim moves the survey's day (and the order's).
    expect(await minuteJob(now)).toMatchObject({ wide: false, changedDays: [addDays(today, -20), sent] });
    expect(await cause('damaged')).toMatchObject({ answers: 1 });
    expect(await cause('other')).toMatchObject({ answers: 0 });
  });

  it('rebuilds the whole window instead when more days changed than it rebuilds one by one (a bulk import)', async () => {
    const today = ownDay();
    const now = at(today, 10);
    await refreshRecentReports(db, now);
    const step = Math.floor((ROLLING_REFRESH_DAYS - 10) / MAX_CHANGED_DAYS);
    const placed = Array.from({ length: MAX_CHANGED_DAYS }, (_, i) => addDays(today, -3 - step * i)).sort();
    for (const day of placed) await placeOrder(at(day));

    const run = await minuteJob(now);
    expect(run).toMatchObject({ wide: true, changedDays: placed });
    const revenue = (await rollups(placed[0]!, today)).report_revenue_days!.map((row) => (JSON.parse(row) as { day: string }).day);
    expect(revenue).toEqual(placed);
  });

  it('skips at once, changing nothing, while another refresh holds the lock', async () => {
    const today = ownDay();
    const tz = await timeZone();
    await orderWithReturn(at(today, 7), at(today, 9));
    const rollupsBefore = await rollups(addDays(today, -1), today);
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('paluu:report-refresh'))`);
      // Waiting here would never end: this transaction holds the lock until the job returns.
      expect(await refreshTodayReports(db, at(today, 10))).toBeNull();
    });
    expect(await rollups(addDays(today, -1), today)).toEqual(rollupsBefore);
    expect(await figuresAsOf(db, { from: today, to: today, timeZone: tz })).toEqual({ at: null, missingDays: 1 });
  });
});

describe('two refreshes at once', () => {
  it('give the same figures as one: a wide refresh waits for the other, a minute job skips', async () => {
    const today = ownDay();
    const from = addDays(today, -3);
    const tz = await timeZone();
    await orderWithReturn(at(from), at(today, 9));
    await orderWithReturn(at(today, 7), at(today, 8));
    const kase = await createCase(db);
    await db.update(cases).set({ createdAt: at(addDays(today, -1)), firstRespondedAt: at(today, 7), resolvedAt: at(today, 9), status: 'resolved' }).where(eq(cases.id, kase.id));

    await refreshReports(db, { from, to: today, timeZone: tz });
    const once = await rollups(from, today);
    expect(once.report_revenue_days).toHaveLength(2);
    expect(once.report_case_days).toHaveLength(1);

    await Promise.all([refreshReports(db, { from, to: today, timeZone: tz }), refreshReports(db, { from, to: today, timeZone: tz })]);
    expect(await rollups(from, today)).toEqual(once);

    // Two workers' minute jobs and a wide refresh at once: whichever run, each day is there once.
    await Promise.all([refreshTodayReports(db, at(today, 10)), refreshTodayReports(db, at(today, 10)), refreshReports(db, { from, to: today, timeZone: tz })]);
    expect(await rollups(from, today)).toEqual(once);
  });

  it('a refresh that waited for the lock is as of when it got it, not when it began to wait', async () => {
    const today = ownDay();
    const tz = await timeZone();
    let released = 0;
    let waiting!: Promise<unknown>;
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('paluu:report-refresh'))`);
      waiting = refreshReports(db, { from: today, to: today, timeZone: tz });
      await sleep(300);
      released = Date.now();
    });
    await waiting;
    const { at: asOf } = await figuresAsOf(db, { from: today, to: today, timeZone: tz });
    expect(asOf!.getTime()).toBeGreaterThanOrEqual(released);
  });
});
