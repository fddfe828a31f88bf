/**
 * The retention purge against the real database: rows just past their period are removed or
 * pseudonymized, rows just inside it stay, open work is never touched, a second run finds nothing
 * of ours, and each run is audited with counts. Periods are set near their maximum so the purge
 * cannot reach other test files' (fresh) rows.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseMessages, cases, csatResponses, outbox, photos, returnItems, returns, staffSessions, trackingLinks, webhookInbox } from '@/db/schema';
import { testDb } from '@/test/db';
import { createOrder, uniqueId } from '@/test/factories';
import { createPersonWithEverything } from '@/test/privacy-factories';
import { createCase, createStaff } from '@/test/staff-factories';
import { purgeExpiredData } from './purge';
import { retentionSettingsSchema } from './retention';

const db = testDb();
const DAY = 86_400_000;
const HOUR = 3_600_000;
const settings = retentionSettingsSchema.parse({
  photosDays: 3000,
  orderPersonalYears: 9,
  caseMessagesMonths: 100,
  outboxBodiesDays: 3000,
  webhookPayloadsDays: 300,
  trackingLinksDays: 300,
  staffSessionsDays: 300,
  csatCommentsMonths: 100,
});
const now = new Date();
const yearsAgo = (n: number) => {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - n);
  return d;
};
const monthsAgo = (n: number) => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d;
};
/** Just outside the period (purged) and just inside it (kept). */
const around = (edge: Date, margin: number) => ({ outside: new Date(edge.getTime() - margin), inside: new Date(edge.getTime() + margin) });

let staffId: string;
beforeAll(async () => {
  staffId = (await createStaff(db, { role: 'admin' })).id;
});

async function returnWithPhoto(closedAt: Date, status: 'completed' | 'approved') {
  const order = await createOrder(db);
  const [line] = await db.execute<{ id: string }>(sql`select id from order_lines where order_id = ${order.id} limit 1`);
  const [ret] = await db
    .insert(returns)
    .values({ rmaNumber: `R-${uniqueId()}`, orderId: order.id, method: 'drop_off', currency: 'EUR', status, completedAt: status === 'completed' ? closedAt : null, updatedAt: closedAt })
    .returning({ id: returns.id });
  const [item] = await db.insert(returnItems).values({ returnId: ret!.id, orderLineId: line!.id, quantity: 1, reasonCode: 'x', resolution: 'refund' }).returning({ id: returnItems.id });
  const [photo] = await db
    .insert(photos)
    .values({ orderId: order.id, returnItemId: item!.id, contentType: 'image/jpeg', width: 1, height: 1, sizeBytes: 3, data: Buffer.from('abc') })
    .returning({ id: photos.id });
  return photo!.id;
}

