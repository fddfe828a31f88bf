import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAttachments, caseEvents, caseMessages, cases, outbox } from '@/db/schema';
import { testDb } from '@/test/db';
import { startSmtpSink } from '@/test/smtp-sink';
import { createCase, createStaff } from '@/test/staff-factories';
import { dispatchOutbox } from '@/lib/outbox/dispatch-outbox';
import { createSmtpMailer } from '@/lib/outbox/smtp-mailer';
import { addInternalNote } from './add-note';
import { getCustomerConversation, getCustomerReplyAttachment } from './customer-conversation';
import { replyToCase } from './reply-to-case';

const db = testDb();
type Sink = Awaited<ReturnType<typeof startSmtpSink>>;
let sink: Sink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});

const agent = async () => {
  const s = await createStaff(db, { role: 'agent' });
  return { db, actor: { type: 'staff' as const, staffId: s.id, role: 'agent' as const } };
};
const MB = 1024 * 1024;
/** Bytes that start like the type they claim (the checks read the magic numbers only), padded to a size. */
const png = (size = 2048) => Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(size - 8, 7)]);
const pdf = (size = 4096) => Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), Buffer.alloc(size - 9, 0x20)]);
const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(1024, 1)]);

/** What the case holds: changed by a stored message, file, email or audit row. */
async function snapshot(caseId: string) {
  const [row] = await db.select({ version: cases.version, status: cases.status }).from(cases).where(eq(cases.id, caseId));
  return {
    ...row,
    messages: await db.$count(caseMessages, eq(caseMessages.caseId, caseId)),
    files: await db.$count(caseAttachments, eq(caseAttachments.caseId, caseId)),
    mail: await db.$count(outbox, eq(outbox.caseId, caseId)),
    events: await db.$count(caseEvents, eq(caseEvents.caseId, caseId)),
  };
}
async function failure(promise: Promise<unknown>): Promise<{ code?: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; details?: unknown };
  }
  throw new Error('expected a failure');
}

