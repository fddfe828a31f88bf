import { randomInt } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { and, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseAttachments, caseEvents, caseMessages, cases, inboundEmails, outbox, shipments } from '@/db/schema';
import { getCaseDetail } from '@/lib/cases/case-detail';
import { replyToCase } from '@/lib/cases/reply-to-case';
import { loadReport } from '@/lib/reports/queries';
import { addDays, resolveRange } from '@/lib/reports/range';
import { refreshReports } from '@/lib/reports/refresh-reports';
import { testDb, uniqueId } from '@/test/db';
import { startDovecot, type Dovecot } from '@/test/dovecot';
import { startSmtpSink } from '@/test/smtp-sink';
import { dispatchOutbox } from '@/lib/outbox/dispatch-outbox';
import { createSmtpMailer } from '@/lib/outbox/smtp-mailer';
import { createOrder } from '@/test/factories';
import { createCase, createStaff } from '@/test/staff-factories';
import type { InboundConfig } from '@/lib/cases/inbound-config';
import { pollImapOnce } from './imap-poller';
import { importInboundEmail, INBOUND_SENDER_LIMIT, type ImportOutcome } from './import-inbound-email';
import type { InboundMessage } from './parse';
import { startInboundSmtp, type InboundListener } from './smtp-listener';

const db = testDb();
const config: InboundConfig = { address: 'support@shop.test', domain: 'shop.test', ownDomains: ['shop.test', 'localhost'] };
let listener: InboundListener;
const outcomes: ImportOutcome[] = [];
let transport: Transporter;

beforeAll(async () => {
  vi.stubEnv('INBOUND_EMAIL_ADDRESS', config.address);
  listener = await startInboundSmtp(db, { port: 0, host: '127.0.0.1', config, maxBytes: 12 * 1024 * 1024, onImported: (o) => outcomes.push(o) });
  transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  transport?.close();
  await listener?.close();
});

const messagesOf = async (caseId: string) => db.select().from(caseMessages).where(eq(caseMessages.caseId, caseId)).orderBy(caseMessages.createdAt);
const caseRow = async (id: string) => (await db.select().from(cases).where(eq(cases.id, id)))[0]!;
const inboundRow = async (messageId: string) => (await db.select().from(inboundEmails).where(eq(inboundEmails.messageId, messageId)))[0];
const mid = () => `${uniqueId('m')}@customer.example`;

async function agentReply(caseId: string, body: string) {
  const s = await createStaff(db);
  const { outboxId } = await replyToCase({ db, actor: { type: 'staff', staffId: s.id, role: 'agent' } }, { caseId, body });
  const [row] = await db.select().from(outbox).where(eq(outbox.id, outboxId!));
  return row!;
}

describe('replies to our emails land in their case', () => {
  it('threads by In-Reply-To (our Message-ID), shows as a customer message and reopens a case waiting on the customer', async () => {
    const order = await createOrder(db, 'fi');
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email });
    const sent = await agentReply(c.id, 'Voisitko lähettää kuvan?');
    expect((await caseRow(c.id)).status).toBe('waiting_customer');
    // The outbox dispatcher sends it as <outbox id@MAIL_FROM's domain> (lib/outbox/smtp-mailer.ts).
    await transport.sendMail({
      from: order.email,
      to: 'support@shop.test',
      subject: 'Re: Tilauksesi',
      text: 'Tässä kuva tuotteesta.\n\nOn Mon, 1 Dec 2026 at 10:00, Shop wrote:\n> Voisitko lähettää kuvan?',
      messageId: `<${mid()}>`,
      inReplyTo: `<${sent.id}@localhost>`,
      references: [`<${sent.id}@localhost>`],
    });
    const all = await messagesOf(c.id);
    expect(all.at(-1)).toMatchObject({ kind: 'customer_message', body: 'Tässä kuva tuotteesta.' });
    expect((await caseRow(c.id)).status).toBe('open');
    const events = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'case.customer_replied')));
    expect(events[0]!.data).toMatchObject({ via: 'email_smtp', reopened: true });
  });

  it('threads by the per-case reply address when the mail client drops the headers', async () => {
    const c = await createCase(db, { locale: 'sv' });
    const sent = await agentReply(c.id, 'Hej! Vilket paket gäller det?');
    expect(sent.payload.replyTo).toMatch(/^support\+c_[0-9a-f]{44}@shop\.test$/);
    await transport.sendMail({ from: 'someone.else@customer.example', to: sent.payload.replyTo, subject: 'Svar', text: 'Det blå paketet.', messageId: `<${mid()}>` });
    expect((await messagesOf(c.id)).at(-1)).toMatchObject({ kind: 'customer_message', body: 'Det blå paketet.' });
    // A forged token is no way into someone else's case: it opens a new case instead.
    const forged = sent.payload.replyTo!.replace(/c_([0-9a-f]{32})[0-9a-f]{12}/, 'c_$1000000000000');
    const id = mid();
    await transport.sendMail({ from: 'intruder@customer.example', to: forged, subject: 'Hi', text: 'Let me in', messageId: `<${id}>` });
    const row = await inboundRow(id);
    expect(row).toMatchObject({ outcome: 'opened' });
    expect(row!.caseId).not.toBe(c.id);
  });
});

