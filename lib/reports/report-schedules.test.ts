/**
 * Scheduled report emails: when a schedule is due (pure, in the shop's time zone, across DST and week and
 * month boundaries), the admin's use cases, and the worker's send: one email per schedule and period with
 * the CSVs attached, never a second one, never to a deactivated staff member.
 */
import { randomInt } from 'node:crypto';
import { and, eq, like, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { domainEvents, orders, outbox, staffUsers } from '@/db/schema';
import type { Actor } from '@/lib/core/actor';
import { readShopSettings } from '@/lib/settings/shop-settings';
import { getOutboxMessage } from '@/lib/outbox/staff-outbox';
import { localToInstant } from '@/lib/time/zoned';
import { testDb } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createStaff } from '@/test/staff-factories';
import { CSV_BOM } from './csv';
import { deleteReportSchedule } from './delete-report-schedule';
import { listReportSchedules } from './list-report-schedules';
import { REPORT_IDS, REPORT_TABLES } from './definitions';
import { readReport } from './queries';
import { addDays, resolveRange } from './range';
import { refreshReports } from './refresh-reports';
import { dueReportPeriod, readReportSchedules, scheduleDedupeKey } from './report-schedules';
import { saveReportSchedule } from './save-report-schedule';
import { sendScheduledReports } from './send-scheduled-reports';

const db = testDb();
const HEL = 'Europe/Helsinki';
const utc = (iso: string) => new Date(iso);

describe('when a schedule is due (07:00 in the shop time zone)', () => {
  const daily = { frequency: 'daily', weekday: 1, range: 'yesterday' } as const;

  it('follows the local clock across the spring and autumn DST changes', () => {
    // Sat 28 March 2026, UTC+2: 07:00 local is 05:00Z.
    expect(dueReportPeriod(daily, utc('2026-03-28T04:59:00Z'), HEL)).toBeNull();
    expect(dueReportPeriod(daily, utc('2026-03-28T05:00:00Z'), HEL)).toEqual({ period: '2026-03-27', from: '2026-03-27', to: '2026-03-27' });
    // Sun 29 March, clocks went forward at 03:00: UTC+3, 07:00 local is 04:00Z (05:00Z would be an hour late).
    expect(dueReportPeriod(daily, utc('2026-03-29T03:59:00Z'), HEL)).toBeNull();
    expect(dueReportPeriod(daily, utc('2026-03-29T04:00:00Z'), HEL)?.period).toBe('2026-03-28');
    // Sun 25 October, clocks went back at 04:00: UTC+2 again, 07:00 local is 05:00Z.
    expect(dueReportPeriod(daily, utc('2026-10-25T04:30:00Z'), HEL)).toBeNull();
    expect(dueReportPeriod(daily, utc('2026-10-25T05:00:00Z'), HEL)?.period).toBe('2026-10-24');
    // Still due later that local day; the next local day (after 21:00Z in summer) is a new period.
    expect(dueReportPeriod(daily, utc('2026-03-29T20:59:00Z'), HEL)?.period).toBe('2026-03-28');
    expect(dueReportPeriod(daily, utc('2026-03-29T21:30:00Z'), HEL)).toBeNull();
  });

  it('weekly: only on the chosen local weekday, covering Monday to Sunday of the week before', () => {
    const mondays = { frequency: 'weekly', weekday: 1, range: 'lastWeek' } as const;
    // Mon 30 March 2026 08:00 local.
    expect(dueReportPeriod(mondays, utc('2026-03-30T05:00:00Z'), HEL)).toEqual({ period: '2026-03-23_2026-03-29', from: '2026-03-23', to: '2026-03-29' });
    // Monday 23:30 local is still Monday there (20:30Z); Tuesday 00:30 local (21:30Z on Monday) is not.
    expect(dueReportPeriod(mondays, utc('2026-03-30T20:30:00Z'), HEL)?.period).toBe('2026-03-23_2026-03-29');
    expect(dueReportPeriod(mondays, utc('2026-03-30T21:30:00Z'), HEL)).toBeNull();
    // Sunday 10:00 local: not the day.
    expect(dueReportPeriod(mondays, utc('2026-03-29T07:00:00Z'), HEL)).toBeNull();
    // A Wednesday schedule still covers the whole week before, across a month and a year end.
    const wednesdays = { frequency: 'weekly', weekday: 3, range: 'lastWeek' } as const;
    expect(dueReportPeriod(wednesdays, utc('2027-01-06T06:00:00Z'), HEL)).toEqual({ period: '2026-12-28_2027-01-03', from: '2026-12-28', to: '2027-01-03' });
  });

  it('monthly: on the 1st (local), covering the whole month before, leap years included', () => {
    const monthly = { frequency: 'monthly', weekday: 1, range: 'lastMonth' } as const;
    expect(dueReportPeriod(monthly, utc('2026-03-01T05:00:00Z'), HEL)).toEqual({ period: '2026-02-01_2026-02-28', from: '2026-02-01', to: '2026-02-28' });
    expect(dueReportPeriod(monthly, utc('2024-03-01T05:00:00Z'), HEL)?.period).toBe('2024-02-01_2024-02-29');
    expect(dueReportPeriod(monthly, utc('2027-01-01T05:00:00Z'), HEL)?.period).toBe('2026-12-01_2026-12-31');
    // 23:30Z on 28 Feb is 01:30 on 1 March in Helsinki: the right day, but before 07:00.
    expect(dueReportPeriod(monthly, utc('2026-02-28T23:30:00Z'), HEL)).toBeNull();
    expect(dueReportPeriod(monthly, utc('2026-03-02T05:00:00Z'), HEL)).toBeNull();
    // 1 April starts in summer time (UTC+3): 04:00Z is already 07:00 there.
    expect(dueReportPeriod(monthly, utc('2026-04-01T04:00:00Z'), HEL)?.period).toBe('2026-03-01_2026-03-31');
    // Daily on the 1st covers the last day of the month before.
    expect(dueReportPeriod(daily, utc('2026-03-01T05:00:00Z'), HEL)?.period).toBe('2026-02-28');
  });
});

