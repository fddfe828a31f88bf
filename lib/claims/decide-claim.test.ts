import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseEvents, cases, claims, orderLines, outbox } from '@/db/schema';
import { testDb, uniqueId } from '@/test/db';
import { createOrder } from '@/test/factories';
import { createStaff } from '@/test/staff-factories';
import { decideClaim } from './decide-claim';
import { submitClaim } from './submit-claim';

const db = testDb();
const asStaff = (s: { id: string; role: 'agent' | 'admin' }) => ({ db, actor: { type: 'staff' as const, staffId: s.id, role: s.role } });

async function openClaim(locale: 'fi' | 'sv' | 'en' | 'da' | 'nb') {
  const order = await createOrder(db, locale === 'da' || locale === 'nb' ? 'en' : locale);
  const [sweater] = await db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(orderLines.position);
  const { claimId, caseNumber } = await submitClaim(
    { db, actor: { type: 'customer', orderId: order.id } },
    { orderId: order.id, locale, type: 'damaged', lines: [{ orderLineId: sweater!.id, quantity: 1 }], description: 'Broken zip', remedy: 'replacement', idempotencyKey: uniqueId('idem') },
  );
  return { order, claimId, caseNumber };
}

describe('decideClaim', () => {
  it('accepting: the claim is approved, the case has an audit row, the customer gets the decision and when to expect what, in their language', async () => {
    const agent = await createStaff(db);
    const { order, claimId, caseNumber } = await openClaim('fi');
    await decideClaim(asStaff(agent), { claimId, decision: 'approved', remedy: 'replacement', message: 'Pahoittelut vetoketjusta!' });

    const [claim] = await db.select().from(claims).where(eq(claims.id, claimId));
    expect(claim!.status).toBe('approved');
    const [claimCase] = await db.select().from(cases).where(eq(cases.claimId, claimId));
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, claimCase!.id));
    expect(events.find((e) => e.type === 'claim.decided')).toMatchObject({ actorType: 'staff', actorId: agent.id, data: { claimId, decision: 'approved', remedy: 'replacement' } });

    const [mail] = await db.select().from(outbox).where(eq(outbox.dedupeKey, `claim:${claimId}:answered`));
    expect(mail).toMatchObject({ recipient: order.email, kind: 'claim_answered', caseId: claimCase!.id, locale: 'fi' });
    expect(mail!.subject).toContain(order.orderNumber);
    expect(mail!.payload.text).toContain('Hyväksymme ilmoituksesi');
    expect(mail!.payload.text).toContain('Mitä saat: Uusi tuote tilalle');
    expect(mail!.payload.text).toContain('Pahoittelut vetoketjusta!');
    expect(mail!.payload.text).toContain('2 arkipäivän kuluessa');
    expect(mail!.payload.text).toContain(String(caseNumber));
    expect(mail!.payload.text).toContain(`/fi/orders/${order.orderNumber}/claims/${claimId}`);
    expect(mail!.payload.html).toContain('Hyväksymme ilmoituksesi');
  });

  it('declining needs a reason, which the customer reads with how to disagree; in Swedish', async () => {
    const agent = await createStaff(db);
    const { claimId } = await openClaim('sv');
    await expect(decideClaim(asStaff(agent), { claimId, decision: 'rejected', remedy: null, message: '  ' })).rejects.toThrow();
    expect((await db.select().from(claims).where(eq(claims.id, claimId)))[0]!.status).toBe('open');
    expect(await db.select().from(outbox).where(eq(outbox.dedupeKey, `claim:${claimId}:answered`))).toHaveLength(0);

    await decideClaim(asStaff(agent), { claimId, decision: 'rejected', remedy: null, message: 'Skadan syns inte på bilderna.' });
    const [mail] = await db.select().from(outbox).where(eq(outbox.dedupeKey, `claim:${claimId}:answered`));
    expect(mail!.payload.text).toContain('Vi har gått igenom din anmälan');
    expect(mail!.payload.text).toContain('Skadan syns inte på bilderna.');
    expect(mail!.payload.text).toContain('svara på det här mejlet');
    expect((await db.select().from(claims).where(eq(claims.id, claimId)))[0]!.status).toBe('rejected');
  });

  it('accepting without saying what the customer gets changes nothing', async () => {
    const agent = await createStaff(db);
    const { claimId } = await openClaim('en');
    await expect(decideClaim(asStaff(agent), { claimId, decision: 'approved', remedy: null, message: '' })).rejects.toThrow();
    expect((await db.select().from(claims).where(eq(claims.id, claimId)))[0]!.status).toBe('open');
  });

  it('answers once: a second answer (another agent, a double click) is a conflict and sends no second email', async () => {
    const agent = await createStaff(db);
    const { claimId } = await openClaim('en');
    const results = await Promise.allSettled([
      decideClaim(asStaff(agent), { claimId, decision: 'approved', remedy: 'refund', message: '' }),
      decideClaim(asStaff(agent), { claimId, decision: 'rejected', remedy: null, message: 'No' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    expect(await db.select().from(outbox).where(eq(outbox.dedupeKey, `claim:${claimId}:answered`))).toHaveLength(1);
  });

  it('only staff answer claims', async () => {
    const { order, claimId } = await openClaim('en');
    await expect(decideClaim({ db, actor: { type: 'customer', orderId: order.id } }, { claimId, decision: 'approved', remedy: 'refund', message: '' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