describe('files on a staff reply', () => {
  it('are stored with the reply, audited, and emailed to the customer with their bytes', async () => {
    const ctx = await agent();
    const c = await createCase(db, { locale: 'sv', customerName: 'Sara Svensson' });
    const photo = png();
    const invoice = pdf();
    const { messageId, outboxId } = await replyToCase(ctx, {
      caseId: c.id,
      body: 'Här är kvittot och en bild på paketet.',
      resolve: true,
      attachments: [
        { filename: 'paket.png', content: photo },
        { filename: 'kvitto.pdf', content: invoice },
      ],
    });
    const files = await db.select().from(caseAttachments).where(eq(caseAttachments.caseMessageId, messageId)).orderBy(caseAttachments.filename);
    expect(files.map((f) => [f.filename, f.contentType, f.sizeBytes, f.rejected])).toEqual([
      ['kvitto.pdf', 'application/pdf', invoice.length, null],
      ['paket.png', 'image/png', photo.length, null],
    ]);
    expect(Buffer.compare(files[1]!.data!, photo)).toBe(0);
    const [replied] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'case.replied')));
    expect(replied!.data).toMatchObject({ messageId, attachments: 2 });
    expect((await db.select({ status: cases.status }).from(cases).where(eq(cases.id, c.id)))[0]!.status).toBe('resolved');

    // The outbox row names the stored files (no bytes); the dispatcher reads them at send time.
    const [mail] = await db.select().from(outbox).where(eq(outbox.id, outboxId!));
    expect(mail!.payload.attachments?.map((a) => a.filename)).toEqual(['paket.png', 'kvitto.pdf']);
    expect(JSON.stringify(mail!.payload)).not.toContain(photo.toString('base64').slice(0, 40));
    const result = await dispatchOutbox(db, createSmtpMailer(sink.url), 50, undefined, [outboxId!]);
    expect(result.sent).toBe(1);
    const received = sink.received.find((m) => m.messageId?.startsWith(`<${outboxId}@`));
    expect(received?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['paket.png', 'image/png'],
      ['kvitto.pdf', 'application/pdf'],
    ]);
    expect(Buffer.compare(received!.attachments[0]!.content, photo)).toBe(0);
    expect(Buffer.compare(received!.attachments[1]!.content, invoice)).toBe(0);
  });

  it("a note's files stay on the desk: stored, never in any email, never on the customer's page", async () => {
    const ctx = await agent();
    const c = await createCase(db);
    const note = await addInternalNote(ctx, { caseId: c.id, body: 'Varaston kuva, ei asiakkaalle.', attachments: [{ filename: 'varasto.png', content: png() }] });
    const [noteFile] = await db.select().from(caseAttachments).where(eq(caseAttachments.caseMessageId, note.messageId));
    expect(noteFile).toMatchObject({ filename: 'varasto.png', contentType: 'image/png', rejected: null });
    expect(await db.$count(outbox, eq(outbox.caseId, c.id))).toBe(0);
    const [noted] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.type, 'case.note_added')));
    expect(noted!.data).toMatchObject({ messageId: note.messageId, attachments: 1 });

    const reply = await replyToCase(ctx, { caseId: c.id, body: 'Kuitti liitteenä.', attachments: [{ filename: 'kuitti.pdf', content: pdf() }] });
    const [replyFile] = await db.select().from(caseAttachments).where(eq(caseAttachments.caseMessageId, reply.messageId));
    await dispatchOutbox(db, createSmtpMailer(sink.url), 50, undefined, [reply.outboxId!]);
    const mails = sink.received.filter((m) => m.messageId?.startsWith(`<${reply.outboxId}@`));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.attachments.map((a) => a.filename)).toEqual(['kuitti.pdf']);

    // The customer's reply link opens the reply's file and nothing of the note.
    const token = /\/messages\/(\S+)/.exec(mails[0]!.text ?? '')![1]!;
    const conversation = await getCustomerConversation(db, token);
    expect(conversation!.messages.flatMap((m) => m.attachments.map((a) => a.filename))).toEqual(['kuitti.pdf']);
    expect((await getCustomerReplyAttachment(db, token, replyFile!.id))?.filename).toBe('kuitti.pdf');
    expect(await getCustomerReplyAttachment(db, token, noteFile!.id)).toBeNull();
    expect(await getCustomerReplyAttachment(db, 'not-a-token', replyFile!.id)).toBeNull();
  });

  it('refuses a 6 MB file, a sixth file and an .exe named .pdf, and changes nothing', async () => {
    const ctx = await agent();
    const c = await createCase(db);
    const before = await snapshot(c.id);
    const big = await failure(replyToCase(ctx, { caseId: c.id, body: 'Liite', attachments: [{ filename: 'iso.png', content: png(6 * MB) }] }));
    expect(big).toMatchObject({ code: 'invalid_input', details: { reason: 'too_large', filename: 'iso.png' } });
    const six = Array.from({ length: 6 }, (_, i) => ({ filename: `kuva-${i + 1}.png`, content: png() }));
    expect(await failure(replyToCase(ctx, { caseId: c.id, body: 'Liitteet', attachments: six }))).toMatchObject({ code: 'invalid_input', details: { reason: 'too_many' } });
    expect(await failure(addInternalNote(ctx, { caseId: c.id, body: 'Liitteet', attachments: six }))).toMatchObject({ code: 'invalid_input', details: { reason: 'too_many' } });
    const disguised = await failure(addInternalNote(ctx, { caseId: c.id, body: 'Lasku', attachments: [{ filename: 'lasku.pdf', content: exe() }] }));
    expect(disguised).toMatchObject({ code: 'invalid_input', details: { reason: 'unsupported_type', filename: 'lasku.pdf' } });
    // One good file beside a bad one: the good one is not stored either.
    const mixed = await failure(replyToCase(ctx, { caseId: c.id, body: 'Liitteet', attachments: [{ filename: 'ok.pdf', content: pdf() }, { filename: 'virus.pdf', content: exe() }] }));
    expect(mixed).toMatchObject({ code: 'invalid_input', details: { reason: 'unsupported_type', filename: 'virus.pdf' } });
    expect(await snapshot(c.id)).toEqual(before);
    // Exactly 5 MB and five files are within the limits.
    await replyToCase(ctx, { caseId: c.id, body: 'Liitteet', attachments: [{ filename: 'raja.png', content: png(5 * MB) }, ...six.slice(0, 4)] });
    expect(await db.$count(caseAttachments, eq(caseAttachments.caseId, c.id))).toBe(5);
  });

  it('a reply whose stored file is gone fails at once with the reason, instead of retrying', async () => {
    const ctx = await agent();
    const c = await createCase(db);
    const { messageId, outboxId } = await replyToCase(ctx, { caseId: c.id, body: 'Liite', attachments: [{ filename: 'kuva.png', content: png() }] });
    await db.delete(caseAttachments).where(eq(caseAttachments.caseMessageId, messageId));
    const result = await dispatchOutbox(db, createSmtpMailer(sink.url), 50, undefined, [outboxId!]);
    expect(result).toMatchObject({ sent: 0, failed: 1 });
    const [row] = await db.select().from(outbox).where(inArray(outbox.id, [outboxId!]));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.lastError).toMatch(/kuva\.png/);
    expect(sink.received.some((m) => m.messageId?.startsWith(`<${outboxId}@`))).toBe(false);
  });
});
