import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '@/db/schema';
import { testDb, uniqueId } from '@/test/db';
import { startSmtpSink } from '@/test/smtp-sink';
import { backoffSeconds, dispatchOutbox } from './dispatch-outbox';
import { enqueueEmail } from './enqueue-email';
import { createSmtpMailer } from './smtp-mailer';

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;
let sink: Sink;
let refusing: Sink;

beforeAll(async () => {
  sink = await startSmtpSink();
  refusing = await startSmtpSink({ refuse: true });
});
afterAll(async () => {
  await sink.close();
  await refusing.close();
});

function email(to: string, n: number) {
  return { to, subject: `Your order KK-${n} has shipped`, html: `<p>Parcel ${n}</p>`, text: `Parcel ${n}` };
}

/** Dispatches our rows until none is left pending (other test files share the outbox table: their mail is theirs). */
async function drain(mailer: ReturnType<typeof createSmtpMailer>, ids: string[]) {
  for (let round = 0; round < 20; round++) {
    await dispatchOutbox(testDb(), mailer, 50, undefined, ids);
    const rows = await testDb().select({ status: outbox.status }).from(outbox).where(inArray(outbox.id, ids));
    if (rows.every((r) => r.status !== 'pending' && r.status !== 'sending')) return;
  }
}

describe('the email outbox', () => {
  it('sends each queued message once over SMTP, with HTML and text parts', async () => {
    const to = `${uniqueId('smtp')}@example.com`;
    const ids: string[] = [];
    for (let n = 1; n <= 3; n++) ids.push((await enqueueEmail(testDb(), { kind: 'email.test', dedupeKey: `${to}:${n}`, locale: 'fi', email: email(to, n) }))!);
    // Two workers at once: SKIP LOCKED keeps them off each other's rows.
    const mailer = createSmtpMailer(sink.url, 'Kuusi & Koivu <noreply@kuusikoivu.example>');
    await Promise.all([drain(mailer, ids), drain(mailer, ids)]);

    const mine = sink.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to);
    expect(mine.map((m) => m.subject).sort()).toEqual(['Your order KK-1 has shipped', 'Your order KK-2 has shipped', 'Your order KK-3 has shipped']);
    expect(mine[0]?.html).toContain('<p>Parcel');
    expect(mine[0]?.text?.trim()).toMatch(/^Parcel \d$/);
    expect(mine.map((m) => m.messageId).sort()).toEqual(ids.map((id) => `<${id}@kuusikoivu.example>`).sort());
    const rows = await testDb().select().from(outbox).where(inArray(outbox.id, ids));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sentAt)).toBe(true);
  });

  it('a second message with the same dedupe key is never queued', async () => {
    const key = uniqueId('dedupe');
    const first = await enqueueEmail(testDb(), { kind: 'email.test', dedupeKey: key, email: email('a@example.com', 1) });
    const second = await enqueueEmail(testDb(), { kind: 'email.test', dedupeKey: key, email: email('a@example.com', 1) });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    expect(await testDb().$count(outbox, eq(outbox.dedupeKey, key))).toBe(1);
  });

  it('a refusing server means a retry later, with a growing wait, and the error kept', async () => {
    const id = (await enqueueEmail(testDb(), { kind: 'email.test', dedupeKey: uniqueId('retry'), email: email('b@example.com', 2) }))!;
    await drain(createSmtpMailer(refusing.url), [id]);
    const [row] = await testDb().select().from(outbox).where(eq(outbox.id, id));
    expect(row?.status).toBe('pending');
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toMatch(/451/);
    expect(row!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(20_000);
    expect([1, 2, 3, 9, 20].map(backoffSeconds)).toEqual([30, 60, 120, 3600, 3600]);
  });

  it('sends generated attachments over SMTP; a missing case attachment fails the message at once, with the reason', async () => {
    const to = `${uniqueId('attach')}@example.com`;
    const csv = '\uFEFFMarket,Sold\r\nFI,2\r\n';
    const id = (await enqueueEmail(testDb(), {
      kind: 'email.test',
      dedupeKey: uniqueId('attach'),
      audience: 'staff',
      email: { ...email(to, 5), attachments: [{ filename: 'report.csv', contentType: 'text/csv; charset=utf-8', contentBase64: Buffer.from(csv).toString('base64') }] },
    }))!;
    await drain(createSmtpMailer(sink.url), [id]);
    const received = sink.received.find((m) => m.to && !Array.isArray(m.to) && m.to.text === to);
    expect(received?.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')])).toEqual([['report.csv', 'text/csv', csv]]);

    const missing = crypto.randomUUID();
    const broken = (await enqueueEmail(testDb(), {
      kind: 'email.test',
      dedupeKey: uniqueId('attach-missing'),
      email: { ...email(`${uniqueId('attach')}@example.com`, 6), attachments: [{ filename: 'photo.jpg', contentType: 'image/jpeg', caseAttachmentId: missing }] },
    }))!;
    await drain(createSmtpMailer(sink.url), [broken]);
    const [row] = await testDb().select().from(outbox).where(eq(outbox.id, broken));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row?.lastError).toContain(`attachment ${missing} (photo.jpg) no longer exists`);
  });

  it('without SMTP the message is captured for the staff Outbox view', async () => {
    const id = (await enqueueEmail(testDb(), { kind: 'email.test', dedupeKey: uniqueId('capture'), email: email('c@example.com', 3) }))!;
    await drain(null, [id]);
    const [row] = await testDb().select().from(outbox).where(eq(outbox.id, id));
    expect(row?.status).toBe('captured');
    expect(row?.payload.subject).toBe('Your order KK-3 has shipped');
  });

  it('holds a message it is sending for OUTBOX_LEASE_SECONDS; another worker takes it only after that', async () => {
    const id = (await enqueueEmail(testDb(), { kind: 'email.test', dedupeKey: uniqueId('lease'), email: email('d@example.com', 4) }))!;
    const previous = process.env.OUTBOX_LEASE_SECONDS;
    process.env.OUTBOX_LEASE_SECONDS = '30';
    try {
      let heldFor = 0;
      let statusWhileSending = '';
      const watching = {
        async send() {
          const [row] = await testDb().select().from(outbox).where(eq(outbox.id, id));
          statusWhileSending = row!.status;
          heldFor = (row!.nextAttemptAt.getTime() - Date.now()) / 1000;
          return '<lease@example.com>';
        },
      } as unknown as ReturnType<typeof createSmtpMailer>;
      await drain(watching, [id]);
      expect(statusWhileSending).toBe('sending');
      expect(heldFor).toBeGreaterThan(25);
      expect(heldFor).toBeLessThanOrEqual(31);
    } finally {
      if (previous === undefined) delete process.env.OUTBOX_LEASE_SECONDS;
      else process.env.OUTBOX_LEASE_SECONDS = previous;
    }
  });
});