const exists = async (table: string, id: string) =>
  (await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where id = ${id}`))[0]!.n === 1;

describe('purgeExpiredData', () => {
  it('applies every period: just outside goes, just inside stays, open work stays; audited; idempotent', async () => {
    // Photos: 3000 days after the return closed.
    const photoEdge = around(new Date(now.getTime() - settings.photosDays * DAY), HOUR);
    const oldPhoto = await returnWithPhoto(photoEdge.outside, 'completed');
    const freshPhoto = await returnWithPhoto(photoEdge.inside, 'completed');
    const openPhoto = await returnWithPhoto(photoEdge.outside, 'approved');

    // Orders: personal fields 9 years after the order, unless work is still open.
    const orderEdge = around(yearsAgo(settings.orderPersonalYears), DAY);
    const oldPerson = await createPersonWithEverything(db, staffId);
    const freshPerson = await createPersonWithEverything(db, staffId);
    const busyPerson = await createPersonWithEverything(db, staffId);
    await db.execute(sql`update orders set placed_at = ${orderEdge.outside.toISOString()}::timestamptz where id = any(${`{${oldPerson.orderIds.join(',')}}`}::uuid[])`);
    await db.execute(sql`update orders set placed_at = ${orderEdge.inside.toISOString()}::timestamptz where id = any(${`{${freshPerson.orderIds.join(',')}}`}::uuid[])`);
    await db.execute(sql`update orders set placed_at = ${orderEdge.outside.toISOString()}::timestamptz where id = any(${`{${busyPerson.orderIds.join(',')}}`}::uuid[])`);
    // Close the cases of the old and fresh person; the busy person's case stays open.
    await db.execute(sql`update cases set status = 'closed', closed_at = now() where id in (${oldPerson.caseId}, ${freshPerson.caseId})`);
    await db.execute(sql`update returns set status = 'completed' where order_id = any(${`{${[...oldPerson.orderIds, ...freshPerson.orderIds].join(',')}}`}::uuid[])`);
    await db.execute(sql`update claims set status = 'resolved' where order_id = any(${`{${[...oldPerson.orderIds, ...freshPerson.orderIds].join(',')}}`}::uuid[])`);

    // Case messages: 100 months after the case closed.
    const caseEdge = around(monthsAgo(settings.caseMessagesMonths), 2 * DAY);
    const oldCase = await createCase(db);
    const freshCase = await createCase(db);
    await db.update(cases).set({ status: 'closed', closedAt: caseEdge.outside }).where(sql`id = ${oldCase.id}`);
    await db.update(cases).set({ status: 'closed', closedAt: caseEdge.inside }).where(sql`id = ${freshCase.id}`);
    const [oldMessage] = await db.insert(caseMessages).values({ caseId: oldCase.id, kind: 'customer_message', body: 'old' }).returning({ id: caseMessages.id });
    const [freshMessage] = await db.insert(caseMessages).values({ caseId: freshCase.id, kind: 'customer_message', body: 'fresh' }).returning({ id: caseMessages.id });

    // Email bodies: 3000 days after sending.
    const mailEdge = around(new Date(now.getTime() - settings.outboxBodiesDays * DAY), HOUR);
    const mail = (sentAt: Date) => ({
      kind: 'email.test',
      dedupeKey: uniqueId('mail'),
      recipient: 'x@example.com',
      subject: 'S',
      payload: { to: 'x@example.com', subject: 'S', html: '<p>body</p>', text: 'body' },
      status: 'sent' as const,
      sentAt,
    });
    const [oldMail] = await db.insert(outbox).values(mail(mailEdge.outside)).returning({ id: outbox.id });
    const [freshMail] = await db.insert(outbox).values(mail(mailEdge.inside)).returning({ id: outbox.id });

    // Raw webhook payloads: 300 days after processing.
    const hookEdge = around(new Date(now.getTime() - settings.webhookPayloadsDays * DAY), HOUR);
    const hook = (processedAt: Date) => ({ carrier: 'posti' as const, dedupeKey: uniqueId('wh'), rawBody: '{"recipient":"Someone"}', signatureResult: 'ok', processedAt });
    const [oldHook] = await db.insert(webhookInbox).values(hook(hookEdge.outside)).returning({ id: webhookInbox.id });
    const [freshHook] = await db.insert(webhookInbox).values(hook(hookEdge.inside)).returning({ id: webhookInbox.id });

    // Tracking links and staff sessions: 300 days after they ended.
    const linkEdge = around(new Date(now.getTime() - settings.trackingLinksDays * DAY), HOUR);
    const order = await createOrder(db);
    const [oldLink] = await db.insert(trackingLinks).values({ tokenHash: randomBytes(32).toString('hex'), orderId: order.id, expiresAt: linkEdge.outside }).returning({ id: trackingLinks.id });
    const [freshLink] = await db.insert(trackingLinks).values({ tokenHash: randomBytes(32).toString('hex'), orderId: order.id, expiresAt: linkEdge.inside }).returning({ id: trackingLinks.id });
    const session = (expiresAt: Date) => ({ tokenHash: randomBytes(32).toString('hex'), staffUserId: staffId, expiresAt, lastSeenAt: expiresAt, ip: '203.0.113.9', userAgent: 'UA' });
    const [oldSession] = await db.insert(staffSessions).values(session(linkEdge.outside)).returning({ id: staffSessions.id });
    const [freshSession] = await db.insert(staffSessions).values(session(linkEdge.inside)).returning({ id: staffSessions.id });

    // CSAT comments: 100 months after the answer.
    const csatEdge = around(monthsAgo(settings.csatCommentsMonths), 2 * DAY);
    const csat = async (respondedAt: Date) =>
      (
        await db
          .insert(csatResponses)
          .values({ caseId: (await createCase(db)).id, tokenHash: randomBytes(32).toString('hex'), score: 4, comment: 'Hyvä palvelu', respondedAt })
          .returning({ id: csatResponses.id })
      )[0]!.id;
    const oldCsat = await csat(csatEdge.outside);
    const freshCsat = await csat(csatEdge.inside);

    const counts = await purgeExpiredData(db, { now, settings });
    for (const key of ['photos', 'orders', 'caseMessages', 'outboxBodies', 'webhookPayloads', 'trackingLinks', 'staffSessions', 'csatComments'] as const) {
      expect(counts[key], key).toBeGreaterThanOrEqual(1);
    }

    expect(await exists('photos', oldPhoto)).toBe(false);
    expect(await exists('photos', freshPhoto)).toBe(true);
    expect(await exists('photos', openPhoto)).toBe(true);

    const person = async (orderIds: string[]) =>
      db.execute<{ email: string; customer_name: string; phone: string | null; captured_amount: number; refunded_amount: number; order_number: string }>(
        sql`select email, customer_name, phone, captured_amount, refunded_amount, order_number from orders where id = any(${`{${orderIds.join(',')}}`}::uuid[]) order by order_number`,
      );
    const old = await person(oldPerson.orderIds);
    expect(old.map((o) => o.email)).toEqual([expect.stringMatching(/@erased\.invalid$/), expect.stringMatching(/@erased\.invalid$/)]);
    expect(old.map((o) => [o.customer_name, o.phone])).toEqual([
      ['[erased]', null],
      ['[erased]', null],
    ]);
    expect(old.map((o) => o.order_number)).toEqual([...oldPerson.orderNumbers].sort());
    expect(old.map((o) => o.refunded_amount).reduce((a, b) => a + b)).toBe(1500 + 5590); // accounting stays
    const [oldCaseRow] = await db.execute<{ customer_email: string }>(sql`select customer_email from cases where id = ${oldPerson.caseId}`);
    expect(oldCaseRow!.customer_email).toMatch(/@erased\.invalid$/);
    // Inside the old orders' own audit events, messages and emails the person is gone too.
    const [leftover] = await db.execute<{ events: number; messages: number; mails: number }>(sql`
      select (select count(*)::int from case_events where (order_id = any(${`{${oldPerson.orderIds.join(',')}}`}::uuid[]) or case_id = ${oldPerson.caseId})
                and (strpos(data::text, ${oldPerson.name}) > 0 or strpos(lower(data::text), ${oldPerson.email.toLowerCase()}) > 0)) as events,
             (select count(*)::int from case_messages where case_id = ${oldPerson.caseId} and body <> '[erased]') as messages,
             (select count(*)::int from outbox where case_id = ${oldPerson.caseId} and strpos(payload::text, ${oldPerson.street}) > 0) as mails`);
    expect(leftover).toEqual({ events: 0, messages: 0, mails: 0 });
    expect((await person(freshPerson.orderIds)).map((o) => o.email)).toEqual([freshPerson.email, freshPerson.email]);
    // Each order on its own: the one with an open case keeps its data, the other (nothing open) does not.
    const [busyOpen] = await person([busyPerson.orderIds[0]!]);
    const [busyDone] = await person([busyPerson.orderIds[1]!]);
    expect(busyOpen!.email).toBe(busyPerson.email);
    expect(busyDone!.email).toMatch(/@erased\.invalid$/);
    // …and the open order's case still names the customer (no redaction while another order keeps the values).
    const [busyCase] = await db.execute<{ subject: string }>(sql`select subject from cases where id = ${busyPerson.caseId}`);
    expect(busyCase!.subject).toBe(`Kysymys: ${busyPerson.name}`);

    expect(await exists('case_messages', oldMessage!.id)).toBe(false);
    expect(await exists('case_messages', freshMessage!.id)).toBe(true);

    const bodies = await db.execute<{ id: string; html: string }>(sql`select id, payload->>'html' as html from outbox where id in (${oldMail!.id}, ${freshMail!.id})`);
    expect(Object.fromEntries(bodies.map((b) => [b.id, b.html]))).toEqual({ [oldMail!.id]: '', [freshMail!.id]: '<p>body</p>' });

    const hooks = await db.execute<{ id: string; raw_body: string }>(sql`select id, raw_body from webhook_inbox where id in (${oldHook!.id}, ${freshHook!.id})`);
    expect(Object.fromEntries(hooks.map((h) => [h.id, h.raw_body]))).toEqual({ [oldHook!.id]: '[erased]', [freshHook!.id]: '{"recipient":"Someone"}' });

    expect(await exists('tracking_links', oldLink!.id)).toBe(false);
    expect(await exists('tracking_links', freshLink!.id)).toBe(true);
    expect(await exists('staff_sessions', oldSession!.id)).toBe(false);
    expect(await exists('staff_sessions', freshSession!.id)).toBe(true);

    const comments = await db.execute<{ id: string; comment: string | null }>(sql`select id, comment from csat_responses where id in (${oldCsat}, ${freshCsat})`);
    expect(Object.fromEntries(comments.map((c) => [c.id, c.comment]))).toEqual({ [oldCsat]: null, [freshCsat]: 'Hyvä palvelu' });

    const [audit] = await db.execute<{ data: { counts: Record<string, number> } }>(
      sql`select data from case_events where type = 'privacy.purged' and (data->'counts'->>'orders')::int >= 2 order by id desc limit 1`,
    );
    expect(audit!.data.counts.photos).toBeGreaterThanOrEqual(1);

    // A second run leaves our fresh rows alone and finds none of the purged ones again.
    await purgeExpiredData(db, { now, settings });
    expect(await exists('photos', freshPhoto)).toBe(true);
    expect((await person(freshPerson.orderIds)).map((o) => o.email)).toEqual([freshPerson.email, freshPerson.email]);
    expect((await person(oldPerson.orderIds)).map((o) => o.email)).toEqual(old.map((o) => o.email));
  });
});
