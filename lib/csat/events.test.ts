import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, outbox } from '@/db/schema';
import { testDb } from '@/test/db';
import { eventsOf } from '@/test/events';
import { createDeliveryCase } from '@/test/staff2-factories';
import { queueCsatSurvey } from './queue-csat-survey';
import { recordCsatScore } from './respond-csat';

const db = testDb();

describe('csat domain events', () => {
  it('an answer writes csat.answered with the score; a second answer (refused) and an unknown token write nothing', async () => {
    const { caseId } = await createDeliveryCase(db);
    await db.update(cases).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(cases.id, caseId));
    await db.transaction((tx) => queueCsatSurvey(tx, { caseId, actor: { type: 'system' } }));
    const [mail] = await db.select().from(outbox).where(and(eq(outbox.caseId, caseId), eq(outbox.kind, 'email.csat_survey')));
    const token = /\/csat\/([A-Za-z0-9_-]{43})\?score=1/.exec(mail!.payload.text)![1]!;

    expect(await recordCsatScore(db, { token, score: 4 })).toEqual({ recorded: true });
    expect(await recordCsatScore(db, { token, score: 1 })).toEqual({ recorded: false });
    await expect(recordCsatScore(db, { token: 'y'.repeat(43), score: 5 })).rejects.toThrow();
    const events = await eventsOf(db, { caseId, types: ['csat.answered'] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'customer', data: { caseId, score: 4 } });
  });
});
