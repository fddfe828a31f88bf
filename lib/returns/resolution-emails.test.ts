import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compensations, outbox, shipments } from '@/db/schema';
import type { EmailPayload } from '@/db/schema';
import { testDb } from '@/test/db';
import { runRefundExecutor } from '@/test/refunds';
import { runSubscriberFor } from '@/test/subscribers';
import { refundIssuedEmailSubscriber } from './subscribers';
import { ensureReturnPolicy } from '@/test/return-factories';
import { createStaff } from '@/test/staff-factories';
import { createRequestedReturn } from '@/test/staff2-factories';
import { approveReturn } from './staff/approve-return';
import { completeReturn } from './staff/complete-return';
import { inspectReturn } from './staff/inspect-return';
import { receiveReturn } from './staff/receive-return';
import { shipPendingParcel } from '@/lib/shipments/ship-pending-parcel';

const db = testDb();

async function inspected(items: NonNullable<NonNullable<Parameters<typeof createRequestedReturn>[1]>['items']>, options: { fee?: number; locale?: 'fi' | 'sv' | 'en' } = {}) {
  const agent = await createStaff(db);
  const ctx = { db, actor: { type: 'staff' as const, staffId: agent.id, role: 'agent' as const } };
  const r = await createRequestedReturn(db, { fee: options.fee, items, locale: options.locale });
  await approveReturn(ctx, { returnId: r.returnId });
  await receiveReturn(ctx, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, quantity: 1 })) });
  await inspectReturn(ctx, { returnId: r.returnId, items: r.items.map((i) => ({ returnItemId: i.id, grade: 'opened' as const, restock: true })) });
  return { ctx, r };
}

const mailsOf = async (orderId: string, kind: string) =>
  db.select({ payload: outbox.payload, subject: outbox.subject, locale: outbox.locale }).from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, kind)));

describe('refund issued and exchange shipped emails', () => {
  beforeAll(() => ensureReturnPolicy(db));

  it('a refund issued through the real use case queues exactly one "refund issued" email with the amount, the date and where the money goes — only once it succeeded on its rail', async () => {
    const { ctx, r } = await inspected([{ quantity: 1, unitPrice: 8990 }], { locale: 'en' });
    await completeReturn(ctx, { returnId: r.returnId, refundAmount: '' });
    // Requested, not paid yet: nothing is told.
    await runSubscriberFor(db, refundIssuedEmailSubscriber, r.orderId);
    expect(await mailsOf(r.orderId, 'email.refund_issued')).toHaveLength(0);
    await runRefundExecutor(db, r.orderId);
    await runSubscriberFor(db, refundIssuedEmailSubscriber, r.orderId);
    await runSubscriberFor(db, refundIssuedEmailSubscriber, r.orderId);
    const mails = await mailsOf(r.orderId, 'email.refund_issued');
    expect(mails).toHaveLength(1);
    const email = mails[0]!.payload as EmailPayload;
    expect(mails[0]!.subject).toContain('€89.90');
    expect(email.text).toContain('€89.90');
    expect(email.text).toContain('To your original payment method');
    // The day it was issued, in the English style ("5 December 2026"), never "05/12/2026".
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Helsinki' }).format(new Date());
    expect(email.text).toContain(`Refund of €89.90 issued on ${today} to your card or the account you paid with.`);
    expect(email.text).toContain(today);
    expect(email.text).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(email.html).toContain('lang="en-GB"');
    expect(email.html).toMatch(/<h1[^>]*>Your refund of €89.90 has been issued<\/h1>/);
  });

  it('store credit is named as the destination with its code, in Finnish money format; an exchange parcel gets its own email with a tracking link once the shop sent it', async () => {
    const { ctx, r } = await inspected([{ quantity: 1, unitPrice: 4000, resolution: 'store_credit' }, { quantity: 1, resolution: 'exchange' }], { locale: 'fi' });
    await completeReturn(ctx, { returnId: r.returnId, refundAmount: '' });
    const [credit] = await db.select().from(compensations).where(eq(compensations.returnId, r.returnId));
    const refunds = await mailsOf(r.orderId, 'email.refund_issued');
    expect(refunds).toHaveLength(1);
    const refund = refunds[0]!.payload as EmailPayload;
    expect(refund.text).toContain('Kauppahyvityksenä');
    expect(refund.text).toContain('44,00\u00a0€');
    expect(refund.text).toContain(credit!.code!);
    expect(refund.text).not.toContain('Alkuperäiselle maksutavalle');

    // The parcel awaits the shop: nothing is said until it has a carrier's tracking number.
    expect(await mailsOf(r.orderId, 'email.exchange_shipped')).toHaveLength(0);
    const [parcel] = await db.select().from(shipments).where(and(eq(shipments.orderId, r.orderId), eq(shipments.service, 'exchange')));
    await shipPendingParcel(ctx, { shipmentId: parcel!.id, carrier: 'posti', trackingNumber: `JJFI${String(Date.now()).slice(-12)}` });
    const exchanges = await mailsOf(r.orderId, 'email.exchange_shipped');
    expect(exchanges).toHaveLength(1);
    const exchange = exchanges[0]!.payload as EmailPayload;
    const [sent] = await db.select().from(shipments).where(eq(shipments.id, parcel!.id));
    expect(sent!.trackingNumber).toMatch(/^JJFI\d{12}$/);
    expect(exchange.text).toContain(sent!.trackingNumber);
    expect(exchange.text).toMatch(/Seuraa pakettia:\n\S+\/t\/\S+/);
    expect(exchange.html).toContain('lang="fi-FI"');
  });
});
