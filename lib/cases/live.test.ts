import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { caseMessages, casePresence, outbox } from '@/db/schema';
import { createDb } from '@/db';
import { testDb } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';
import { getAppSecret } from '@/lib/settings/app-secret';
import { addInternalNote } from './add-note';
import { createLiveHub, type LiveMessage } from './live-hub';
import { heartbeatPresence, joinCase, leaveCase, presenceOf, setTyping, STAFF_LIVE_CHANNEL } from './presence';
import { receiveCustomerMessage } from './receive-customer-message';
import { replyToCase } from './reply-to-case';
import { signReplyToken } from './reply-token';

const db = testDb();
const agent = async (name: string) => {
  const s = await createStaff(db, { name });
  return { db, actor: { type: 'staff' as const, staffId: s.id, role: 'agent' as const }, staff: s };
};
const customerWrites = async (caseId: string, body: string) =>
  receiveCustomerMessage({ db, clientKey: `test-${randomUUID()}` }, { token: signReplyToken(await getAppSecret(db), caseId, new Date()), body });
const messagesOn = async (caseId: string) => (await db.select({ id: caseMessages.id }).from(caseMessages).where(eq(caseMessages.caseId, caseId))).length;
const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('presence on a case (shared through PostgreSQL)', () => {
  it('lists who views and who types, by name; a closed stream leaves at once', async () => {
    const anna = await agent(`Anna ${randomUUID().slice(0, 4)}`);
    const bert = await agent(`Bert ${randomUUID().slice(0, 4)}`);
    const c = await createCase(db);
    const annaTab = randomUUID();
    await joinCase(anna, { streamId: annaTab, caseId: c.id });
    await joinCase(bert, { streamId: randomUUID(), caseId: c.id });
    expect((await presenceOf(db, [c.id])).get(c.id)).toEqual([
      { staffId: anna.staff.id, name: anna.staff.name, state: 'viewing' },
      { staffId: bert.staff.id, name: bert.staff.name, state: 'viewing' },
    ]);

    await setTyping(anna, { caseId: c.id, typing: true });
    expect((await presenceOf(db, [c.id])).get(c.id)?.find((p) => p.staffId === anna.staff.id)?.state).toBe('typing');
    await setTyping(anna, { caseId: c.id, typing: false });
    expect((await presenceOf(db, [c.id])).get(c.id)?.find((p) => p.staffId === anna.staff.id)?.state).toBe('viewing');

    await leaveCase(db, annaTab);
    expect((await presenceOf(db, [c.id])).get(c.id)?.map((p) => p.name)).toEqual([bert.staff.name]);
  });

  it('two tabs of one agent count once; the agent stays while either is open', async () => {
    const anna = await agent('Anna Two Tabs');
    const c = await createCase(db);
    const [tab1, tab2] = [randomUUID(), randomUUID()];
    await joinCase(anna, { streamId: tab1, caseId: c.id });
    await joinCase(anna, { streamId: tab2, caseId: c.id });
    expect((await presenceOf(db, [c.id])).get(c.id)).toHaveLength(1);
    await leaveCase(db, tab1);
    expect((await presenceOf(db, [c.id])).get(c.id)).toHaveLength(1);
  });

  it('a tab whose server died disappears when its lease lapses; a live server renews it', async () => {
    const anna = await agent('Anna Crashed');
    const bert = await agent('Bert Alive');
    const c = await createCase(db);
    const dead = randomUUID();
    const alive = randomUUID();
    await joinCase(anna, { streamId: dead, caseId: c.id });
    await joinCase(bert, { streamId: alive, caseId: c.id });
    // 31 s later: nobody renewed Anna's row (her server is gone), Bert's server renewed his.
    await db.update(casePresence).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(casePresence.caseId, c.id));
    await heartbeatPresence(db, [alive]);
    expect((await presenceOf(db, [c.id])).get(c.id)?.map((p) => p.name)).toEqual(['Bert Alive']);
    // A lapsed typing lease reads as viewing.
    await setTyping(bert, { caseId: c.id, typing: true });
    await db.update(casePresence).set({ typingUntil: sql`now() - interval '1 second'` }).where(eq(casePresence.id, alive));
    expect((await presenceOf(db, [c.id])).get(c.id)?.[0]?.state).toBe('viewing');
  });

  it('joining a case that does not exist is not_found, and an agent without a stream cannot mark typing', async () => {
    const anna = await agent('Anna Nowhere');
    await expect(joinCase(anna, { streamId: randomUUID(), caseId: randomUUID() })).rejects.toMatchObject({ code: 'not_found' });
    const c = await createCase(db);
    await setTyping(anna, { caseId: c.id, typing: true });
    expect((await presenceOf(db, [c.id])).get(c.id)).toEqual([]);
  });
});