describe('round trip through real SMTP', () => {
  it('the reply as the customer receives it carries Reply-To and References, and answering it lands in the case', async () => {
    const sink = await startSmtpSink();
    try {
      const order = await createOrder(db, 'en');
      const c = await createCase(db, { orderId: order.id, customerEmail: `${uniqueId('rt')}@customer.example`, locale: 'en' });
      const sent = await agentReply(c.id, 'Could you send a photo?');
      // Dispatch until our row left (other files' rows may be in the same outbox).
      for (let i = 0; i < 20 && !sink.received.some((m) => m.messageId === `<${sent.id}@shop.test>`); i++) await dispatchOutbox(db, createSmtpMailer(sink.url, 'Shop <noreply@shop.test>'), 500, undefined, [sent.id]);
      const received = sink.received.find((m) => m.messageId === `<${sent.id}@shop.test>`)!;
      expect(received.replyTo?.value[0]?.address).toBe(sent.payload.replyTo);
      expect(received.references).toContain(`<case.${c.id}@shop.test>`);
      // The customer's client answers with In-Reply-To and References from what it received.
      await transport.sendMail({
        from: c.id ? (await caseRow(c.id)).customerEmail : '',
        to: received.replyTo!.text,
        subject: `Re: ${received.subject}`,
        text: 'Photo attached soon.',
        messageId: `<${mid()}>`,
        inReplyTo: received.messageId,
        references: [received.references].flat().filter(Boolean).concat(received.messageId!) as string[],
      });
      expect((await messagesOf(c.id)).at(-1)).toMatchObject({ kind: 'customer_message', body: 'Photo attached soon.' });
    } finally {
      await sink.close();
    }
  });
});

describe('a new email', () => {
  it('opens a question case linked to the order number in its subject', async () => {
    const order = await createOrder(db, 'en');
    const id = mid();
    await transport.sendMail({ from: '"Ann Other" <ann.other@customer.example>', to: 'support@shop.test', subject: `Question about order #${order.orderNumber}`, text: 'Can I change the colour?', messageId: `<${id}>` });
    const row = await inboundRow(id);
    expect(row).toMatchObject({ outcome: 'opened', source: 'smtp' });
    const c = await caseRow(row!.caseId!);
    expect(c).toMatchObject({ type: 'question', orderId: order.id, customerEmail: 'ann.other@customer.example', customerName: 'Ann Other', status: 'open' });
    expect((await messagesOf(c.id))[0]).toMatchObject({ kind: 'customer_message', body: 'Can I change the colour?' });
    const [event] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'case.email_received')));
    expect(event).toBeDefined();
  });

  it('links the sender\'s latest order when the text names none, and no order for a stranger', async () => {
    const order = await createOrder(db, 'en');
    const id = mid();
    await transport.sendMail({ from: order.email, to: 'support@shop.test', subject: 'Gift wrapping', text: 'Is gift wrapping possible?', messageId: `<${id}>` });
    expect((await caseRow((await inboundRow(id))!.caseId!)).orderId).toBe(order.id);
    const other = mid();
    await transport.sendMail({ from: `${uniqueId('x')}@nowhere.example`, to: 'support@shop.test', subject: 'Hello', text: 'Do you ship to Iceland?', messageId: `<${other}>` });
    expect((await caseRow((await inboundRow(other))!.caseId!)).orderId).toBeNull();
  });
});