it("the form's table list is each report's tables, in the page's order", async () => {
  const range = resolveRange({ range: 'custom', from: '2020-01-01', to: '2020-01-01' }, HEL);
  for (const id of REPORT_IDS) {
    const data = await readReport(db, id, { range, timeZone: HEL, locale: 'en' });
    expect([id, data.tables.map((t) => t.id)]).toEqual([id, REPORT_TABLES[id]]);
  }
});

const adminOf = (id: string): Actor => ({ type: 'staff', staffId: id, role: 'admin' });
const ownDay = () => addDays('2020-01-01', randomInt(0, 2000));
const eight = async (day: string) => localToInstant(`${day}T08:00`, (await readShopSettings(db)).timeZone)!;
const ourMail = (scheduleId: string) => db.select().from(outbox).where(like(outbox.dedupeKey, `report-schedule:${scheduleId}:%`));
const exportsOf = (scheduleId: string) =>
  db.select().from(domainEvents).where(and(eq(domainEvents.type, 'report.exported'), sql`${domainEvents.data}->>'scheduleId' = ${scheduleId}`));

describe('the admin saves schedules', () => {
  it('refuses a schedule without recipients (localized key) and saves nothing; audits create, update and delete', async () => {
    const admin = await createStaff(db, { role: 'admin' });
    const before = (await readReportSchedules(db)).length;
    const input = { report: 'team', table: '', frequency: 'daily', weekday: 1, range: 'yesterday', recipients: [] as string[], locale: 'en' } as const;
    await expect(saveReportSchedule({ db, actor: adminOf(admin.id) }, input, null)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['recipients'], message: 'recipientsRequired' })] });
    await expect(saveReportSchedule({ db, actor: adminOf(admin.id) }, { ...input, table: 'byReason', recipients: [admin.id] }, null)).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['table'], message: 'tableInvalid' })],
    });
    const agent = await createStaff(db);
    await expect(saveReportSchedule({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { ...input, recipients: [agent.id] }, null)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await readReportSchedules(db)).toHaveLength(before);

    const { id } = await saveReportSchedule({ db, actor: adminOf(admin.id) }, { ...input, recipients: [admin.id] }, null);
    await saveReportSchedule({ db, actor: adminOf(admin.id) }, { ...input, frequency: 'weekly', weekday: 5, range: 'lastWeek', recipients: [admin.id, agent.id] }, id);
    const saved = (await readReportSchedules(db)).find((s) => s.id === id);
    expect(saved).toMatchObject({ report: 'team', frequency: 'weekly', weekday: 5, range: 'lastWeek', recipients: [admin.id, agent.id], createdBy: admin.id });
    await deleteReportSchedule({ db, actor: adminOf(admin.id) }, id);
    expect((await readReportSchedules(db)).some((s) => s.id === id)).toBe(false);
    const audit = await db.select().from(domainEvents).where(sql`${domainEvents.data}->>'scheduleId' = ${id}`).orderBy(domainEvents.id);
    expect(audit.map((e) => [e.type, e.audience, e.actorId])).toEqual([
      ['report_schedule.created', 'audit', admin.id],
      ['report_schedule.updated', 'audit', admin.id],
      ['report_schedule.deleted', 'audit', admin.id],
    ]);
    expect((audit[1]!.data as { changed: string[] }).changed.sort()).toEqual(['frequency', 'range', 'recipients', 'weekday']);
  });
});