describe('live hub: two web servers on one database', () => {
  const url = inject('databaseUrl');
  const serverA = createDb(url, { max: 2 });
  const serverB = createDb(url, { max: 2 });
  const hubA = createLiveHub(serverA, url);
  const hubB = createLiveHub(serverB, url);
  afterAll(async () => {
    await Promise.all([hubA.close(), hubB.close()]);
    await Promise.all([serverA.$end(), serverB.$end()]);
  });

  it('a stream on server B sees an agent join on server A, a note and a customer message, and the queue is told', async () => {
    const anna = await agent('Anna On A');
    const c = await createCase(db);
    const onCase: LiveMessage[] = [];
    const onQueue: LiveMessage[] = [];
    const offCase = hubB.subscribe({ caseId: c.id, streamId: null, send: (m) => onCase.push(m) });
    const offQueue = hubB.subscribe({ caseId: null, streamId: null, send: (m) => onQueue.push(m) });
    // The LISTEN is set up on first subscribe; wait until it is live (a NOTIFY of our own comes back).
    const probe = postgres(url, { max: 1 });
    await until(() => {
      probe`select pg_notify(${STAFF_LIVE_CHANNEL}, ${`c:${c.id}`})`.catch(() => {});
      return onCase.length > 0;
    });
    onCase.length = 0;
    onQueue.length = 0;

    const tab = randomUUID();
    const unsubscribeA = hubA.subscribe({ caseId: c.id, streamId: tab, send: () => {} });
    await joinCase({ ...anna, db: serverA }, { streamId: tab, caseId: c.id });
    await until(() => onCase.some((m) => m.event === 'presence' && m.people.some((p) => p.name === 'Anna On A')));

    await addInternalNote(anna, { caseId: c.id, body: 'Checking the parcel' });
    await until(() => onCase.some((m) => m.event === 'case' && m.caseId === c.id));
    await until(() => onQueue.some((m) => m.event === 'queue'));

    onCase.length = 0;
    await customerWrites(c.id, 'Any news?');
    await until(() => onCase.some((m) => m.event === 'case' && m.caseId === c.id));

    await leaveCase(serverA, tab);
    unsubscribeA();
    await until(() => onCase.some((m) => m.event === 'presence' && m.people.length === 0));
    offCase();
    offQueue();
    await probe.end();
  });
});

describe('live hub: server shutdown', () => {
  it('ends every open stream so draining does not wait for them', async () => {
    const url = inject('databaseUrl');
    const server = createDb(url, { max: 1 });
    const hub = createLiveHub(server, url);
    const ended: string[] = [];
    hub.subscribe({ caseId: null, streamId: null, send: () => {}, end: () => ended.push('queue') });
    hub.subscribe({ caseId: randomUUID(), streamId: randomUUID(), send: () => {}, end: () => ended.push('case') });
    expect(hub.size()).toBe(2);
    hub.endStreams();
    expect(ended.sort()).toEqual(['case', 'queue']);
    await hub.close();
    await server.$end();
  });
});

describe('collision detection on a reply', () => {
  it('a customer message that arrived while the agent wrote: the reply is refused with what is new, nothing is stored or sent', async () => {
    const anna = await agent('Anna Writer');
    const c = await createCase(db);
    const { messageId: first } = await customerWrites(c.id, 'Where is my parcel?');
    // Anna opens the case (sees `first`) and starts writing; the customer writes again.
    const { messageId: second } = await customerWrites(c.id, 'Never mind, it came!');
    const before = await messagesOn(c.id);
    const outboxBefore = (await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.caseId, c.id))).length;
    await expect(replyToCase(anna, { caseId: c.id, body: 'It is on its way.', lastSeenMessageId: first })).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'newer_messages', count: 1, latestMessageId: second },
    });
    expect(await messagesOn(c.id)).toBe(before);
    expect((await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.caseId, c.id))).length).toBe(outboxBefore);

    // "Send anyway": again with the newest message seen → sent once.
    await replyToCase(anna, { caseId: c.id, body: 'Glad it arrived!', lastSeenMessageId: second });
    expect(await messagesOn(c.id)).toBe(before + 1);
  });

  it('a colleague’s reply counts; the agent’s own replies and internal notes do not', async () => {
    const anna = await agent('Anna Own');
    const bert = await agent('Bert Colleague');
    const c = await createCase(db);
    const { messageId: seen } = await customerWrites(c.id, 'Hello?');
    const { messageId: own } = await replyToCase(anna, { caseId: c.id, body: 'First answer', lastSeenMessageId: seen });
    await addInternalNote(bert, { caseId: c.id, body: 'FYI: VIP' });
    // Anna's own reply and Bert's note are no collision.
    const { messageId: annaSecond } = await replyToCase(anna, { caseId: c.id, body: 'One more thing', lastSeenMessageId: own });

    // For Bert, Anna's replies are a colleague's: having seen only the customer's message, he is asked first.
    await expect(replyToCase(bert, { caseId: c.id, body: 'I refunded you', lastSeenMessageId: seen })).rejects.toMatchObject({ code: 'conflict', details: { count: 2 } });
    const { messageId: bertsReply } = await replyToCase(bert, { caseId: c.id, body: 'I refunded you', lastSeenMessageId: annaSecond });
    await expect(replyToCase(anna, { caseId: c.id, body: 'Also…', lastSeenMessageId: annaSecond })).rejects.toMatchObject({
      code: 'conflict',
      details: { latestMessageId: bertsReply },
    });
    // A case with no message when the agent started (null) and one arrived since: asks too.
    const empty = await createCase(db);
    await customerWrites(empty.id, 'Hi');
    await expect(replyToCase(anna, { caseId: empty.id, body: 'Hello', lastSeenMessageId: null })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a seen message of another case is bad input, and nothing is stored', async () => {
    const anna = await agent('Anna Elsewhere');
    const c = await createCase(db);
    const other = await createCase(db);
    const { messageId } = await customerWrites(other.id, 'Elsewhere');
    await expect(replyToCase(anna, { caseId: c.id, body: 'Hi', lastSeenMessageId: messageId })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await db.select().from(caseMessages).where(and(eq(caseMessages.caseId, c.id), eq(caseMessages.kind, 'reply')))).toEqual([]);
  });
});