describe('"where is my order" emails', () => {
  it('answer with a parcel that has left, never with one still awaiting the shop (an exchange\'s or reship\'s)', async () => {
    const order = await createOrder(db, 'en');
    const [waiting] = await db.insert(shipments).values({ orderId: order.id, carrier: 'posti', trackingNumber: `PENDING-R-${uniqueId('w')}`, service: 'exchange' }).returning();
    const id = mid();
    await transport.sendMail({ from: order.email, to: 'support@shop.test', subject: 'Order', text: `Hi, where is my order ${order.orderNumber}? It has not arrived yet.`, messageId: `<${id}>` });
    const row = await inboundRow(id);
    expect(row!.outcome).toBe('auto_answered');
    const [event] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, row!.caseId!), eq(caseEvents.type, 'case.auto_answered')));
    expect(event!.data.shipmentId).not.toBe(waiting!.id);
    const [answer] = await db.select().from(outbox).where(and(eq(outbox.caseId, row!.caseId!), eq(outbox.kind, 'email.inbound_wismo_answer')));
    expect(answer!.payload.text).not.toContain('PENDING');
  });

  it('get an automatic answer with the parcel status and tracking link in the customer\'s language, and count as deflected', async () => {
    const order = await createOrder(db, 'en');
    const id = mid();
    await transport.sendMail({ from: order.email, to: 'support@shop.test', subject: 'Tilaus', text: `Hei, missä tilaukseni ${order.orderNumber} on? Se ei ole vielä tullut.`, messageId: `<${id}>` });
    const row = await inboundRow(id);
    expect(row!.outcome).toBe('auto_answered');
    const c = await caseRow(row!.caseId!);
    expect(c).toMatchObject({ orderId: order.id, locale: 'fi', status: 'resolved' });
    const [answer] = await db.select().from(outbox).where(and(eq(outbox.caseId, c.id), eq(outbox.kind, 'email.inbound_wismo_answer')));
    expect(answer).toMatchObject({ locale: 'fi', recipient: order.email.toLowerCase() });
    const [event] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'case.auto_answered')));
    const [parcel] = await db.select().from(shipments).where(eq(shipments.id, String(event!.data.shipmentId)));
    expect(answer!.payload.text).toContain(parcel!.trackingNumber);
    expect(answer!.payload.text).toMatch(/Seuraa pakettiasi:\s+https?:\/\/\S+\/t\/[A-Za-z0-9_-]{20,}/);
    expect(answer!.payload.text).toContain(parcel!.status === 'delivered' ? 'Toimitettu' : 'Noudettavissa');
    expect(answer!.payload.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
    expect(answer!.payload.replyTo).toMatch(/^support\+c_/);
    expect((await messagesOf(c.id)).map((m) => m.kind)).toEqual(['customer_message', 'reply']);

    // The deflection report counts it (moved into a window of its own so other tests do not interfere:
    // before 1905, where no fixture's fixed date and no window of lib/reports/reports.test.ts falls).
    const from = addDays('1850-01-01', randomInt(0, 20_000));
    await db.update(cases).set({ createdAt: new Date(`${from}T09:00:00Z`) }).where(eq(cases.id, c.id));
    const range = resolveRange({ range: 'custom', from, to: from }, 'Europe/Helsinki');
    await refreshReports(db, { from, to: from, timeZone: 'Europe/Helsinki' });
    const data = await loadReport(db, { type: 'staff', staffId: '00000000-0000-4000-8000-000000000001', role: 'agent' }, 'wismo', { range, timeZone: 'Europe/Helsinki', locale: 'en' });
    expect(data.tables.find((t) => t.id === 'total')!.rows[0]).toMatchObject({ questions: 1, emailDeflected: 1 });
  });

  it('without a parcel opens a case for a person and sends nothing', async () => {
    const order = await createOrder(db, 'sv');
    await db.delete(shipments).where(eq(shipments.orderId, order.id));
    const id = mid();
    await transport.sendMail({ from: order.email, to: 'support@shop.test', subject: `Var är min beställning ${order.orderNumber}?`, text: 'Hej!', messageId: `<${id}>` });
    const row = await inboundRow(id);
    expect(row!.outcome).toBe('opened');
    expect((await caseRow(row!.caseId!)).locale).toBe('sv');
    expect(await db.select().from(outbox).where(eq(outbox.caseId, row!.caseId!))).toHaveLength(0);
  });
});