describe('the worker sends due schedules', () => {
  it('one email per schedule and period with one CSV per table; a second run and a second worker send nothing more', async () => {
    const day = ownDay();
    const { timeZone } = await readShopSettings(db);
    // Two orders placed that day, in two markets: the "by market" table has exactly two rows.
    for (const market of ['FI', 'SE']) {
      const order = await createOrder(db);
      await db.update(orders).set({ placedAt: localToInstant(`${day}T12:00`, timeZone)!, market }).where(eq(orders.id, order.id));
    }
    await refreshReports(db, { from: day, to: day, timeZone });
    const admin = await createStaff(db, { role: 'admin' });
    const colleague = await createStaff(db);
    const leaver = await createStaff(db);
    const { id } = await saveReportSchedule(
      { db, actor: adminOf(admin.id) },
      { report: 'returns', table: '', frequency: 'daily', weekday: 1, range: 'yesterday', recipients: [admin.id, colleague.id, leaver.id], locale: 'fi' },
      null,
    );
    // Deactivated after being chosen: skipped at send time, the others still get it.
    await db.update(staffUsers).set({ disabledAt: new Date() }).where(eq(staffUsers.id, leaver.id));
    const now = await eight(addDays(day, 1));

    // Before 07:00 nothing is due.
    await sendScheduledReports(db, new Date(now.getTime() - 90 * 60_000));
    expect(await ourMail(id)).toHaveLength(0);

    await sendScheduledReports(db, now);
    const mail = await ourMail(id);
    expect(mail).toHaveLength(1);
    const [message] = mail;
    expect(message!.dedupeKey).toBe(scheduleDedupeKey(id, day));
    expect(message!.audience).toBe('staff');
    expect(message!.locale).toBe('fi');
    expect(message!.recipient.split(', ').sort()).toEqual([admin.email, colleague.email].sort());
    expect(message!.recipient).not.toContain(leaver.email);
    expect(message!.subject).toContain('Palautusaste');
    const attachments = message!.payload.attachments ?? [];
    expect(attachments.map((a) => a.filename)).toEqual(['byProduct', 'byReason', 'byMarket', 'byCarrier'].map((t) => `paluu-returns-${t}-${day}_${day}.csv`));
    const byMarket = attachments[2]!;
    expect(byMarket.contentType).toBe('text/csv; charset=utf-8');
    const csv = Buffer.from('contentBase64' in byMarket ? byMarket.contentBase64 : '', 'base64').toString('utf8');
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Markkina,Myydyt kpl,Palautetut kpl,Palautusaste');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['FI', 'SE']);
    // The body names the rows per table and links to the report for those days.
    expect(message!.payload.text).toContain('2 riviä');
    expect(message!.payload.text).toContain(`/staff/reports/returns?range=custom&from=${day}&to=${day}`);
    // The staff Outbox view names the files (admins only: it is staff mail).
    expect((await getOutboxMessage({ db, actor: adminOf(admin.id) }, message!.id)).attachments).toEqual(attachments.map((a) => a.filename));
    await expect(getOutboxMessage({ db, actor: { type: 'staff', staffId: colleague.id, role: 'agent' } }, message!.id)).rejects.toMatchObject({ code: 'not_found' });
    // Audited like a download: one report.exported per table.
    const exported = await exportsOf(id);
    expect(exported.map((e) => (e.data as { table: string }).table).sort()).toEqual(['byCarrier', 'byMarket', 'byProduct', 'byReason']);

    // Again, later that day, and two workers at once: nothing more is queued or audited.
    const later = new Date(now.getTime() + 3 * 3600_000);
    await sendScheduledReports(db, later);
    await Promise.all([sendScheduledReports(db, later), sendScheduledReports(db, later)]);
    expect(await ourMail(id)).toHaveLength(1);
    expect(await exportsOf(id)).toHaveLength(4);

    // The next day is the next period; two workers racing for it still queue one email.
    await Promise.all([sendScheduledReports(db, new Date(now.getTime() + 86_400_000)), sendScheduledReports(db, new Date(now.getTime() + 86_400_000))]);
    expect((await ourMail(id)).map((m) => m.dedupeKey).sort()).toEqual([scheduleDedupeKey(id, day), scheduleDedupeKey(id, addDays(day, 1))]);
    expect(await exportsOf(id)).toHaveLength(8);

    // The admin's list says when it last left and to whom.
    const listed = (await listReportSchedules({ db, actor: adminOf(admin.id) })).schedules.find((s) => s.id === id);
    expect(listed?.lastSend).toMatchObject({ period: addDays(day, 1), to: message!.recipient });
    await deleteReportSchedule({ db, actor: adminOf(admin.id) }, id);
  });

  it('one table only, and nothing at all when every recipient was deactivated', async () => {
    const day = ownDay();
    const admin = await createStaff(db, { role: 'admin' });
    const leaver = await createStaff(db);
    const one = await saveReportSchedule(
      { db, actor: adminOf(admin.id) },
      { report: 'team', table: 'byHour', frequency: 'monthly', weekday: 1, range: 'lastMonth', recipients: [admin.id], locale: 'sv' },
      null,
    );
    const gone = await saveReportSchedule(
      { db, actor: adminOf(admin.id) },
      { report: 'team', table: '', frequency: 'monthly', weekday: 1, range: 'lastMonth', recipients: [leaver.id], locale: 'en' },
      null,
    );
    await db.update(staffUsers).set({ disabledAt: new Date() }).where(eq(staffUsers.id, leaver.id));
    const first = `${day.slice(0, 7)}-01`;
    await sendScheduledReports(db, await eight(first));
    const [mail] = await ourMail(one.id);
    expect(mail?.recipient).toBe(admin.email);
    expect(mail?.payload.attachments?.map((a) => a.filename)).toEqual([`paluu-team-byHour-${addDays(first, -1).slice(0, 7)}-01_${addDays(first, -1)}.csv`]);
    expect(await ourMail(gone.id)).toHaveLength(0);
    expect(await exportsOf(gone.id)).toHaveLength(0);
    await deleteReportSchedule({ db, actor: adminOf(admin.id) }, one.id);
    await deleteReportSchedule({ db, actor: adminOf(admin.id) }, gone.id);
  });
});
