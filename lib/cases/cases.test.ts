import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, caseMessages, cases, outbox } from '@/db/schema';
import { createOrder } from '@/test/factories';
import { testDb, uniqueId } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';
import { addInternalNote } from './add-note';
import { assignCase } from './assign-case';
import { bulkUpdateCases } from './bulk-update-cases';
import { listQueue } from './queue';
import { receiveCustomerMessage } from './receive-customer-message';
import { replyToCase } from './reply-to-case';
import { queueQuerySchema } from './schemas';
import { updateCase } from './update-case';

const db = testDb();
const staffCtx = async (role: 'agent' | 'admin' = 'agent') => {
  const s = await createStaff(db, { role });
  return { db, actor: { type: 'staff' as const, staffId: s.id, role }, staff: s };
};
const caseRow = async (id: string) => (await db.select().from(cases).where(eq(cases.id, id)))[0]!;
async function failure(promise: Promise<unknown>): Promise<{ code?: string; details?: unknown; name?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; details?: unknown; name?: string };
  }
  throw new Error('expected a failure');
}

describe('resolving a case', () => {
  it('sends the satisfaction survey once, in the case language', async () => {
    const agent = await staffCtx();
    const c = await createCase(db, { locale: 'sv' });
    const version = (await caseRow(c.id)).version;
    await updateCase(agent, { caseId: c.id, version, status: 'resolved' });
    await updateCase(agent, { caseId: c.id, version: version + 1, status: 'open' });
    await updateCase(agent, { caseId: c.id, version: version + 2, status: 'resolved' });
    const surveys = await db.select().from(outbox).where(and(eq(outbox.caseId, c.id), eq(outbox.kind, 'email.csat_survey')));
    expect(surveys).toHaveLength(1);
    expect(surveys[0]!.locale).toBe('sv');
  });
});

describe('optimistic locking', () => {
  it('refuses the second of two saves on the same version, says what changed, and applies nothing', async () => {
    const a = await staffCtx();
    const b = await staffCtx();
    const c = await createCase(db);
    const seen = (await caseRow(c.id)).version;
    await updateCase(a, { caseId: c.id, version: seen, priority: 'urgent', tags: ['vip'] });
    const conflict = await failure(updateCase(b, { caseId: c.id, version: seen, status: 'waiting_carrier', priority: 'low' }));
    expect(conflict.code).toBe('conflict');
    expect(conflict.details).toMatchObject({ current: { version: seen + 1, priority: 'urgent', tags: ['vip'], status: 'open' } });
    expect(await caseRow(c.id)).toMatchObject({ priority: 'urgent', status: 'open', version: seen + 1 });
    // B reloads (the new version) and saves its change: nothing is lost.
    await updateCase(b, { caseId: c.id, version: seen + 1, status: 'waiting_carrier' });
    expect(await caseRow(c.id)).toMatchObject({ priority: 'urgent', status: 'waiting_carrier', tags: ['vip'], version: seen + 2 });
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'case.updated')));
    expect(events).toHaveLength(2);
  });

  it('notes are append-only and never conflict; transfers need a reason and check the version', async () => {
    const a = await staffCtx();
    const b = await staffCtx();
    const c = await createCase(db);
    const v = (await caseRow(c.id)).version;
    await Promise.all([addInternalNote(a, { caseId: c.id, body: 'Note A' }), addInternalNote(b, { caseId: c.id, body: 'Note B' })]);
    const notes = await db.select().from(caseMessages).where(eq(caseMessages.caseId, c.id));
    expect(notes.map((n) => n.body).sort()).toEqual(['Note A', 'Note B']);
    expect((await failure(assignCase(a, { caseId: c.id, version: v, assigneeId: b.staff.id }))).code).toBe('invalid_input');
    await assignCase(a, { caseId: c.id, version: v, assigneeId: a.staff.id });
    expect((await failure(assignCase(b, { caseId: c.id, version: v, assigneeId: b.staff.id }))).code).toBe('conflict');
    await assignCase(a, { caseId: c.id, version: v + 1, assigneeId: b.staff.id, reason: 'Speaks Swedish' });
    expect((await caseRow(c.id)).assigneeId).toBe(b.staff.id);
    const [transfer] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'case.transferred')));
    expect(transfer!.data).toMatchObject({ from: a.staff.id, to: b.staff.id, reason: 'Speaks Swedish' });
  });
});

