import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, domainEvents, orders, payoutBatches, payoutItems, refundBankAccounts, refunds, settings } from '@/db/schema';
import { bankTransferRail } from '@/lib/payouts/bank-transfer-rail';
import { bankTransferPaidSubscriber } from '@/lib/refunds/subscribers';
import { submitReturn } from '@/lib/returns/submit-return';
import { testDb } from '@/test/db';
import { runRefundExecutor } from '@/test/refunds';
import { createReturnableOrder, ensureReturnPolicy, returnRequest } from '@/test/return-factories';
import { createStaff } from '@/test/staff-factories';
import { openRefundBankAccount } from './bank-accounts';
import { exportPayoutBatch } from './export-payout-batch';
import { markPayoutBatchPaid } from './mark-payout-batch-paid';
import { PAYOUT_ACCOUNT_KEY, savePayoutAccount } from './payout-account';
import { payoutBatchFile, readPayoutBatches } from './queries';

const db = testDb();
const IBAN = 'FI2112345600000785';
const XSD = path.resolve(import.meta.dirname, '../../fixtures/iso20022/pain.001.001.09.xsd');

function xmllint(xml: string): { ok: boolean; output: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'payout-')), 'batch.xml');
  writeFileSync(file, xml);
  const r = spawnSync(process.env.XMLLINT_PATH || 'xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

async function invoiceOrder(paymentMethod: string | null = 'invoice') {
  await ensureReturnPolicy(db);
  const order = await createReturnableOrder(db, { lines: [{ unitPrice: 4990 }] });
  await db.update(orders).set({ paymentMethod }).where(eq(orders.id, order.id));
  return order;
}

const customer = (orderId: string) => ({ db, actor: { type: 'customer' as const, orderId } });

async function returnWithAccount(account = { holder: 'Aino Virtanen', iban: 'FI21 1234 5600 0007 85', bic: '' }) {
  const order = await invoiceOrder();
  const request = returnRequest(order, [{ orderLineId: order.lines[0]!.id }], { refundAccount: account });
  const result = await submitReturn(customer(order.id), { orderId: order.id, request, timeZone: 'Europe/Helsinki' });
  // What the ledger holds while the rail's attempt is out: processing on the bank-transfer rail.
  const [refund] = await db.insert(refunds).values({ orderId: order.id, returnId: result.returnId, amount: 4990, currency: 'EUR', status: 'processing', rail: 'bank_transfer', nextAttemptAt: null }).returning();
  return { order, returnId: result.returnId, rma: result.rma, refundId: refund!.id };
}

const attempt = (r: { refundId: string; order: { id: string; orderNumber: string } }, amount = 4990) => ({
  refundId: r.refundId,
  attemptNo: 1,
  idempotencyKey: `refund-${r.refundId}`,
  order: { id: r.order.id, orderNumber: r.order.orderNumber, externalId: null, currency: 'EUR', paymentMethod: 'invoice' },
  amount,
  currency: 'EUR',
  lines: [],
  reason: null,
});

describe('the IBAN step of a return (orders paid by invoice, BNPL or bank transfer)', () => {
  it('a refund of an invoice order without an account or with a bad IBAN is refused with the field and its message key, and nothing is stored', async () => {
    const order = await invoiceOrder();
    const submit = (refundAccount?: { holder: string; iban: string; bic: string }) =>
      submitReturn(customer(order.id), { orderId: order.id, request: returnRequest(order, [{ orderLineId: order.lines[0]!.id }], refundAccount ? { refundAccount } : {}), timeZone: 'Europe/Helsinki' });
    await expect(submit()).rejects.toMatchObject({ code: 'invalid_input', details: { fieldErrors: { 'refundAccount.holder': ['holderRequired'], 'refundAccount.iban': ['ibanRequired'] } } });
    await expect(submit({ holder: 'Aino', iban: 'FI21 1234 5600 0007 86', bic: '' })).rejects.toMatchObject({ details: { fieldErrors: { 'refundAccount.iban': ['ibanChecksum'] } } });
    expect(await db.select().from(refundBankAccounts).where(eq(refundBankAccounts.orderId, order.id))).toEqual([]);
  });

  it('a card order needs no account; store credit on an invoice order needs none either', async () => {
    const card = await invoiceOrder('card');
    await expect(submitReturn(customer(card.id), { orderId: card.id, request: returnRequest(card, [{ orderLineId: card.lines[0]!.id }]), timeZone: 'Europe/Helsinki' })).resolves.toMatchObject({ rma: expect.any(String) });
    const invoice = await invoiceOrder();
    await expect(
      submitReturn(customer(invoice.id), { orderId: invoice.id, request: returnRequest(invoice, [{ orderLineId: invoice.lines[0]!.id, resolution: 'store_credit' }]), timeZone: 'Europe/Helsinki' }),
    ).resolves.toMatchObject({ rma: expect.any(String) });
  });

  it('a good account is stored sealed: the row holds no IBAN or name in clear, staff see FI21 **** **** 0785, the rail can open it', async () => {
    const { returnId } = await returnWithAccount();
    const [row] = await db.select().from(refundBankAccounts).where(eq(refundBankAccounts.returnId, returnId));
    expect(row!.ibanMasked).toBe('FI21 **** **** 0785');
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(IBAN);
    expect(stored).not.toContain('12345600000785');
    expect(stored).not.toContain('Aino');
    expect(row!.ibanSealed).toMatch(/^enc:v1:/);
    expect(await openRefundBankAccount(db, row!.id)).toMatchObject({ holder: 'Aino Virtanen', iban: IBAN, bic: null });
    // The audit row of the return carries the masked IBAN only.
    const audit = await db.select().from(caseEvents).where(eq(caseEvents.type, 'return.requested'));
    const mine = audit.find((e) => (e.data as { returnId?: string }).returnId === returnId)!;
    expect(mine.data).toMatchObject({ refundAccount: 'FI21 **** **** 0785' });
  });
});

describe('bank-transfer rail and SEPA payout batches', () => {
  it('claims orders paid by invoice, BNPL or bank transfer only', async () => {
    for (const [method, claimed] of [['invoice', true], ['bnpl', true], ['bank_transfer', true], ['card', false], ['other', false], [null, false]] as const) {
      const order = await invoiceOrder(method);
      expect(await bankTransferRail.claims(db, order.id), String(method)).toBe(claimed);
    }
  });

  it('execute queues the refund into the open batch and answers processing; a retry answers the same reference and queues nothing more', async () => {
    const r = await returnWithAccount();
    const first = await bankTransferRail.execute(db, attempt(r), new AbortController().signal);
    expect(first).toMatchObject({ outcome: 'processing', providerReference: expect.stringMatching(/^payout-item:/) });
    const again = await bankTransferRail.execute(db, { ...attempt(r), attemptNo: 2 }, new AbortController().signal);
    expect(again).toEqual(first);
    const items = await db.select().from(payoutItems).where(eq(payoutItems.refundId, r.refundId));
    expect(items).toHaveLength(1);
    const [batch] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, items[0]!.batchId));
    expect(batch!.status).toBe('open');
  });

  it('without an IBAN on file the attempt fails for good with a message staff can act on; a non-euro refund too', async () => {
    const order = await invoiceOrder();
    const [refund] = await db.insert(refunds).values({ orderId: order.id, amount: 1000, currency: 'EUR' }).returning();
    const result = await bankTransferRail.execute(db, attempt({ refundId: refund!.id, order }, 1000), new AbortController().signal);
    expect(result).toMatchObject({ outcome: 'failed', retryable: false, providerCode: 'no_bank_account' });
    const sek = await bankTransferRail.execute(db, { ...attempt({ refundId: refund!.id, order }, 1000), currency: 'SEK' }, new AbortController().signal);
    expect(sek).toMatchObject({ outcome: 'failed', retryable: false, providerCode: 'currency_not_sepa' });
  });

  it('the finance admin sets the shop account, creates the batch, downloads a file that passes the pain.001.001.09 XSD, and marks it paid', async () => {
    const admin = await createStaff(db, { role: 'admin' });
    const agent = await createStaff(db);
    const asAdmin = { db, actor: { type: 'staff' as const, staffId: admin.id, role: 'admin' as const } };
    // Other tests of this file may have queued refunds: start from an empty open batch.
    await db.delete(settings).where(eq(settings.key, PAYOUT_ACCOUNT_KEY));
    const a = await returnWithAccount({ holder: 'Åsa Öberg', iban: 'SE45 5000 0000 0583 9825 7466', bic: 'ESSESESS' });
    const b = await returnWithAccount({ holder: 'Ole Nordmann', iban: 'NO93 8601 1117 947', bic: '' });
    for (const r of [a, b]) expect(await bankTransferRail.execute(db, attempt(r), new AbortController().signal)).toMatchObject({ outcome: 'processing' });

    await expect(exportPayoutBatch(asAdmin)).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'payoutAccountMissing' } });
    await expect(savePayoutAccount(asAdmin, { name: 'Kauppa Oy', iban: 'FI21 1234 5600 0007 86', bic: '' })).rejects.toThrow();
    await expect(savePayoutAccount({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { name: 'Kauppa Oy', iban: IBAN, bic: '' })).rejects.toMatchObject({ code: 'forbidden' });
    await savePayoutAccount(asAdmin, { name: 'Kauppa Oy', iban: 'fi21 1234 5600 0007 85', bic: 'NDEAFIHH' });

    const exported = await exportPayoutBatch(asAdmin);
    expect(exported.count).toBeGreaterThanOrEqual(2);
    const [batch] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, exported.batchId));
    expect(batch!.status).toBe('exported');
    // Kept sealed; the download opens it.
    expect(batch!.fileXml).toMatch(/^enc:v1:/);
    expect(batch!.fileXml).not.toContain('SE4550000000058398257466');
    const xml = (await payoutBatchFile(asAdmin, exported.batchId))!.xml;
    const lint = xmllint(xml);
    expect(lint.output).toContain('validates');
    expect(lint.ok).toBe(true);
    expect(xml).toContain(`<MsgId>${exported.messageId}</MsgId>`);
    expect(xml).toContain('<DbtrAcct><Id><IBAN>FI2112345600000785</IBAN></Id></DbtrAcct>');
    expect(xml).toContain('<IBAN>SE4550000000058398257466</IBAN>');
    expect(xml).toContain('<Nm>Asa Oberg</Nm>');
    expect(xml).toContain('<BICFI>ESSESESS</BICFI>');
    expect(xml).toContain(`return ${a.rma}`);

    // Staff see masked IBANs only.
    const listed = (await readPayoutBatches(db)).find((x) => x.id === exported.batchId)!;
    expect(listed.items.map((i) => i.ibanMasked)).toEqual(expect.arrayContaining(['SE45 **** **** 7466', 'NO93 **** **** 7947']));
    expect(JSON.stringify(listed)).not.toContain('SE4550000000058398257466');

    // A refund queued after the export goes into a new open batch, not into the exported file.
    const c = await returnWithAccount();
    await bankTransferRail.execute(db, attempt(c), new AbortController().signal);
    const [cItem] = await db.select().from(payoutItems).where(eq(payoutItems.refundId, c.refundId));
    expect(cItem!.batchId).not.toBe(exported.batchId);

    await expect(markPayoutBatchPaid({ db, actor: { type: 'staff', staffId: agent.id, role: 'agent' } }, { batchId: exported.batchId })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(markPayoutBatchPaid(asAdmin, { batchId: cItem!.batchId })).rejects.toMatchObject({ code: 'invalid_state', details: { reason: 'notExported' } });
    const paid = await markPayoutBatchPaid(asAdmin, { batchId: exported.batchId });
    expect(paid.alreadyPaid).toBe(false);
    const paidEvents = async () =>
      (await db.select().from(domainEvents).where(and(eq(domainEvents.type, 'payout_batch.paid'), eq(domainEvents.audience, 'public')))).filter((e) => (e.data as { batchId: string }).batchId === exported.batchId);
    const [event] = await paidEvents();
    expect((event!.data as { refundIds: string[] }).refundIds).toEqual(expect.arrayContaining([a.refundId, b.refundId]));
    expect((event!.data as { refundIds: string[] }).refundIds).not.toContain(c.refundId);
    const again = await markPayoutBatchPaid(asAdmin, { batchId: exported.batchId });
    expect(again.alreadyPaid).toBe(true);
    expect(await paidEvents()).toHaveLength(1);
    // The ledger's subscriber settles the batch's refunds (and only them), once.
    await db.transaction((tx) => bankTransferPaidSubscriber.handle(tx, event! as never));
    await db.transaction((tx) => bankTransferPaidSubscriber.handle(tx, event! as never));
    const statusOf = async (id: string) => (await db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, id)))[0]!.status;
    expect([await statusOf(a.refundId), await statusOf(b.refundId), await statusOf(c.refundId)]).toEqual(['succeeded', 'succeeded', 'processing']);
    const succeededEvents = (await db.select().from(domainEvents).where(and(eq(domainEvents.type, 'refund.succeeded'), eq(domainEvents.audience, 'public')))).filter((e) => (e.data as { refundId: string }).refundId === a.refundId);
    expect(succeededEvents).toHaveLength(1);
    const [after] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, exported.batchId));
    expect(after).toMatchObject({ status: 'paid', paidByStaffId: admin.id });
    const audit = (await db.select().from(caseEvents).where(eq(caseEvents.type, 'payout_batch.paid'))).filter((e) => (e.data as { batchId?: string }).batchId === exported.batchId);
    expect(audit).toHaveLength(1);
  });
});

