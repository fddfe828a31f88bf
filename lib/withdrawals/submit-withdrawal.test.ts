import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, cases, orderLines, outbox, shipments, withdrawals } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { dispatchOutbox } from '@/lib/outbox/dispatch-outbox';
import { createSmtpMailer } from '@/lib/outbox/smtp-mailer';
import { startSmtpSink } from '@/test/smtp-sink';
import { testDb, uniqueId } from '@/test/db';
import { createOrder } from '@/test/factories';
import { readPdf } from '@/test/pdf-text';
import { getWithdrawalReceipt } from './queries';
import { formatInstant, receiptTranslator, renderReceiptPdf } from './receipt';
import { submitWithdrawal } from './submit-withdrawal';

const db = testDb();

async function linesOf(orderId: string) {
  return db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.position);
}

describe('submitWithdrawal', () => {
  it('records a partial withdrawal by line with its share of the delivery cost, a case, an audit row and the receipt email', async () => {
    const order = await createOrder(db, 'fi');
    const [sweater] = await linesOf(order.id);
    const receipt = await submitWithdrawal(
      { db, actor: { type: 'customer', orderId: order.id } },
      { orderId: order.id, orderNumber: order.orderNumber, name: 'Testi Asiakas', email: order.email, lines: [{ orderLineId: sweater!.id, quantity: 1 }], locale: 'fi', idempotencyKey: uniqueId('idem') },
    );
    expect(receipt.lines).toEqual([{ title: 'Merino Sweater', quantity: 1 }]);

    const [row] = await db.select().from(withdrawals).where(eq(withdrawals.receiptNumber, receipt.receiptNumber));
    expect(row).toMatchObject({ orderId: order.id, lines: [{ orderLineId: sweater!.id, quantity: 1 }], itemsAmount: 5990, deliveryRefundAmount: 394, currency: 'EUR', status: 'received' });

    const [opened] = await db.select().from(cases).where(eq(cases.withdrawalId, row!.id));
    expect(opened).toMatchObject({ type: 'withdrawal', orderId: order.id, customerEmail: order.email });
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, opened!.id));
    expect(events.map((e) => e.type).sort()).toEqual(['case.opened', 'withdrawal.received']);
    const received = events.find((e) => e.type === 'withdrawal.received')!.data;
    expect(new Date(received.refundDueBy as string).getTime() - row!.submittedAt.getTime()).toBe(14 * 86_400_000);

    const [mail] = await db.select().from(outbox).where(eq(outbox.dedupeKey, `withdrawal:${row!.id}:receipt`));
    expect(mail!.recipient).toBe(order.email);
    const text = mail!.payload.text;
    // Content of the statement + the date and time with its zone (art. 11a(4)).
    expect(text).toContain(receipt.receiptNumber);
    expect(text).toContain(order.orderNumber);
    expect(text).toContain('Testi Asiakas');
    expect(text).toContain('1 × Merino Sweater');
    expect(text).not.toContain('Wool Socks');
    expect(text).toContain('Ilmoitan, että peruutan tekemäni sopimuksen');
    expect(text).toContain(formatInstant(row!.submittedAt, 'Europe/Helsinki', 'fi'));
    expect(text).toMatch(/\(Europe\/Helsinki, UTC\+0[23]:00\)/);
    expect(mail!.payload.html).toContain('Merino Sweater');
  });

  it('no lines chosen = the whole order, with the full delivery cost; the same key records it once', async () => {
    const order = await createOrder(db, 'en');
    const key = uniqueId('idem');
    const input = { orderId: order.id, orderNumber: order.orderNumber, name: 'Test Customer', email: order.email, lines: [], locale: 'en' as const, idempotencyKey: key };
    const first = await submitWithdrawal({ db, actor: { type: 'customer', orderId: order.id } }, input);
    const second = await submitWithdrawal({ db, actor: { type: 'customer', orderId: order.id } }, input);
    expect(second.receiptNumber).toBe(first.receiptNumber);
    const rows = await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lines: null, itemsAmount: 5990 + 2 * 1490, deliveryRefundAmount: 590 });
    const mails = await db.select().from(outbox).where(and(eq(outbox.orderId, order.id), eq(outbox.kind, 'withdrawal_receipt')));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.payload.text).toContain('All goods of the order');
  });

  it('after the period it refuses and records nothing', async () => {
    const order = await createOrder(db, 'en');
    const long = new Date(Date.now() - 40 * 86_400_000);
    await db.update(shipments).set({ status: 'delivered', deliveredAt: long }).where(eq(shipments.orderId, order.id));
    await expect(
      submitWithdrawal(
        { db, actor: { type: 'customer', orderId: order.id } },
        { orderId: order.id, orderNumber: order.orderNumber, name: 'X', email: order.email, lines: [], locale: 'en', idempotencyKey: uniqueId('idem') },
      ),
    ).rejects.toMatchObject({ code: 'invalid_state' } satisfies Partial<AppError>);
    expect(await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id))).toHaveLength(0);
  });

  it('rejects a line of another order', async () => {
    const order = await createOrder(db, 'en');
    const other = await createOrder(db, 'en');
    const [foreign] = await linesOf(other.id);
    await expect(
      submitWithdrawal(
        { db, actor: { type: 'customer', orderId: order.id } },
        { orderId: order.id, orderNumber: order.orderNumber, name: 'X', email: order.email, lines: [{ orderLineId: foreign!.id, quantity: 1 }], locale: 'en', idempotencyKey: uniqueId('idem') },
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id))).toHaveLength(0);
  });

  it('is recorded while the mail server is down; the receipt stays downloadable; the retry delivers it', async () => {
    const order = await createOrder(db, 'sv');
    const receipt = await submitWithdrawal(
      { db, actor: { type: 'customer', orderId: order.id } },
      { orderId: order.id, orderNumber: order.orderNumber, name: 'Test Kund', email: order.email, lines: [], locale: 'sv', idempotencyKey: uniqueId('idem') },
    );
    const mine = and(eq(outbox.orderId, order.id), eq(outbox.kind, 'withdrawal_receipt'));
    // A real SMTP server that refuses everything (451): the statement stays, the email waits for a retry.
    const refusing = await startSmtpSink({ refuse: true });
    // The dispatcher takes the longest-due rows of the shared test database first: put ours first.
    await db.update(outbox).set({ nextAttemptAt: new Date('2000-01-01T00:00:00Z') }).where(mine);
    try {
      for (let i = 0; i < 20; i++) {
        const [m] = await db.select().from(outbox).where(mine);
        if (m!.attempts > 0 && m!.status === 'pending') break;
        await dispatchOutbox(db, createSmtpMailer(refusing.url), 50, undefined, [m!.id]);
      }
    } finally {
      await refusing.close();
    }
    const [mail] = await db.select().from(outbox).where(mine);
    expect(mail).toMatchObject({ status: 'pending', attempts: 1 });
    expect(mail!.lastError).toMatch(/451/);
    expect(await db.select().from(withdrawals).where(eq(withdrawals.orderId, order.id))).toHaveLength(1);

    const stored = await getWithdrawalReceipt(db, receipt.receiptNumber);
    expect(stored!.orderId).toBe(order.id);
    const pdf = await renderReceiptPdf(await receiptTranslator('sv'), stored!.receipt);
    const [page] = await readPdf(pdf);
    expect(page!.text).toContain(receipt.receiptNumber);
    expect(page!.text).toContain(order.orderNumber);
    expect(page!.text).toContain('Jag meddelar härmed att jag frånträder');
    expect(page!.text).toContain('Europe/Helsinki');

    // The mail server is back: the retry delivers the acknowledgement, text and HTML.
    const sink = await startSmtpSink();
    try {
      await db.update(outbox).set({ nextAttemptAt: new Date('2000-01-01T00:00:00Z') }).where(mine);
      const myIds = (await db.select({ id: outbox.id }).from(outbox).where(mine)).map((r) => r.id);
      for (let i = 0; i < 20 && !sink.received.some((m) => m.subject?.includes(order.orderNumber)); i++) await dispatchOutbox(db, createSmtpMailer(sink.url), 50, undefined, myIds);
      const delivered = sink.received.find((m) => m.subject?.includes(order.orderNumber));
      expect(delivered?.subject).toMatch(new RegExp(`^Mottagningsbevis: frånträde från beställning ${order.orderNumber} \\(.+\\)$`));
      expect(delivered?.text).toContain(receipt.receiptNumber);
      expect(delivered?.html).toContain('Vi har tagit emot ditt frånträde');
    } finally {
      await sink.close();
    }
  });
});

describe('formatInstant', () => {
  it('states the local time and the zone, in the language\'s one date style (never 24/11/2026)', () => {
    expect(formatInstant(new Date('2026-11-24T12:05:00Z'), 'Europe/Helsinki', 'fi')).toBe('24. marraskuuta 2026 klo 14.05 (Europe/Helsinki, UTC+02:00)');
    expect(formatInstant(new Date('2026-06-24T12:05:00Z'), 'Europe/Stockholm', 'sv')).toBe('24 juni 2026 kl. 14.05 (Europe/Stockholm, UTC+02:00)');
    expect(formatInstant(new Date('2026-06-24T12:05:00Z'), 'Europe/Stockholm', 'en')).toBe('24 June 2026 at 14:05 (Europe/Stockholm, UTC+02:00)');
  });
});
