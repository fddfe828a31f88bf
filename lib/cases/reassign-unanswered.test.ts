import { eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, settings, staffUsers } from '@/db/schema';
import { testDb } from '@/test/db';
import { createCase, createStaff } from '@/test/staff-factories';
import { reassignUnanswered } from './reassign-unanswered';

const db = testDb();

describe('reassignment without a first response', () => {
  afterAll(async () => {
    await db.delete(settings).where(eq(settings.key, 'sla'));
  });

  it('moves an unanswered assigned case to another available agent after the configured time, once', async () => {
    const a = await createStaff(db);
    const b = await createStaff(db);
    // Only our two agents are available for this test's round-robin.
    await db.update(staffUsers).set({ isAvailable: false }).where(eq(staffUsers.role, 'agent'));
    await db.update(staffUsers).set({ isAvailable: true }).where(inArray(staffUsers.id, [a.id, b.id]));
    const c = await createCase(db);
    await db.update(cases).set({ assigneeId: a.id, createdAt: new Date(Date.now() - 3 * 3600_000) }).where(eq(cases.id, c.id));
    await db.insert(settings).values({ key: 'sla', value: { reassignAfterMinutes: 60 } }).onConflictDoUpdate({ target: settings.key, set: { value: { reassignAfterMinutes: 60 } } });

    expect(await reassignUnanswered(db)).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(cases).where(eq(cases.id, c.id));
    expect(row!.assigneeId).toBe(b.id);
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.find((e) => e.type === 'case.reassigned')?.data).toMatchObject({ from: a.id, to: b.id, reason: 'no_first_response' });
    // Just reassigned: not moved again on the next run.
    await reassignUnanswered(db);
    expect((await db.select().from(cases).where(eq(cases.id, c.id)))[0]!.assigneeId).toBe(b.id);
    await db.update(staffUsers).set({ isAvailable: true }).where(eq(staffUsers.role, 'agent'));
  });
});