describe('machines never open cases or loop', () => {
  it('ignores an auto-reply, a bulk message, a bounce and our own mail: no case, no answer', async () => {
    const order = await createOrder(db, 'en');
    const auto = mid();
    await transport.sendMail({ from: order.email, to: 'support@shop.test', subject: 'Out of office: where is my order?', text: 'I am away. Where is my order?', messageId: `<${auto}>`, headers: { 'Auto-Submitted': 'auto-replied' } });
    const bulk = mid();
    await transport.sendMail({ from: order.email, to: 'support@shop.test', subject: 'Newsletter', text: 'Where is my order', messageId: `<${bulk}>`, headers: { Precedence: 'bulk' } });
    const bounce = mid();
    await transport.sendMail({ envelope: { from: '', to: ['support@shop.test'] }, from: 'MAILER-DAEMON@mx.example', to: 'support@shop.test', subject: 'Undelivered Mail Returned to Sender', text: 'Delivery failed', messageId: `<${bounce}>` });
    const own = `${crypto.randomUUID()}@localhost`;
    await transport.sendMail({ from: 'forwarder@elsewhere.example', to: 'support@shop.test', subject: 'Your order', text: 'Where is my order', messageId: `<${own}>` });
    expect((await inboundRow(auto))).toMatchObject({ outcome: 'ignored', reason: 'auto_submitted', caseId: null });
    expect((await inboundRow(bulk))).toMatchObject({ outcome: 'ignored', reason: 'bulk', caseId: null });
    expect((await inboundRow(bounce))).toMatchObject({ outcome: 'ignored', reason: 'bounce', caseId: null });
    expect((await inboundRow(own))).toMatchObject({ outcome: 'ignored', reason: 'own_message', caseId: null });
    expect(await db.select().from(cases).where(eq(cases.orderId, order.id))).toHaveLength(0);
    expect(await db.select().from(outbox).where(eq(outbox.orderId, order.id))).toHaveLength(0);
  });

  it('refuses recipients outside the inbound domain (no open relay)', async () => {
    await expect(transport.sendMail({ from: 'a@customer.example', to: 'victim@elsewhere.example', subject: 'x', text: 'y' })).rejects.toThrow(/550|Relaying denied/);
  });
});

describe('one import per message', () => {
  it('imports a duplicate Message-ID once', async () => {
    const id = mid();
    const mail = { from: `${uniqueId('d')}@customer.example`, to: 'support@shop.test', subject: 'Question', text: 'Do you have size 44?', messageId: `<${id}>` };
    const before = outcomes.length;
    await transport.sendMail(mail);
    await transport.sendMail(mail);
    expect(outcomes.slice(before).map((o) => o.outcome)).toEqual(['opened', 'duplicate']);
    expect(await db.select().from(inboundEmails).where(eq(inboundEmails.messageId, id))).toHaveLength(1);
    expect(await db.select().from(cases).where(eq(cases.customerEmail, mail.from))).toHaveLength(1);
  });
});

