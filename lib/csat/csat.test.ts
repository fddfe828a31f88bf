import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, csatOptOuts, csatResponses, outbox, settings } from '@/db/schema';
import { testDb } from '@/test/db';
import { createStaff } from '@/test/staff-factories';
import { createDeliveryCase } from '@/test/staff2-factories';
import { queueCsatSurvey } from './queue-csat-survey';
import { resendCsatSurvey } from './resend-csat-survey';
import { csatLinkState, optOutOfCsat, recordCsatComment, recordCsatScore } from './respond-csat';
import { csatReport } from './queries';

const db = testDb();
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: string }) => e.code);

/** A resolved case and its survey; the token is read back from the queued email's first link. */
async function resolvedCaseWithSurvey(assigneeId?: string) {
  const { caseId } = await createDeliveryCase(db);
  await db.update(cases).set({ status: 'resolved', resolvedAt: new Date(), assigneeId: assigneeId ?? null }).where(eq(cases.id, caseId));
  const outcome = await db.transaction((tx) => queueCsatSurvey(tx, { caseId, actor: { type: 'system' } }));
  return { caseId, outcome, token: await latestToken(caseId) };
}
async function surveys(caseId: string) {
  return db.select().from(outbox).where(and(eq(outbox.caseId, caseId), eq(outbox.kind, 'email.csat_survey'))).orderBy(outbox.createdAt);
}
async function latestToken(caseId: string): Promise<string> {
  const mails = await surveys(caseId);
  const text = mails.at(-1)?.payload.text ?? '';
  return /\/csat\/([A-Za-z0-9_-]{43})\?score=1/.exec(text)?.[1] ?? '';
}

describe('CSAT', () => {
  it('one service email with five one-click links and an opt-out link, in the customer language', async () => {
    const { caseId, outcome, token } = await resolvedCaseWithSurvey();
    expect(outcome).toBe('queued');
    const [mail] = await surveys(caseId);
    expect(mail!.locale).toBe('fi');
    for (let s = 1; s <= 5; s++) expect(mail!.payload.html).toContain(`/fi/csat/${token}?score=${s}`);
    expect(mail!.payload.html).toContain(`/fi/csat/${token}/opt-out`);
    expect(mail!.payload.headers?.['List-Unsubscribe']).toContain('/opt-out');
    // Resolving again (or a retried use case) sends nothing more.
    expect(await db.transaction((tx) => queueCsatSurvey(tx, { caseId, actor: { type: 'system' } }))).toBe('already_sent');
    expect(await surveys(caseId)).toHaveLength(1);
  });

  it('records the score once; a second click changes nothing; a comment once after the score', async () => {
    const { caseId, token } = await resolvedCaseWithSurvey();
    expect(await csatLinkState(db, token)).toEqual({ status: 'open' });
    expect(await recordCsatScore(db, { token, score: 4 })).toEqual({ recorded: true });
    expect(await recordCsatScore(db, { token, score: 1 })).toEqual({ recorded: false });
    const [row] = await db.select().from(csatResponses).where(eq(csatResponses.caseId, caseId));
    expect(row!.score).toBe(4);
    expect(await csatLinkState(db, token)).toEqual({ status: 'answered', score: 4, commented: false });
    await recordCsatComment(db, { token, comment: 'Quick and friendly' });
    expect(await codeOf(recordCsatComment(db, { token, comment: 'Changed my mind' }))).toBe('invalid_state');
    expect((await db.select().from(csatResponses).where(eq(csatResponses.caseId, caseId)))[0]!.comment).toBe('Quick and friendly');
  });

  it('an unknown or malformed token is not found and records nothing', async () => {
    expect(await csatLinkState(db, 'x'.repeat(43))).toEqual({ status: 'invalid' });
    expect(await csatLinkState(db, '../../etc')).toEqual({ status: 'invalid' });
    expect(await codeOf(recordCsatScore(db, { token: 'y'.repeat(43), score: 5 }))).toBe('not_found');
    await expect(recordCsatScore(db, { token: 'short', score: 5 })).rejects.toThrow();
  });

  it('re-send: a new link replaces the old one; refused once answered or while the case is open', async () => {
    const agent = await createStaff(db);
    const ctx = { db, actor: { type: 'staff' as const, staffId: agent.id, role: 'agent' as const } };
    const { caseId, token: first } = await resolvedCaseWithSurvey(agent.id);
    await resendCsatSurvey(ctx, { caseId });
    const second = await latestToken(caseId);
    expect(second).not.toBe(first);
    expect(await surveys(caseId)).toHaveLength(2);
    expect(await csatLinkState(db, first)).toEqual({ status: 'invalid' });
    await recordCsatScore(db, { token: second, score: 5 });
    expect(await codeOf(resendCsatSurvey(ctx, { caseId }))).toBe('invalid_state');

    const open = await createDeliveryCase(db);
    expect(await codeOf(resendCsatSurvey(ctx, { caseId: open.caseId }))).toBe('invalid_state');
    expect(await codeOf(resendCsatSurvey({ db, actor: { type: 'system' } }, { caseId }))).toBe('forbidden'); // the worker holds no staff permission (one authorize(), issue #13)
  });

  it('opt-out: no further surveys to that address', async () => {
    const { caseId, token } = await resolvedCaseWithSurvey();
    await optOutOfCsat(db, { token });
    await optOutOfCsat(db, { token }); // twice is harmless
    const [kase] = await db.select().from(cases).where(eq(cases.id, caseId));
    expect(await db.select().from(csatOptOuts).where(eq(csatOptOuts.email, kase!.customerEmail.toLowerCase()))).toHaveLength(1);
    // Another case of the same customer, resolved later: no survey.
    const [other] = await db
      .insert(cases)
      .values({ type: 'question', subject: 'Another question', customerEmail: kase!.customerEmail.toUpperCase(), locale: 'fi', status: 'resolved' })
      .returning();
    expect(await db.transaction((tx) => queueCsatSurvey(tx, { caseId: other!.id, actor: { type: 'system' } }))).toBe('opted_out');
    expect(await surveys(other!.id)).toHaveLength(0);
  });

  it('a shop with surveys off sends none', async () => {
    const { caseId } = await createDeliveryCase(db);
    // The setting is shop-wide: flip it inside a transaction we roll back, so parallel tests never see it.
    let outcome: string | undefined;
    await db
      .transaction(async (tx) => {
        await tx.insert(settings).values({ key: 'csat', value: { enabled: false } }).onConflictDoUpdate({ target: settings.key, set: { value: { enabled: false } } });
        outcome = await queueCsatSurvey(tx, { caseId, actor: { type: 'system' } });
        tx.rollback();
      })
      .catch(() => undefined);
    expect(outcome).toBe('disabled');
    expect(await surveys(caseId)).toHaveLength(0);
  });

  it('reports per agent and overall', async () => {
    const agent = await createStaff(db, { name: `CSAT agent ${Date.now()}` });
    const a = await resolvedCaseWithSurvey(agent.id);
    const b = await resolvedCaseWithSurvey(agent.id);
    await resolvedCaseWithSurvey(agent.id);
    await recordCsatScore(db, { token: a.token, score: 5 });
    await recordCsatScore(db, { token: b.token, score: 2 });
    const report = await csatReport(db);
    const mine = report.agents.find((r) => r.agentId === agent.id)!;
    expect(mine).toMatchObject({ sent: 3, answers: 2, average: 3.5, satisfied: 1 });
    expect(report.overall.answers).toBeGreaterThanOrEqual(2);
  });
});