describe('the worker executes a bank-transfer refund on this rail', () => {
  // Regression: the executor handed rails the refund row where the database belongs, so the bank-transfer rail
  // could never queue a payout ("db.select is not a function") and the refund ended in "Refund failed".
  it('runRefundExecutor queues a requested refund of an invoice order into the open SEPA batch (processing, one item)', async () => {
    const order = await invoiceOrder();
    const request = returnRequest(order, [{ orderLineId: order.lines[0]!.id }], { refundAccount: { holder: 'Aino Virtanen', iban: 'FI21 1234 5600 0007 85', bic: '' } });
    const submitted = await submitReturn(customer(order.id), { orderId: order.id, request, timeZone: 'Europe/Helsinki' });
    // What completing the return leaves for the worker: a requested refund, no rail chosen yet.
    const [refund] = await db.insert(refunds).values({ orderId: order.id, returnId: submitted.returnId, amount: 4990, currency: 'EUR' }).returning();
    const result = await runRefundExecutor(db, order.id);
    expect(result).toEqual({ succeeded: 0, processing: 1, retrying: 0, failed: 0 });
    const [row] = await db.select().from(refunds).where(eq(refunds.id, refund!.id));
    expect(row).toMatchObject({ status: 'processing', rail: 'bank_transfer', providerReference: expect.stringMatching(/^payout-item:/) });
    expect(await db.select().from(payoutItems).where(eq(payoutItems.refundId, refund!.id))).toHaveLength(1);
  });
});