describe('attachments', () => {
  it('keeps an image and drops a file over the limit with a note the agent sees', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2000, 1)]);
    const bigPdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
    const exe = Buffer.from('MZ\x90\x00 not a picture');
    const id = mid();
    await transport.sendMail({
      from: `${uniqueId('att')}@customer.example`,
      to: 'support@shop.test',
      subject: 'Broken item',
      text: 'Photos attached.',
      messageId: `<${id}>`,
      attachments: [
        { filename: 'photo.png', content: png, contentType: 'image/png' },
        { filename: 'receipt.pdf', content: bigPdf, contentType: 'application/pdf' },
        { filename: 'photo.jpg', content: exe, contentType: 'image/jpeg' },
      ],
    });
    const row = await inboundRow(id);
    const files = await db.select().from(caseAttachments).where(eq(caseAttachments.caseMessageId, row!.caseMessageId!));
    const byName = Object.fromEntries(files.map((f) => [f.filename, f]));
    expect(byName['photo.png']).toMatchObject({ contentType: 'image/png', rejected: null, sizeBytes: png.length });
    expect(byName['photo.png']!.data!.equals(png)).toBe(true);
    expect(byName['receipt.pdf']).toMatchObject({ rejected: 'too_large', data: null });
    expect(byName['photo.jpg']).toMatchObject({ rejected: 'unsupported_type', data: null });
    const [event] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, row!.caseId!), eq(caseEvents.type, 'case.email_received')));
    expect(event!.data).toMatchObject({ attachmentsKept: 1, attachmentsDropped: [{ filename: 'receipt.pdf', reason: 'too_large' }, { filename: 'photo.jpg', reason: 'unsupported_type' }] });
    // What the agent's case page lists under the message.
    const s = await createStaff(db);
    const detail = await getCaseDetail({ db, actor: { type: 'staff', staffId: s.id, role: 'agent' } }, row!.caseId!);
    const shown = detail.messages.find((m) => m.id === row!.caseMessageId)!.attachments;
    expect(shown.map((a) => [a.filename, a.rejected]).sort()).toEqual([
      ['photo.jpg', 'unsupported_type'],
      ['photo.png', null],
      ['receipt.pdf', 'too_large'],
    ]);
  });
});

describe('per-sender rate limit', () => {
  it(`opens at most ${INBOUND_SENDER_LIMIT.max} cases an hour for one sender; the rest are recorded, not opened`, async () => {
    const from = `${uniqueId('flood')}@customer.example`;
    const message = (i: number): InboundMessage => ({
      messageId: `${uniqueId('flood')}-${i}@customer.example`,
      inReplyTo: [],
      references: [],
      from,
      fromName: null,
      recipients: ['support@shop.test'],
      subject: `Question ${i}`,
      text: 'Hello?',
      headers: {},
      contentType: 'text/plain',
      attachments: [],
    });
    const results: string[] = [];
    for (let i = 0; i <= INBOUND_SENDER_LIMIT.max; i++) results.push((await importInboundEmail(db, message(i), { source: 'smtp', config })).outcome);
    expect(results.filter((r) => r === 'opened')).toHaveLength(INBOUND_SENDER_LIMIT.max);
    expect(results.at(-1)).toBe('rate_limited');
    expect(await db.select().from(cases).where(eq(cases.customerEmail, from))).toHaveLength(INBOUND_SENDER_LIMIT.max);
  });
});

describe('IMAP polling (a real Dovecot)', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  }, 300_000);
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('imports unseen mail once under two pollers, threads replies and marks it seen', async () => {
    const order = await createOrder(db, 'en');
    const c = await createCase(db, { orderId: order.id, customerEmail: order.email, locale: 'en' });
    const sent = await agentReply(c.id, 'Which size do you need?');
    const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await client.connect();
    const reply = mid();
    const fresh = mid();
    await client.append('INBOX', `From: ${order.email}\r\nTo: support@shop.test\r\nSubject: Re: your question\r\nMessage-ID: <${reply}>\r\nIn-Reply-To: <${sent.id}@localhost>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSize M, please.\r\n`);
    await client.append('INBOX', `From: ${uniqueId('imap')}@customer.example\r\nTo: support@shop.test\r\nSubject: Order ${order.orderNumber}\r\nMessage-ID: <${fresh}>\r\n\r\nCan I add an item?\r\n`);
    const settings = { url: dovecot.url, maxBytes: 25 * 1024 * 1024 };
    const [a, b] = await Promise.all([pollImapOnce(db, settings, config), pollImapOnce(db, settings, config)]);
    const all = [...a.outcomes, ...b.outcomes].map((o) => o.outcome).sort();
    expect(all.filter((o) => o !== 'duplicate')).toEqual(['opened', 'threaded']);
    expect((await messagesOf(c.id)).at(-1)).toMatchObject({ kind: 'customer_message', body: 'Size M, please.' });
    expect(await inboundRow(fresh)).toMatchObject({ outcome: 'opened', source: 'imap' });
    expect((await caseRow((await inboundRow(fresh))!.caseId!)).orderId).toBe(order.id);
    const status = await client.status('INBOX', { unseen: true, messages: true });
    expect(status).toMatchObject({ messages: 2, unseen: 0 });
    // A later pass finds nothing new.
    expect((await pollImapOnce(db, settings, config)).seen).toBe(0);
    await client.logout();
  });
});