describe('reply and the customer answer', () => {
  it('emails the reply in the customer language with a link whose answer lands in the same case', async () => {
    const agent = await staffCtx();
    const order = await createOrder(db, 'sv');
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email, customerName: 'Sara Svensson', locale: 'sv' });
    await replyToCase(agent, { caseId: c.id, body: 'Vi har skickat ett nytt paket.' });
    const [mail] = await db.select().from(outbox).where(eq(outbox.caseId, c.id));
    expect(mail).toMatchObject({ recipient: order.email, locale: 'sv', kind: 'email.case_reply' });
    expect(mail!.subject).toBe(`Ett meddelande om din beställning ${order.orderNumber} från Paluu`);
    expect(mail!.payload.text).toContain('Hej Sara,');
    const link = /https?:\/\/\S+\/sv\/messages\/(\S+)/.exec(mail!.payload.text)!;
    expect(link).not.toBeNull();
    let row = await caseRow(c.id);
    expect(row).toMatchObject({ status: 'waiting_customer' });
    expect(row.firstRespondedAt).not.toBeNull();
    expect(row.slaPausedAt).not.toBeNull();

    await receiveCustomerMessage({ db, clientKey: 'x' }, { token: link[1]!, body: 'Tack! Det kom fram.' });
    row = await caseRow(c.id);
    expect(row).toMatchObject({ status: 'open', slaPausedAt: null });
    const messages = await db.select({ kind: caseMessages.kind, body: caseMessages.body }).from(caseMessages).where(eq(caseMessages.caseId, c.id)).orderBy(caseMessages.createdAt);
    expect(messages).toEqual([
      { kind: 'reply', body: 'Vi har skickat ett nytt paket.' },
      { kind: 'customer_message', body: 'Tack! Det kom fram.' },
    ]);
  });

  it('refuses a forged or altered link and an empty answer, changing nothing', async () => {
    const c = await createCase(db);
    const before = await caseRow(c.id);
    expect((await failure(receiveCustomerMessage({ db, clientKey: 'x' }, { token: `${Buffer.from(`${c.id}.9999999999`).toString('base64url')}.forged-signature`, body: 'hi' }))).code).toBe('not_found');
    expect((await failure(receiveCustomerMessage({ db, clientKey: 'x' }, { token: 'x'.repeat(20), body: '   ' }))).name).toBe('ZodError');
    expect(await caseRow(c.id)).toEqual(before);
  });
});

describe('queue', () => {
  it('finds a case by order number, email, tracking number and case number; pages with a keyset cursor', async () => {
    const agent = await staffCtx();
    const order = await createOrder(db);
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email });
    const q = (text: string) => listQueue(agent, queueQuerySchema.parse({ view: 'open', q: text }));
    for (const text of [order.orderNumber.toLowerCase(), order.email.toUpperCase()]) {
      expect((await q(text)).rows.map((r) => r.id)).toEqual([c.id]);
    }
    // The case number finds the case; its digits also find any case whose order, parcel or RMA number contains
    // them (a forgiving search), and the suite's shared database has thousands of tracking numbers.
    expect((await q(`#${c.number}`)).rows.map((r) => r.id)).toContain(c.id);
    const [parcel] = await db.query.shipments.findMany({ where: (s, { eq: e }) => e(s.orderId, order.id), limit: 1 });
    expect((await q(parcel!.trackingNumber)).rows.map((r) => r.id)).toEqual([c.id]);
    expect((await q('%')).rows).toEqual([]);

    const tag = uniqueId('tag').toLowerCase();
    const created = [];
    for (let i = 0; i < 27; i++) created.push(await createCase(db));
    await bulkUpdateCases(agent, { caseIds: created.map((x) => x.id), action: { kind: 'tag', tag } });
    const first = await listQueue(agent, queueQuerySchema.parse({ view: 'open', tag }));
    expect(first.rows).toHaveLength(25);
    expect(first.nextCursor).not.toBeNull();
    const second = await listQueue(agent, queueQuerySchema.parse({ view: 'open', tag, after: first.nextCursor }));
    expect(second.rows).toHaveLength(2);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id))).toEqual(new Set(created.map((x) => x.id)));
  });

  it('bulk assign and close in one transaction with an audit row per case; views follow', async () => {
    const agent = await staffCtx();
    const cs = [await createCase(db), await createCase(db)];
    expect(await bulkUpdateCases(agent, { caseIds: cs.map((c) => c.id), action: { kind: 'assign', assigneeId: agent.staff.id } })).toEqual({ updated: 2 });
    const mine = await listQueue(agent, queueQuerySchema.parse({ view: 'mine' }));
    expect(mine.rows.map((r) => r.id).sort()).toEqual(cs.map((c) => c.id).sort());
    expect(mine.counts.mine).toBe(2);
    expect(await bulkUpdateCases(agent, { caseIds: cs.map((c) => c.id), action: { kind: 'close' } })).toEqual({ updated: 2 });
    expect((await listQueue(agent, queueQuerySchema.parse({ view: 'mine' }))).rows).toEqual([]);
    for (const c of cs) {
      expect(await caseRow(c.id)).toMatchObject({ status: 'closed' });
      const types = (await db.select({ type: caseEvents.type }).from(caseEvents).where(eq(caseEvents.caseId, c.id))).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['case.opened', 'case.assigned', 'case.updated']));
    }
    // An unknown assignee fails the whole batch.
    expect((await failure(bulkUpdateCases(agent, { caseIds: cs.map((c) => c.id), action: { kind: 'assign', assigneeId: '00000000-0000-4000-8000-000000000000' } }))).code).toBe('invalid_input');
  });
});
